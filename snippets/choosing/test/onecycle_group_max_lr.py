import torch
from torch.optim.lr_scheduler import OneCycleLR

body = torch.nn.Parameter(torch.zeros(3))
head = torch.nn.Parameter(torch.zeros(2))
optimizer = torch.optim.SGD(
    [{"params": [body], "lr": 1e-3}, {"params": [head], "lr": 1e-2}],
    momentum=0.9,
)
scheduler = OneCycleLR(optimizer, max_lr=[4e-3, 4e-2], total_steps=100)

# the rates step 1 uses
first = [group["lr"] for group in optimizer.param_groups]
used = []
for step in range(100):
    used.append([group["lr"] for group in optimizer.param_groups])
    optimizer.step()
    scheduler.step()
peaks = [max(rates) for rates in zip(*used)]
print(f"peaks: body {peaks[0]:.3g}, head {peaks[1]:.3g}")
print(f"body {first[0]:.2g}, head {first[1]:.2g}")
