import torch

from lrlab.atlas import checked_curve
from lrlab.formulas import one_cycle_lr

print(
    checked_curve(
        "OneCycleLR(max_lr=1.0, total_steps=50), pct_start=0.3, cos",
        lambda opt: torch.optim.lr_scheduler.OneCycleLR(
            opt, max_lr=1.0, total_steps=50
        ),
        lambda t: one_cycle_lr(t, max_lr=1.0, total_steps=50),
        steps=50,
        lr=0.1,
        formula_name="the two-phase 1cycle formula",
    )
)
