import torch
from torch.optim.lr_scheduler import CosineAnnealingLR

body = torch.nn.Parameter(torch.zeros(3))
head = torch.nn.Parameter(torch.zeros(2))
optimizer = torch.optim.SGD(
    [{"params": [body], "lr": 1e-3}, {"params": [head], "lr": 1e-2}],
    momentum=0.9,
)
scheduler = CosineAnnealingLR(optimizer, T_max=10, eta_min=5e-4)

for step in range(10):
    optimizer.step()
    scheduler.step()
    if step in (0, 4, 9):
        body_lr, head_lr = (group["lr"] for group in optimizer.param_groups)
        print(f"after {step + 1:2d} steps:", end=" ")
        print(f"body {body_lr:.3g}, head {head_lr:.3g}")
print(f"{head_lr / body_lr:.3g}")
