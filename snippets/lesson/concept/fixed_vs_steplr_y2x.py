import torch

from lrlab.tables import table
from lrlab.training import train_y2x


def steplr(optimizer):
    return torch.optim.lr_scheduler.StepLR(optimizer, step_size=5, gamma=0.5)


rows = []
for epochs in (15, 50, 100):
    fixed = train_y2x(lr=0.1, epochs=epochs)[-1]
    stepped = train_y2x(lr=0.1, epochs=epochs, scheduler_factory=steplr)[-1]
    loss_fixed, loss_stepped = f"{fixed.loss:.6f}", f"{stepped.loss:.6f}"
    rows.append(
        (str(epochs), loss_fixed, loss_stepped, f"{stepped.lr_after:.2e}")
    )
headers = (
    "epochs",
    "fixed lr 0.1: loss",
    "StepLR: loss",
    "StepLR: lr reached",
)
print(table(headers, rows))
