from lrlab.explorer import scheduler_explorer
from lrlab.formulas import chained_lr, exponential_lr, linear_lr


def formula(t, warmup, start_factor, gamma):
    return chained_lr(
        t,
        lr=0.1,
        parts=[
            lambda s: linear_lr(
                s, lr=0.1, start_factor=start_factor, total_iters=warmup
            ),
            lambda s: exponential_lr(s, lr=0.1, gamma=gamma),
        ],
    )


print(
    scheduler_explorer(
        "chainedscheduler",
        "ChainedScheduler([LinearLR(optimizer, start_factor={start_factor}, "
        "total_iters={warmup}), ExponentialLR(optimizer, gamma={gamma})])",
        grid={
            "warmup": [5, 10, 20],
            "start_factor": [0.1, 0.5],
            "gamma": [0.9, 0.95, 0.99],
        },
        default={"warmup": 10, "start_factor": 0.1, "gamma": 0.95},
        formula=formula,
        lr=0.1,
        steps=40,
        formula_name="lr · Π_k (f_k(t) / lr)",
    )
)
