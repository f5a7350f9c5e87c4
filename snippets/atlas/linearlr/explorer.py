from functools import partial

from lrlab.explorer import scheduler_explorer
from lrlab.formulas import linear_lr

# start_factor=0 is refused by LinearLR: the explorer shows its message.
print(
    scheduler_explorer(
        "linearlr",
        "LinearLR(optimizer, start_factor={start_factor}, "
        "end_factor={end_factor}, total_iters={total_iters})",
        grid={
            "start_factor": [0, 0.1, 0.25, 0.5],
            "end_factor": [0.5, 1.0],
            "total_iters": [5, 10, 15],
        },
        default={"start_factor": 0.1, "end_factor": 1.0, "total_iters": 10},
        formula=partial(linear_lr, lr=0.1),
        lr=0.1,
        steps=20,
        formula_name="lr · (start + (end − start) · min(t, T)/T)",
        refusal=lambda start_factor, **_: (
            f"start_factor={start_factor} would start the rate at {start_factor} × lr; "
            "LinearLR only takes a start factor above 0 and at most 1."
        ),
    )
)
