import torch

from lrlab.atlas import scheduler_classes
from lrlab.tables import table

# Two param groups starting at 0.1 and 0.01: does each scheduler keep their ratio (10) at every
# one of 30 steps? ReduceLROnPlateau is given a metric that never improves.
sched = torch.optim.lr_scheduler
schedulers = {
    "LambdaLR": lambda o: sched.LambdaLR(o, lambda s: 0.9**s),
    "MultiplicativeLR": lambda o: sched.MultiplicativeLR(o, lambda s: 0.9),
    "StepLR": lambda o: sched.StepLR(o, step_size=5, gamma=0.5),
    "MultiStepLR": lambda o: sched.MultiStepLR(o, milestones=[10, 20]),
    "ConstantLR": lambda o: sched.ConstantLR(o, factor=0.5, total_iters=5),
    "LinearLR": lambda o: sched.LinearLR(o, start_factor=0.1, total_iters=10),
    "ExponentialLR": lambda o: sched.ExponentialLR(o, gamma=0.9),
    "PolynomialLR": lambda o: sched.PolynomialLR(o, total_iters=30, power=2.0),
    "CosineAnnealingLR, eta_min=0": lambda o: sched.CosineAnnealingLR(
        o, T_max=30
    ),
    "CosineAnnealingLR, eta_min=0.001": lambda o: sched.CosineAnnealingLR(
        o, T_max=30, eta_min=0.001
    ),
    "CosineAnnealingWarmRestarts": lambda o: sched.CosineAnnealingWarmRestarts(
        o, T_0=10
    ),
    "CyclicLR, one base_lr": lambda o: sched.CyclicLR(
        o, base_lr=0.001, max_lr=[0.1, 0.01]
    ),
    "OneCycleLR, max_lr list": lambda o: sched.OneCycleLR(
        o, max_lr=[0.1, 0.01], total_steps=30
    ),
    "ReduceLROnPlateau, patience=5": lambda o: sched.ReduceLROnPlateau(
        o, patience=5
    ),
    "ReduceLROnPlateau, patience=2": lambda o: sched.ReduceLROnPlateau(
        o, patience=2
    ),
    "SequentialLR of LinearLR, ExponentialLR": lambda o: sched.SequentialLR(
        o,
        [
            sched.LinearLR(o, start_factor=0.1, total_iters=5),
            sched.ExponentialLR(o, gamma=0.9),
        ],
        milestones=[5],
    ),
    "ChainedScheduler of ConstantLR, ExponentialLR": lambda o: (
        sched.ChainedScheduler(
            [
                sched.ConstantLR(o, factor=0.5, total_iters=5),
                sched.ExponentialLR(o, gamma=0.9),
            ]
        )
    ),
}
# every scheduler class of the installed torch is in the table (a new one fails the build)
missing = set(scheduler_classes()) - {
    name.split(",")[0].split()[0] for name in schedulers
}
if missing:
    raise LookupError(
        f"schedulers missing from the table: {', '.join(sorted(missing))}"
    )

rows = []
for name, build in schedulers.items():
    param_a, param_b = (
        torch.nn.Parameter(torch.zeros(1)),
        torch.nn.Parameter(torch.zeros(1)),
    )
    groups = [
        {"params": [param_a], "lr": 0.1},
        {"params": [param_b], "lr": 0.01},
    ]
    optimizer = torch.optim.SGD(groups)
    scheduler = build(optimizer)
    ratios = []
    for _ in range(30):
        first, second = (group["lr"] for group in optimizer.param_groups)
        ratios.append(first / second)
        optimizer.step()
        if isinstance(scheduler, sched.ReduceLROnPlateau):
            scheduler.step(1.0)  # the same loss every epoch: no improvement
        else:
            scheduler.step()
    kept = all(abs(r - 10) < 1e-9 for r in ratios)
    rows.append(
        (
            name,
            "yes" if kept else "no",
            f"{min(ratios):.3g} to {max(ratios):.3g}",
        )
    )
headers = ("scheduler", "ratio kept at 10", "ratio over 30 steps")
print(table(headers, rows, "markdown", align="lll"))
