import torch

from lrlab.tables import table
from lrlab.training import lr_schedule

S = torch.optim.lr_scheduler
seconds = {
    "LambdaLR(0.9^t)": lambda opt: S.LambdaLR(opt, lambda t: 0.9**t),
    "ExponentialLR(0.9)": lambda opt: S.ExponentialLR(opt, gamma=0.9),
    "MultiplicativeLR(0.9)": lambda opt: S.MultiplicativeLR(
        opt, lambda t: 0.9
    ),
}


def first_then(second):
    """ExponentialLR(0.5), then `second` from the milestone t = 4 on."""
    return lambda opt: S.SequentialLR(
        opt, [S.ExponentialLR(opt, gamma=0.5), second(opt)], milestones=[4]
    )


columns = {
    name: lr_schedule(first_then(second), steps=8, lr=0.1)
    for name, second in seconds.items()
}
rows = [
    [str(t + 1), str(t)] + [f"{rates[t]:.5f}" for rates in columns.values()]
    for t in range(8)
]
print(table(["step", "t", *columns], rows))
