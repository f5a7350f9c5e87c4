import torch

model = torch.nn.Linear(1, 1)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=10, gamma=0.5)

# Step the scheduler once per epoch for 30 epochs; note each epoch's rate.
epochs_at = {}  # rate -> the epochs that used it
for epoch in range(1, 31):
    lr_used = optimizer.param_groups[0]["lr"]
    epochs_at.setdefault(lr_used, []).append(epoch)
    optimizer.step()  # (a real loop computes the loss and backward() first)
    scheduler.step()

for lr, epochs in epochs_at.items():
    print(f"epochs {epochs[0]:2d}-{epochs[-1]:2d}: lr = {lr:.4f}")
