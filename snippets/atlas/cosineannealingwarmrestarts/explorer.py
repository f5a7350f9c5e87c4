from functools import partial

from lrlab.explorer import scheduler_explorer
from lrlab.formulas import cosine_warm_restarts_lr

print(
    scheduler_explorer(
        "cosineannealingwarmrestarts",
        "CosineAnnealingWarmRestarts(optimizer, T_0={T_0}, T_mult={T_mult}, "
        "eta_min={eta_min})",
        grid={
            "T_0": [5, 10, 20],
            "T_mult": [1, 2, 3],
            "eta_min": [0.0, 0.001],
        },
        default={"T_0": 10, "T_mult": 2, "eta_min": 0.001},
        formula=partial(cosine_warm_restarts_lr, lr=0.1),
        lr=0.1,
        steps=70,
        formula_name="η_min + (lr − η_min)(1 + cos(π T_cur / T_i)) / 2",
    )
)
