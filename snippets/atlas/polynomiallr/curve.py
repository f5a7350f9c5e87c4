import torch

from lrlab.atlas import checked_curve
from lrlab.formulas import polynomial_lr

print(
    checked_curve(
        "PolynomialLR(total_iters=30, power=2.0), lr=0.1",
        lambda opt: torch.optim.lr_scheduler.PolynomialLR(
            opt, total_iters=30, power=2.0
        ),
        lambda t: polynomial_lr(t, lr=0.1, total_iters=30, power=2.0),
        steps=40,
        lr=0.1,
        formula_name="lr · (1 − min(t, T)/T)^power",
    )
)
