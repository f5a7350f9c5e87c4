import textwrap

import torch

param = torch.nn.Parameter(torch.zeros(1))
optimizer = torch.optim.SGD([param], lr=0.1)
try:
    # no total_steps, and no epochs with steps_per_epoch:
    torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=1.0)
except ValueError as error:
    print(textwrap.fill(f"ValueError: {error}", 80, break_on_hyphens=False))
else:
    raise AssertionError("PyTorch accepted OneCycleLR without a step count")
