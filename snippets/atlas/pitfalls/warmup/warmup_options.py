import math

import torch

from lrlab.atlas import comparison_svg
from lrlab.plots import chart
from lrlab.training import lr_schedule

S = torch.optim.lr_scheduler
STEPS, WARMUP = 50, 5


def sequential(opt):
    warmup = S.LinearLR(opt, start_factor=0.1, total_iters=WARMUP)
    cosine = S.CosineAnnealingLR(opt, T_max=STEPS - WARMUP)
    return S.SequentialLR(opt, [warmup, cosine], milestones=[WARMUP])


def warmup_cosine_factor(t):
    if t < WARMUP:
        return 0.1 + 0.9 * t / WARMUP
    return (1 + math.cos(math.pi * (t - WARMUP) / (STEPS - WARMUP))) / 2


rates = {
    "no warm-up": lr_schedule(
        lambda opt: S.CosineAnnealingLR(opt, T_max=STEPS), STEPS
    ),
    "SequentialLR": lr_schedule(sequential, STEPS),
    "LambdaLR": lr_schedule(
        lambda opt: S.LambdaLR(opt, warmup_cosine_factor), STEPS
    ),
}
caption = (
    "Cosine decay over 50 steps, without and with a 5-step linear warm-up "
    "(lr=0.1)"
)
rows = [
    [str(t + 1)] + [f"{r[t]:.5f}" for r in rates.values()]
    for t in range(STEPS)
]
print(chart(comparison_svg(rates, caption), caption, ["step", *rates], rows))
