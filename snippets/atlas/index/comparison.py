import torch

from lrlab.atlas import comparison_svg
from lrlab.plots import chart
from lrlab.training import lr_schedule

S = torch.optim.lr_scheduler
STEPS = 60


def warmup_cosine(opt):
    warmup = S.LinearLR(opt, start_factor=0.1, total_iters=6)
    cosine = S.CosineAnnealingLR(opt, T_max=STEPS - 6)
    return S.SequentialLR(opt, [warmup, cosine], milestones=[6])


# Six schedules from the same starting rate (OneCycleLR: the same peak), on
# one shared step axis.
schedules = {
    "StepLR(20, 0.5)": lambda opt: S.StepLR(opt, step_size=20, gamma=0.5),
    "ExponentialLR(0.95)": lambda opt: S.ExponentialLR(opt, gamma=0.95),
    "CosineAnnealingLR(60)": lambda opt: S.CosineAnnealingLR(opt, T_max=STEPS),
    "warm-up 6 + cosine": warmup_cosine,
    "OneCycleLR(0.1, 60)": lambda opt: S.OneCycleLR(
        opt, max_lr=0.1, total_steps=STEPS
    ),
    "WarmRestarts(T_0=20)": lambda opt: S.CosineAnnealingWarmRestarts(
        opt, T_0=20
    ),
}
rates = {
    name: lr_schedule(factory, steps=STEPS, lr=0.1)
    for name, factory in schedules.items()
}
caption = "Six PyTorch schedules, lr=0.1, 60 steps"
rows = [
    [str(t + 1)] + [f"{r[t]:.5f}" for r in rates.values()]
    for t in range(STEPS)
]
print(chart(comparison_svg(rates, caption), caption, ["step", *rates], rows))
