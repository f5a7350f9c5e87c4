from functools import partial

from lrlab.explorer import scheduler_explorer
from lrlab.formulas import polynomial_lr

print(
    scheduler_explorer(
        "polynomiallr",
        "PolynomialLR(optimizer, total_iters={total_iters}, power={power})",
        grid={"total_iters": [10, 20, 30, 40], "power": [0.5, 1.0, 2.0, 3.0]},
        default={"total_iters": 30, "power": 2.0},
        formula=partial(polynomial_lr, lr=0.1),
        lr=0.1,
        steps=40,
        formula_name="lr · (1 − min(t, T)/T)^power",
    )
)
