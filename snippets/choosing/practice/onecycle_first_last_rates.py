import torch
from torch.optim.lr_scheduler import OneCycleLR

# OneCycleLR with PyTorch's defaults over a 100-step run, peaking at 0.3.
optimizer = torch.optim.SGD(
    [torch.nn.Parameter(torch.zeros(1))], lr=0.3, momentum=0.9
)
scheduler = OneCycleLR(optimizer, max_lr=0.3, total_steps=100)
group = optimizer.param_groups[0]  # OneCycleLR wrote its three rates here
for key in ("initial_lr", "max_lr", "min_lr"):
    print(f"{key}: {group[key]:.3g}")

used = []
for step in range(100):
    # the rate this step uses
    used.append(optimizer.param_groups[0]["lr"])
    optimizer.step()
    scheduler.step()
peak = max(used)
print(f"peak {peak:.3g} at step {used.index(peak) + 1}")
print(f"{used[0]:.3g} and {used[-1]:.3g}")
