import torch

from lrlab.tables import table
from lrlab.training import train_y2x


def steplr(opt):
    return torch.optim.lr_scheduler.StepLR(opt, step_size=5, gamma=0.5)


rows = []
for epochs in (15, 50, 100):
    fixed = train_y2x(lr=0.1, epochs=epochs)[-1]
    scheduled = train_y2x(lr=0.1, epochs=epochs, scheduler_factory=steplr)[-1]
    rows.append(
        (str(epochs), f"{fixed.loss:.6f}", f"{scheduled.loss:.6f}", f"{scheduled.lr_after:.2e}")
    )
print(table(("epochs", "fixed lr 0.1: loss", "StepLR: loss", "StepLR: lr reached"), rows))
