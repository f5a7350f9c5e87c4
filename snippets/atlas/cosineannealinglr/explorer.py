from functools import partial

from lrlab.explorer import scheduler_explorer
from lrlab.formulas import cosine_annealing_lr

print(
    scheduler_explorer(
        "cosineannealinglr",
        "CosineAnnealingLR(optimizer, T_max={T_max}, eta_min={eta_min})",
        grid={"T_max": [10, 20, 30, 50], "eta_min": [0.0, 0.001, 0.01]},
        default={"T_max": 20, "eta_min": 0.001},
        formula=partial(cosine_annealing_lr, lr=0.1),
        lr=0.1,
        steps=50,
        formula_name="η_min + (lr − η_min)(1 + cos(π t / T_max)) / 2",
    )
)
