import torch
from torch.optim.lr_scheduler import CosineAnnealingLR

# A cosine told the run is 100 steps long (peak 0.3, eta_min 0); the run
# goes on to step 200 with the same scheduler.
optimizer = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.3)
scheduler = CosineAnnealingLR(optimizer, T_max=100)

rate = {}
for step in range(201):
    # the rate after `step` scheduler steps
    rate[step] = optimizer.param_groups[0]["lr"]
    optimizer.step()
    scheduler.step()
for step in (0, 50, 100, 150, 200):
    print(f"after {step:3d} scheduler steps: lr {rate[step]:.4f}")

if rate[101] > 0.99 * rate[0]:
    print("jumps back to the peak right after step 100")
elif rate[200] > 0.99 * rate[0]:
    print("climbs back to the peak")
elif max(rate[s] for s in range(100, 201)) < 1e-9:
    print("stays at 0")
else:
    print("something else")
