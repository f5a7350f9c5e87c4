from functools import partial

from lrlab.explorer import scheduler_explorer
from lrlab.formulas import exponential_lr

print(
    scheduler_explorer(
        "exponentiallr",
        "ExponentialLR(optimizer, gamma={gamma})",
        grid={"gamma": [0.8, 0.85, 0.9, 0.95, 0.99]},
        default={"gamma": 0.9},
        formula=partial(exponential_lr, lr=0.1),
        lr=0.1,
        steps=40,
        logy=True,
        formula_name="lr · γ^t",
    )
)
