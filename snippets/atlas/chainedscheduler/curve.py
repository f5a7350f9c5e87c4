import torch

from lrlab.atlas import checked_curve
from lrlab.formulas import chained_lr, exponential_lr, linear_lr

S = torch.optim.lr_scheduler


def warmup_times_decay(opt):
    warmup = S.LinearLR(opt, start_factor=0.1, total_iters=10)
    decay = S.ExponentialLR(opt, gamma=0.95)
    return S.ChainedScheduler([warmup, decay])


print(
    checked_curve(
        "ChainedScheduler([LinearLR(0.1, total_iters=10), "
        "ExponentialLR(0.95)]), lr=0.1",
        warmup_times_decay,
        lambda t: chained_lr(
            t,
            lr=0.1,
            parts=[
                lambda s: linear_lr(
                    s, lr=0.1, start_factor=0.1, total_iters=10
                ),
                lambda s: exponential_lr(s, lr=0.1, gamma=0.95),
            ],
        ),
        steps=40,
        lr=0.1,
        formula_name="lr · Π_k (f_k(t) / lr)",
    )
)
