import torch

from lrlab.atlas import checked_curve
from lrlab.formulas import cosine_warm_restarts_lr

print(
    checked_curve(
        "CosineAnnealingWarmRestarts(T_0=10, T_mult=2, eta_min=0.001), lr=0.1",
        lambda opt: torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(
            opt, T_0=10, T_mult=2, eta_min=0.001
        ),
        lambda t: cosine_warm_restarts_lr(
            t, lr=0.1, T_0=10, T_mult=2, eta_min=0.001
        ),
        steps=70,
        lr=0.1,
        formula_name="η_min + (lr − η_min)(1 + cos(π T_cur / T_i)) / 2",
    )
)
