import torch

from lrlab.digits import SCHEDULES

# The lesson's OneCycle schedule (PyTorch's OneCycleLR defaults) over a
# 450-step budget (10 epochs of 45 batches), peak 0.3.
optimizer = torch.optim.SGD(
    [torch.nn.Parameter(torch.zeros(1))], lr=0.3, momentum=0.9
)
scheduler = SCHEDULES["OneCycle"](optimizer, 450)

used = []
for step in range(450):
    # the rate this step uses
    used.append(optimizer.param_groups[0]["lr"])
    optimizer.step()
    scheduler.step()
first_peak = next(
    n for n, lr in enumerate(used, start=1) if lr >= 0.3 * (1 - 1e-12)
)
print(f"step 1: {used[0]:.3g}   highest: {max(used):.3g}", end="   ")
print(f"step 450: {used[-1]:.3g}")
print(first_peak)
