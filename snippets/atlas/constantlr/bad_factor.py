import textwrap

import torch

param = torch.nn.Parameter(torch.zeros(1))
optimizer = torch.optim.SGD([param], lr=0.1)
try:
    # A factor above 1 would be a "boost", which ConstantLR does not allow.
    torch.optim.lr_scheduler.ConstantLR(optimizer, factor=2.0, total_iters=4)
except ValueError as error:
    print(textwrap.fill(f"ValueError: {error}", 80, break_on_hyphens=False))
else:
    raise AssertionError("PyTorch accepted factor=2.0")
