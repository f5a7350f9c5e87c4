import torch

param = torch.nn.Parameter(torch.zeros(1))
optimizer = torch.optim.SGD([param], lr=0.1, momentum=0.9)
scheduler = torch.optim.lr_scheduler.CyclicLR(
    optimizer, base_lr=0.01, max_lr=0.1, step_size_up=2
)

for batch in range(1, 8):
    group = optimizer.param_groups[0]
    lr_used, momentum_used = group["lr"], group["momentum"]
    optimizer.step()  # in a real loop: after loss.backward()
    scheduler.step()
    print(f"batch {batch}: lr = {lr_used:.4f}, momentum = {momentum_used:.4f}")
