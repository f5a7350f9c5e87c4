import torch

param = torch.nn.Parameter(torch.zeros(1))
optimizer = torch.optim.SGD([param], lr=0.1)  # plain SGD: momentum 0
scheduler = torch.optim.lr_scheduler.OneCycleLR(
    optimizer, max_lr=1.0, total_steps=8
)

for batch in range(1, 9):
    group = optimizer.param_groups[0]
    lr_used, momentum_used = group["lr"], group["momentum"]
    optimizer.step()  # in a real loop: after loss.backward()
    scheduler.step()
    print(f"batch {batch}: lr = {lr_used:.6f}, momentum = {momentum_used:.4f}")
