import torch
from torch.optim.lr_scheduler import ConstantLR, LinearLR, SequentialLR

# Batch 32 trained at 0.1; batch 128 gets the linearly scaled rate, reached
# by a warm-up over 10 steps from a tenth of it, then held.
lr = 0.1 * 128 / 32
optimizer = torch.optim.SGD(
    [torch.nn.Parameter(torch.zeros(1))], lr=lr, momentum=0.9
)
ramp = LinearLR(optimizer, start_factor=0.1, total_iters=10)
hold = ConstantLR(optimizer, factor=1.0, total_iters=0)
scheduler = SequentialLR(optimizer, [ramp, hold], milestones=[10])

used = []
for step in range(12):
    # the rate this step uses
    used.append(optimizer.param_groups[0]["lr"])
    optimizer.step()
    scheduler.step()
print("steps 1-6: ", ", ".join(f"{rate:.3g}" for rate in used[:6]))
print("steps 7-12:", ", ".join(f"{rate:.3g}" for rate in used[6:]))
print(f"{used[5]:.3g}")
