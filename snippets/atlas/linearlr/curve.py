import torch

from lrlab.atlas import checked_curve
from lrlab.formulas import linear_lr

print(
    checked_curve(
        "LinearLR(start_factor=0.1, end_factor=1.0, total_iters=10), lr=0.1",
        lambda opt: torch.optim.lr_scheduler.LinearLR(
            opt, start_factor=0.1, end_factor=1.0, total_iters=10
        ),
        lambda t: linear_lr(
            t, lr=0.1, start_factor=0.1, end_factor=1.0, total_iters=10
        ),
        steps=20,
        lr=0.1,
        formula_name="lr · (start + (end − start) · min(t, T)/T)",
    )
)
