import math

import torch

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


by_sequential = lr_schedule(sequential, STEPS)
by_lambda = lr_schedule(
    lambda opt: S.LambdaLR(opt, warmup_cosine_factor), STEPS
)
first_full = by_sequential.index(max(by_sequential))
largest_gap = max(abs(a - b) for a, b in zip(by_sequential, by_lambda))
print(
    f"Both warm-ups train the first step at {by_sequential[0]:.4f} and first "
    f"reach the full rate at step {first_full + 1}; the two schedules differ "
    f"by at most {largest_gap:.1e} over the {STEPS} steps."
)
