import torch
from torch.optim.lr_scheduler import ConstantLR, LinearLR, SequentialLR

# A linear warm-up over 4 steps to the peak rate 0.5, then the peak held.
optimizer = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.5)
ramp = LinearLR(optimizer, start_factor=1 / 5, total_iters=4)
hold = ConstantLR(optimizer, factor=1.0, total_iters=0)
scheduler = SequentialLR(optimizer, [ramp, hold], milestones=[4])

used = []
for batch in range(6):
    # the rate this batch's step uses
    used.append(optimizer.param_groups[0]["lr"])
    optimizer.step()
    scheduler.step()

print(", ".join(f"{lr:.3g}" for lr in used))
