import torch

from lrlab.tables import trace_table
from lrlab.training import train_y2x

# The same run as the complete program (same seed, model, data, optimizer and schedule),
# recording the rate each epoch actually used next to what get_last_lr() reports afterwards.
records = train_y2x(
    lr=0.1,
    epochs=15,
    scheduler_factory=lambda opt: torch.optim.lr_scheduler.StepLR(opt, step_size=5, gamma=0.5),
)
print(trace_table(records))
