import torch

from lrlab.atlas import checked_curve
from lrlab.formulas import step_lr

print(
    checked_curve(
        "StepLR(step_size=10, gamma=0.5), lr=0.1",
        lambda opt: torch.optim.lr_scheduler.StepLR(
            opt, step_size=10, gamma=0.5
        ),
        lambda t: step_lr(t, lr=0.1, step_size=10, gamma=0.5),
        steps=40,
        lr=0.1,
        formula_name="lr · γ^⌊t / step_size⌋",
    )
)
