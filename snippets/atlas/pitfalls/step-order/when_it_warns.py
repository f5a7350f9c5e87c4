import warnings

import torch

from lrlab.tables import table

StepLR = torch.optim.lr_scheduler.StepLR


def warnings_given(steps_before_scheduler, in_order_first, second_scheduler):
    """How many warnings four epochs give when every epoch (but perhaps the first)
    calls scheduler.step() before optimizer.step()."""
    param = torch.nn.Parameter(torch.zeros(1))
    optimizer = torch.optim.SGD([param], lr=0.1)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if second_scheduler:
            StepLR(
                optimizer, step_size=2
            )  # an earlier scheduler on the same optimizer
        for _ in range(steps_before_scheduler):
            optimizer.step()
        scheduler = StepLR(optimizer, step_size=2)
        for epoch in range(4):
            if epoch == 0 and in_order_first:
                optimizer.step()
                scheduler.step()
            else:
                scheduler.step()
                optimizer.step()
    return len(caught)


cases = {  # (optimizer steps before the scheduler, epoch 1 in order, earlier one)
    "scheduler first from epoch 1": (0, False, False),
    "3 optimizer steps, then the scheduler": (3, False, False),
    "epoch 1 in order, then scheduler first": (0, True, False),
    "3 steps under an earlier scheduler": (3, False, True),
}
rows = []
for name, args in cases.items():
    count = warnings_given(*args)
    rows.append([name, "yes" if count else "no", str(count)])
print(
    table(
        ["before the scheduler-first epochs", "warns?", "warnings"],
        rows,
        align="lrr",
    )
)
