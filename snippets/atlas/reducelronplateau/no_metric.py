import textwrap

import torch

param = torch.nn.Parameter(torch.zeros(1))
optimizer = torch.optim.SGD([param], lr=0.1)
scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer)
optimizer.step()
try:
    scheduler.step()  # no metric
except TypeError as error:
    print(textwrap.fill(f"TypeError: {error}", 80, break_on_hyphens=False))
else:
    raise AssertionError("ReduceLROnPlateau stepped without a metric")
