import torch

from lrlab.atlas import checked_curve
from lrlab.formulas import multiplicative_lr


def factor(epoch):
    return 0.5 if epoch % 10 == 0 else 0.98


print(
    checked_curve(
        "MultiplicativeLR(λ(t) = 0.5 every 10th step, else 0.98), lr=0.1",
        lambda opt: torch.optim.lr_scheduler.MultiplicativeLR(
            opt, lr_lambda=factor
        ),
        lambda t: multiplicative_lr(t, lr=0.1, factor=factor),
        steps=40,
        lr=0.1,
        formula_name="lr · λ(1) · … · λ(t)",
    )
)
