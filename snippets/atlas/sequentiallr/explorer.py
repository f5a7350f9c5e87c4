from lrlab.explorer import scheduler_explorer
from lrlab.formulas import cosine_annealing_lr, linear_lr, sequential_lr


def formula(t, warmup, start_factor, T_max):
    return sequential_lr(
        t,
        parts=[
            lambda s: linear_lr(
                s, lr=0.1, start_factor=start_factor, total_iters=warmup
            ),
            lambda s: cosine_annealing_lr(s, lr=0.1, T_max=T_max),
        ],
        milestones=[warmup],
    )


print(
    scheduler_explorer(
        "sequentiallr",
        "SequentialLR(optimizer, [LinearLR(optimizer, "
        "start_factor={start_factor}, total_iters={warmup}), "
        "CosineAnnealingLR(optimizer, T_max={T_max})], milestones=[{warmup}])",
        grid={
            "warmup": [3, 5, 10],
            "start_factor": [0.1, 0.5],
            "T_max": [15, 25],
        },
        default={"warmup": 5, "start_factor": 0.1, "T_max": 25},
        formula=formula,
        lr=0.1,
        steps=30,
        formula_name="f_k(t − m_k)",
    )
)
