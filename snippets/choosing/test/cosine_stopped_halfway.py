import torch
from torch.optim.lr_scheduler import CosineAnnealingLR

# A cosine told the run is 450 steps long, from a peak of 0.3; the run is
# stopped after 225 of them.
optimizer = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.3)
scheduler = CosineAnnealingLR(optimizer, T_max=450)

used = []
for step in range(225):
    # the rate this step uses
    used.append(optimizer.param_groups[0]["lr"])
    optimizer.step()
    scheduler.step()
print(f"step 1: {used[0]:.4g}   step 225 (the last): {used[-1]:.4g}")
print(f"{used[-1] / used[0]:.2f} of the peak")
