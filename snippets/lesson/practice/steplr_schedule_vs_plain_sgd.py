import torch

from lrlab.schedules import constant_runs
from lrlab.training import lr_schedule, train_y2x

# StepLR: large steps first, then smaller ones, at fixed epochs.
rates = lr_schedule(
    lambda opt: torch.optim.lr_scheduler.StepLR(opt, step_size=30, gamma=0.1),
    steps=100,
)
for run in constant_runs(rates):
    print(f"StepLR epochs {run.first:3d}-{run.last:3d}: lr = {run.lr:.4g}")

# Plain SGD with no scheduler: the rate stays where it was set, however the loss moves.
records = train_y2x(lr=0.1, epochs=100)
first, last = records[0], records[-1]
print(
    f"no scheduler: epoch 1 used lr {first.lr_used:.4g} (loss {first.loss:.4f}), "
    f"epoch 100 used lr {last.lr_used:.4g} (loss {last.loss:.6f})"
)
