import textwrap

import torch

param = torch.nn.Parameter(torch.zeros(1))
optimizer = torch.optim.SGD([param], lr=0.1)
scheduler = torch.optim.lr_scheduler.OneCycleLR(
    optimizer, max_lr=1.0, total_steps=5
)

# Two batches more than total_steps: batch 6 trains at an extrapolated rate,
# and the scheduler.step() after it raises.
for batch in range(1, 8):
    print(
        f"batch {batch}: trains at lr = {optimizer.param_groups[0]['lr']:.6f}"
    )
    optimizer.step()
    try:
        scheduler.step()
    except ValueError as error:
        print(
            textwrap.fill(f"ValueError: {error}", 80, break_on_hyphens=False)
        )
        break
else:
    raise AssertionError(
        "OneCycleLR was stepped past total_steps without an error"
    )
