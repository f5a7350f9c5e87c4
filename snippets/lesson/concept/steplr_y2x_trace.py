import torch

from lrlab.tables import trace_table
from lrlab.training import train_y2x


def steplr(optimizer):
    return torch.optim.lr_scheduler.StepLR(optimizer, step_size=5, gamma=0.5)


# The complete program's run (same seed, model, data, optimizer, schedule),
# with the rate each epoch used next to what get_last_lr() reports after it.
records = train_y2x(lr=0.1, epochs=15, scheduler_factory=steplr)
print(trace_table(records))
