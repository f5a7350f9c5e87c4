import torch

from lrlab.schedules import constant_runs
from lrlab.training import lr_schedule

# SGD from lr=0.1, StepLR halving it every 10 epochs, stepped once per epoch for 30 epochs.
rates = lr_schedule(
    lambda opt: torch.optim.lr_scheduler.StepLR(opt, step_size=10, gamma=0.5),
    steps=30,
    lr=0.1,
)
for run in constant_runs(rates):
    print(f"epochs {run.first:2d}-{run.last:2d}: lr = {run.lr:.4f}")
