import torch

model = torch.nn.Linear(1, 1)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=1, gamma=0.1)

optimizer.step()  # one epoch of training (a real loop computes a loss and calls backward() first)
scheduler.step()
print(scheduler.get_last_lr())
