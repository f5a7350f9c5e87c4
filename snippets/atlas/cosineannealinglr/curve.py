import torch

from lrlab.atlas import checked_curve
from lrlab.formulas import cosine_annealing_lr

# Deliberately run past T_max=20 to show what happens there.
print(
    checked_curve(
        "CosineAnnealingLR(T_max=20, eta_min=0.001), lr=0.1, run for 50 steps",
        lambda opt: torch.optim.lr_scheduler.CosineAnnealingLR(
            opt, T_max=20, eta_min=0.001
        ),
        lambda t: cosine_annealing_lr(t, lr=0.1, T_max=20, eta_min=0.001),
        steps=50,
        lr=0.1,
        formula_name="η_min + (lr − η_min)(1 + cos(π t / T_max)) / 2",
    )
)
