import torch

from lrlab.atlas import agreement, curve_html, plateau_schedule
from lrlab.formulas import reduce_on_plateau_lrs
from lrlab.repro import seed_everything

seed_everything(0)
# A made-up validation loss: it falls quickly, then flattens out, noisily.
t = torch.arange(60)
val_loss = (0.3 + 1 / (1 + 0.5 * t) + 0.03 * torch.rand(60)).tolist()

options = {"factor": 0.5, "patience": 3}
executed = plateau_schedule(val_loss, lr=0.1, **options)
expected = reduce_on_plateau_lrs(val_loss, lr=0.1, **options)
print(
    curve_html(
        "ReduceLROnPlateau(factor=0.5, patience=3), lr=0.1, on a noisy "
        "flattening loss",
        executed,
        expected,
        agreement(executed, expected),
        formula_name="the plateau recurrence",
    )
)
