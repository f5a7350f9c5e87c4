import torch

model = torch.nn.Linear(1, 1)
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
scheduler = torch.optim.lr_scheduler.ExponentialLR(optimizer, gamma=0.9)

# ExponentialLR multiplies the rate by gamma at every scheduler.step().
for epoch in range(1, 7):
    lr_used = optimizer.param_groups[0]["lr"]
    optimizer.step()  # (a real loop computes the loss and backward() first)
    scheduler.step()
    print(f"epoch {epoch}: lr used = {lr_used:.6f}")
