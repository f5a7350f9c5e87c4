import textwrap

import torch

S = torch.optim.lr_scheduler
param = torch.nn.Parameter(torch.zeros(1))
optimizer = torch.optim.SGD([param], lr=0.1)
warmup = S.LinearLR(optimizer, start_factor=0.1, total_iters=5)
plateau = S.ReduceLROnPlateau(optimizer)  # needs a metric at every step
try:
    S.SequentialLR(optimizer, schedulers=[warmup, plateau], milestones=[5])
except ValueError as error:
    print(textwrap.fill(f"ValueError: {error}", 80, break_on_hyphens=False))
else:
    raise AssertionError("SequentialLR accepted ReduceLROnPlateau")
