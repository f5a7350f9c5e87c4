import torch

model = torch.nn.Linear(1, 1)

# The optimizer owns the learning rate; the scheduler changes it.
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=10, gamma=0.5)

print("optimizer lr:        ", optimizer.param_groups[0]["lr"])
print("scheduler last lr:   ", scheduler.get_last_lr())
print("scheduler step_size: ", scheduler.step_size, " gamma:", scheduler.gamma)
