import textwrap
import warnings

import torch

param = torch.nn.Parameter(torch.zeros(1))
optimizer = torch.optim.SGD([param], lr=0.1)
scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=2, gamma=0.5)
for _ in range(2):
    optimizer.step()
    scheduler.step()

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    # get_lr() computes a rate; it does not report one
    from_get_lr = scheduler.get_lr()[0]
print(f"param_groups:  {optimizer.param_groups[0]['lr']:.4f}")
print(f"get_last_lr(): {scheduler.get_last_lr()[0]:.4f}")
print(f"get_lr():      {from_get_lr:.4f}")
for warning in caught:
    message = f"{warning.category.__name__}: {warning.message}"
    print(textwrap.fill(message, 80, break_on_hyphens=False))
