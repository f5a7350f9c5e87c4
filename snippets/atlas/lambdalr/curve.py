import torch

from lrlab.atlas import checked_curve
from lrlab.formulas import lambda_lr


def inverse_time(epoch):
    return 1 / (1 + 0.1 * epoch)


print(
    checked_curve(
        "LambdaLR(lr_lambda=1/(1 + 0.1·t)), lr=0.1",
        lambda opt: torch.optim.lr_scheduler.LambdaLR(
            opt, lr_lambda=inverse_time
        ),
        lambda t: lambda_lr(t, lr=0.1, factor=inverse_time),
        steps=40,
        lr=0.1,
        formula_name="lr · λ(t)",
    )
)
