from functools import partial

from lrlab.explorer import scheduler_explorer
from lrlab.formulas import multistep_lr

print(
    scheduler_explorer(
        "multisteplr",
        "MultiStepLR(optimizer, milestones={milestones}, gamma={gamma})",
        grid={
            "milestones": [[10, 20], [15, 30], [20, 35], [10, 20, 30]],
            "gamma": [0.1, 0.3, 0.5],
        },
        default={"milestones": [15, 30], "gamma": 0.1},
        formula=partial(multistep_lr, lr=0.1),
        lr=0.1,
        steps=40,
        logy=True,
        formula_name="lr · γ^(number of milestones ≤ t)",
    )
)
