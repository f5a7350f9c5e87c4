import torch

from lrlab.atlas import checked_curve
from lrlab.formulas import constant_lr

print(
    checked_curve(
        "ConstantLR(factor=0.25, total_iters=8), lr=0.1",
        lambda opt: torch.optim.lr_scheduler.ConstantLR(
            opt, factor=0.25, total_iters=8
        ),
        lambda t: constant_lr(t, lr=0.1, factor=0.25, total_iters=8),
        steps=20,
        lr=0.1,
        formula_name="lr · factor, then lr",
    )
)
