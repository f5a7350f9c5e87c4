import torch

model = torch.nn.Linear(1, 1)
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
scheduler = torch.optim.lr_scheduler.ExponentialLR(optimizer, gamma=0.9)

for epoch in range(3):
    optimizer.step()  # one epoch of training
    scheduler.step()

print(f"{optimizer.param_groups[0]['lr']:.5f}")
