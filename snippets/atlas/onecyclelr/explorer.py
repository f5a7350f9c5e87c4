from functools import partial

from lrlab.explorer import scheduler_explorer
from lrlab.formulas import one_cycle_lr

STEPS = 50  # every run takes 50 optimizer steps, whatever total_steps says

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
        steps=STEPS,
        formula_name="the 1cycle formula",
        refusal=lambda total_steps, **_: (
            f"total_steps={total_steps} plans a cycle of {total_steps} steps, but every run "
            f"here takes {STEPS}: OneCycleLR refuses to step past the end of its cycle, "
            f"so the scheduler.step() after optimizer step {total_steps + 1} raises."
        ),
    )
)
