import textwrap

import torch

param = torch.nn.Parameter(torch.zeros(1))
sgd = torch.optim.SGD([param], lr=0.1)  # plain SGD: momentum 0
print(f"SGD momentum before CyclicLR: {sgd.param_groups[0]['momentum']}")
torch.optim.lr_scheduler.CyclicLR(
    sgd, base_lr=0.01, max_lr=0.1, step_size_up=2
)
print(f"SGD momentum after CyclicLR:  {sgd.param_groups[0]['momentum']}")

adagrad = torch.optim.Adagrad([param], lr=0.1)  # no momentum, no betas
try:
    torch.optim.lr_scheduler.CyclicLR(
        adagrad, base_lr=0.01, max_lr=0.1, step_size_up=2
    )
except ValueError as error:
    print(textwrap.fill(f"ValueError: {error}", 80, break_on_hyphens=False))
else:
    raise AssertionError("CyclicLR accepted an optimizer without momentum")
