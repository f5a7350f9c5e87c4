import torch

param = torch.nn.Parameter(torch.zeros(1))
optimizer = torch.optim.SGD([param], lr=0.1)
try:
    torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=1.0)  # no total_steps, no epochs
except ValueError as error:
    print(f"ValueError: {error}")
else:
    raise AssertionError("PyTorch accepted OneCycleLR without a step count")
