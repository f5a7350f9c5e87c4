import textwrap

import torch

S = torch.optim.lr_scheduler
param = torch.nn.Parameter(torch.zeros(1))
optimizer = torch.optim.SGD([param], lr=0.1)
plateau = S.ReduceLROnPlateau(optimizer)  # needs a metric at every step
try:
    S.ChainedScheduler([S.ExponentialLR(optimizer, gamma=0.9), plateau])
except ValueError as error:
    print(textwrap.fill(f"ValueError: {error}", 80, break_on_hyphens=False))
else:
    raise AssertionError("ChainedScheduler accepted ReduceLROnPlateau")
