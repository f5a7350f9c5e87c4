import textwrap
import warnings

import torch

from lrlab.tables import table


def rates_used(scheduler_first):
    """The rate each of 5 epochs trains at, and the warnings PyTorch gave."""
    param = torch.nn.Parameter(torch.zeros(1))
    optimizer = torch.optim.SGD([param], lr=0.1)
    scheduler = torch.optim.lr_scheduler.StepLR(
        optimizer, step_size=2, gamma=0.5
    )
    used = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for _ in range(5):
            if scheduler_first:
                scheduler.step()
            used.append(optimizer.param_groups[0]["lr"])
            optimizer.step()
            if not scheduler_first:
                scheduler.step()
    return used, [f"{w.category.__name__}: {w.message}" for w in caught]


right, right_warnings = rates_used(scheduler_first=False)
wrong, wrong_warnings = rates_used(scheduler_first=True)
rows = [
    [str(epoch), f"{a:.4f}", f"{b:.4f}"]
    for epoch, (a, b) in enumerate(zip(right, wrong), start=1)
]
print(
    table(["epoch", "optimizer.step() first", "scheduler.step() first"], rows)
)
print(f"\nwarnings, optimizer.step() first: {len(right_warnings)}")
print(f"warnings, scheduler.step() first: {len(wrong_warnings)}")
for message in wrong_warnings:
    print(textwrap.fill(message, 80, break_on_hyphens=False))
