import math

import torch
from torch.optim.lr_scheduler import CosineAnnealingLR as Cosine
from torch.optim.lr_scheduler import CyclicLR, OneCycleLR, StepLR

# Each scheduler on a fresh optimizer: body at 1e-3, head at 1e-2.
schedulers = {
    "CosineAnnealingLR": lambda opt: Cosine(opt, T_max=10, eta_min=5e-4),
    "OneCycleLR": lambda opt: OneCycleLR(opt, max_lr=1e-2, total_steps=10),
    "StepLR": lambda opt: StepLR(opt, step_size=3, gamma=0.5),
    "CyclicLR": lambda opt: CyclicLR(opt, 1e-4, 1e-2, step_size_up=5),
}
keep = []
for name, make in schedulers.items():
    body, head = torch.zeros(3), torch.zeros(2)
    groups = [{"params": [body], "lr": 1e-3}, {"params": [head]}]
    opt = torch.optim.SGD(groups, lr=1e-2, momentum=0.9)
    scheduler = make(opt)
    ratios = []
    for step in range(10):
        ratios.append(opt.param_groups[1]["lr"] / opt.param_groups[0]["lr"])
        opt.step()
        scheduler.step()
    print(f"{name}, head / body:", " ".join(f"{r:.3g}" for r in ratios))
    if all(math.isclose(r, 10) for r in ratios):
        keep.append(name)
print(", ".join(keep) or "none")
