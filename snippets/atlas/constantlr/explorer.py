from functools import partial

from lrlab.explorer import scheduler_explorer
from lrlab.formulas import constant_lr

# factor=1.5 is outside what ConstantLR accepts: the explorer shows its message.
print(
    scheduler_explorer(
        "constantlr",
        "ConstantLR(optimizer, factor={factor}, total_iters={total_iters})",
        grid={
            "factor": [0.1, 0.25, 0.5, 0.75, 1.5],
            "total_iters": [4, 8, 12],
        },
        default={"factor": 0.25, "total_iters": 8},
        formula=partial(constant_lr, lr=0.1),
        lr=0.1,
        steps=20,
        formula_name="lr · factor, then lr",
        refusal=lambda factor, **_: (
            f"factor={factor} would raise the rate above lr; ConstantLR only "
            "lowers it, so it takes a factor from 0 to 1."
        ),
    )
)
