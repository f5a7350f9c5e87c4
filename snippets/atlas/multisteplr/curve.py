import torch

from lrlab.atlas import checked_curve
from lrlab.formulas import multistep_lr

print(
    checked_curve(
        "MultiStepLR(milestones=[15, 30], gamma=0.1), lr=0.1",
        lambda opt: torch.optim.lr_scheduler.MultiStepLR(
            opt, milestones=[15, 30], gamma=0.1
        ),
        lambda t: multistep_lr(t, lr=0.1, milestones=[15, 30], gamma=0.1),
        steps=40,
        lr=0.1,
        logy=True,
        formula_name="lr · γ^(number of milestones ≤ t)",
    )
)
