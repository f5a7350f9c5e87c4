import torch

from lrlab.tables import table

# A loss that still falls, but by less than 0.01% of itself per epoch (made up).
losses = [0.50000, 0.49999, 0.49998, 0.49997, 0.49996, 0.49995, 0.49994]


def rates_used(threshold):
    param = torch.nn.Parameter(torch.zeros(1))
    optimizer = torch.optim.SGD([param], lr=0.1)
    scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(
        optimizer, factor=0.5, patience=1, threshold=threshold
    )
    used = []
    for value in losses:
        used.append(optimizer.param_groups[0]["lr"])
        optimizer.step()
        scheduler.step(value)
    return used


default, zero = rates_used(1e-4), rates_used(0.0)
rows = [
    [str(e), f"{v:.5f}", f"{a:.4f}", f"{b:.4f}"]
    for e, (v, a, b) in enumerate(zip(losses, default, zero), start=1)
]
print(table(["epoch", "loss", "lr, threshold=1e-4", "lr, threshold=0"], rows))
