from functools import partial

from lrlab.explorer import scheduler_explorer
from lrlab.formulas import cyclic_lr

# gamma only matters in mode 'exp_range'.
print(
    scheduler_explorer(
        "cycliclr",
        "CyclicLR(optimizer, base_lr=0.01, max_lr={max_lr}, "
        "step_size_up={step_size_up}, mode={mode!r}, gamma=0.95)",
        grid={
            "max_lr": [0.05, 0.1],
            "step_size_up": [3, 5, 10],
            "mode": ["triangular", "triangular2", "exp_range"],
        },
        default={"max_lr": 0.1, "step_size_up": 5, "mode": "triangular2"},
        formula=partial(cyclic_lr, base_lr=0.01, gamma=0.95),
        lr=0.1,
        steps=40,
        formula_name="base_lr + (max_lr − base_lr) · height(t) · scale",
    )
)
