import torch

from lrlab.explorer import scheduler_explorer
from lrlab.formulas import reduce_on_plateau_lrs
from lrlab.repro import seed_everything

seed_everything(0)
# The made-up validation loss of the chart above.
t = torch.arange(60)
val_loss = (0.3 + 1 / (1 + 0.5 * t) + 0.03 * torch.rand(60)).tolist()


def formula(metrics, factor, patience):
    return reduce_on_plateau_lrs(
        metrics, lr=0.1, factor=factor, patience=patience
    )


print(
    scheduler_explorer(
        "reducelronplateau",
        "ReduceLROnPlateau(optimizer, factor={factor}, patience={patience})",
        grid={"factor": [0.1, 0.5, 0.8], "patience": [0, 2, 3, 5, 10]},
        default={"factor": 0.5, "patience": 3},
        formula=formula,
        lr=0.1,
        metrics=val_loss,
        formula_name="the plateau recurrence",
    )
)
