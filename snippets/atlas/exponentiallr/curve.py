import torch

from lrlab.atlas import checked_curve
from lrlab.formulas import exponential_lr

print(
    checked_curve(
        "ExponentialLR(gamma=0.9), lr=0.1 (log scale)",
        lambda opt: torch.optim.lr_scheduler.ExponentialLR(opt, gamma=0.9),
        lambda t: exponential_lr(t, lr=0.1, gamma=0.9),
        steps=40,
        lr=0.1,
        logy=True,
        formula_name="lr · γ^t",
    )
)
