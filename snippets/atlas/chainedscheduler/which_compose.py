import torch

from lrlab.atlas import composes_in_chain
from lrlab.tables import table

S = torch.optim.lr_scheduler
examples = {
    "LambdaLR": lambda opt: S.LambdaLR(opt, lambda t: 0.9**t),
    "MultiplicativeLR": lambda opt: S.MultiplicativeLR(opt, lambda t: 0.9),
    "StepLR": lambda opt: S.StepLR(opt, step_size=3, gamma=0.5),
    "MultiStepLR": lambda opt: S.MultiStepLR(
        opt, milestones=[3, 6], gamma=0.5
    ),
    "ConstantLR": lambda opt: S.ConstantLR(opt, factor=0.5, total_iters=4),
    "LinearLR": lambda opt: S.LinearLR(opt, start_factor=0.2, total_iters=5),
    "ExponentialLR": lambda opt: S.ExponentialLR(opt, gamma=0.8),
    "PolynomialLR": lambda opt: S.PolynomialLR(opt, total_iters=8, power=2.0),
    "CosineAnnealingLR": lambda opt: S.CosineAnnealingLR(opt, T_max=8),
    "CosineAnnealingWarmRestarts": lambda opt: S.CosineAnnealingWarmRestarts(
        opt, T_0=4
    ),
    "CyclicLR": lambda opt: S.CyclicLR(
        opt, base_lr=0.01, max_lr=0.1, step_size_up=3
    ),
    "OneCycleLR": lambda opt: S.OneCycleLR(opt, max_lr=0.1, total_steps=12),
}


def step(opt):
    return S.StepLR(opt, step_size=2, gamma=0.5)


rows = []
for name, factory in examples.items():
    first, second = composes_in_chain(factory, step, steps=12, lr=0.1)
    rows.append(
        [name] + ["multiplies" if ok else "does not" for ok in (first, second)]
    )
print(table(["scheduler", "chained first", "chained second"], rows))
