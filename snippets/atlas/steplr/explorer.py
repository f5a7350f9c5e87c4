from functools import partial

from lrlab.explorer import scheduler_explorer
from lrlab.formulas import step_lr

print(
    scheduler_explorer(
        "steplr",
        "StepLR(optimizer, step_size={step_size}, gamma={gamma})",
        grid={
            "step_size": [5, 10, 15, 20],
            "gamma": [0.1, 0.25, 0.5, 0.75, 0.9],
        },
        default={"step_size": 10, "gamma": 0.5},
        formula=partial(step_lr, lr=0.1),
        lr=0.1,
        steps=40,
        formula_name="lr · γ^⌊t / step_size⌋",
    )
)
