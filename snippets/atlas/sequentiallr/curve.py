import torch

from lrlab.atlas import checked_curve
from lrlab.formulas import cosine_annealing_lr, linear_lr, sequential_lr

S = torch.optim.lr_scheduler


def warmup_then_cosine(opt):
    warmup = S.LinearLR(opt, start_factor=0.1, total_iters=5)
    cosine = S.CosineAnnealingLR(opt, T_max=25)
    return S.SequentialLR(opt, schedulers=[warmup, cosine], milestones=[5])


print(
    checked_curve(
        "SequentialLR: LinearLR(0.1, total_iters=5), then "
        "CosineAnnealingLR(T_max=25)",
        warmup_then_cosine,
        lambda t: sequential_lr(
            t,
            parts=[
                lambda s: linear_lr(
                    s, lr=0.1, start_factor=0.1, total_iters=5
                ),
                lambda s: cosine_annealing_lr(s, lr=0.1, T_max=25),
            ],
            milestones=[5],
        ),
        steps=30,
        lr=0.1,
        formula_name="f_k(t − m_k)",
    )
)
