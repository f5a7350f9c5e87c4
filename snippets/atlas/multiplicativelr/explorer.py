from lrlab.explorer import scheduler_explorer
from lrlab.formulas import multiplicative_lr


def formula(t, every, rate):
    return multiplicative_lr(
        t, lr=0.1, factor=lambda e: 0.5 if e % every == 0 else rate
    )


print(
    scheduler_explorer(
        "multiplicativelr",
        "MultiplicativeLR(optimizer, "
        "lr_lambda=lambda t: 0.5 if t % {every} == 0 else {rate})",
        grid={"every": [5, 10, 20], "rate": [0.9, 0.95, 0.98, 1.0]},
        default={"every": 10, "rate": 0.98},
        formula=formula,
        lr=0.1,
        steps=40,
        formula_name="lr · λ(1) · … · λ(t)",
    )
)
