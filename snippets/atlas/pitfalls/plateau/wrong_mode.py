import torch

from lrlab.tables import table

# Validation accuracy of eight epochs (made up): it keeps improving.
accuracy = [0.50, 0.60, 0.68, 0.74, 0.78, 0.81, 0.83, 0.84]


def rates_used(mode):
    param = torch.nn.Parameter(torch.zeros(1))
    optimizer = torch.optim.SGD([param], lr=0.1)
    scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(
        optimizer, mode=mode, factor=0.5, patience=1
    )
    used = []
    for value in accuracy:
        used.append(optimizer.param_groups[0]["lr"])
        optimizer.step()
        scheduler.step(value)
    return used


by_mode = {mode: rates_used(mode) for mode in ("min", "max")}
rows = [
    [
        str(e + 1),
        f"{acc:.2f}",
        f"{by_mode['min'][e]:.4f}",
        f"{by_mode['max'][e]:.4f}",
    ]
    for e, acc in enumerate(accuracy)
]
print(table(["epoch", "accuracy", "lr, mode='min'", "lr, mode='max'"], rows))
