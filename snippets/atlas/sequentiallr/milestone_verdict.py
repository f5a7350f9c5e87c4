import torch

from lrlab.training import lr_schedule

S = torch.optim.lr_scheduler
# The rate at the milestone (t = 4) after ExponentialLR(0.5), for two second schedulers.
for name, second in {
    "ExponentialLR": lambda opt: S.ExponentialLR(opt, gamma=0.9),
    "MultiplicativeLR": lambda opt: S.MultiplicativeLR(opt, lambda t: 0.9),
}.items():
    rates = lr_schedule(
        lambda opt, second=second: S.SequentialLR(
            opt, [S.ExponentialLR(opt, gamma=0.5), second(opt)], milestones=[4]
        ),
        steps=5,
        lr=0.1,
    )
    if rates[4] == 0.1:
        what = "restarts at the starting rate 0.1"
    else:
        what = f"continues from the rate left before it ({rates[3]:.5f} → {rates[4]:.5f})"
    print(f"- With **{name}** second, the rate at the milestone {what}.")
