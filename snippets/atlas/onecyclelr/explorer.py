from functools import partial

from lrlab.explorer import scheduler_explorer
from lrlab.formulas import one_cycle_lr

# Every run takes 50 steps: with total_steps=40 PyTorch stops it at step 41.
print(
    scheduler_explorer(
        "onecyclelr",
        "OneCycleLR(optimizer, max_lr=1.0, total_steps={total_steps}, "
        "pct_start={pct_start}, anneal_strategy={anneal_strategy!r}, "
        "three_phase={three_phase})",
        grid={
            "total_steps": [40, 50, 60],
            "pct_start": [0.1, 0.3, 0.5],
            "anneal_strategy": ["cos", "linear"],
            "three_phase": [False, True],
        },
        default={
            "total_steps": 50,
            "pct_start": 0.3,
            "anneal_strategy": "cos",
            "three_phase": False,
        },
        formula=partial(one_cycle_lr, max_lr=1.0),
        lr=0.1,
        steps=50,
        formula_name="the 1cycle formula",
    )
)
