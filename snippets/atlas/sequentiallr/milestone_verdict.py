import torch

from lrlab.training import lr_schedule

S = torch.optim.lr_scheduler
seconds = {
    "ExponentialLR": lambda opt: S.ExponentialLR(opt, gamma=0.9),
    "MultiplicativeLR": lambda opt: S.MultiplicativeLR(opt, lambda t: 0.9),
}
# The rates around the milestone (t = 4, step 5) after ExponentialLR(0.5).
for name, second in seconds.items():
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
        what = (
            f"carries on from the rate in force ({rates[3]:.5f} at step 4, "
            f"{rates[4]:.5f} at step 5)"
        )
    print(f"- With **{name}** second, the rate at the milestone {what}.")
