from lrlab.explorer import scheduler_explorer
from lrlab.formulas import lambda_lr


def formula(t, k):
    return lambda_lr(t, lr=0.1, factor=lambda epoch: 1 / (1 + k * epoch))


print(
    scheduler_explorer(
        "lambdalr",
        "LambdaLR(optimizer, lr_lambda=lambda t: 1 / (1 + {k} * t))",
        grid={"k": [0.02, 0.05, 0.1, 0.2, 0.5]},
        default={"k": 0.1},
        formula=formula,
        lr=0.1,
        steps=40,
        formula_name="lr · λ(t)",
    )
)
