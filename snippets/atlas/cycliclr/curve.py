import torch

from lrlab.atlas import checked_curve
from lrlab.formulas import cyclic_lr

print(
    checked_curve(
        "CyclicLR(base_lr=0.01, max_lr=0.1, step_size_up=5, "
        "mode='triangular2')",
        lambda opt: torch.optim.lr_scheduler.CyclicLR(
            opt, base_lr=0.01, max_lr=0.1, step_size_up=5, mode="triangular2"
        ),
        lambda t: cyclic_lr(
            t, base_lr=0.01, max_lr=0.1, step_size_up=5, mode="triangular2"
        ),
        steps=40,
        lr=0.1,
        formula_name="base_lr + (max_lr − base_lr) · height(t) · scale",
    )
)
