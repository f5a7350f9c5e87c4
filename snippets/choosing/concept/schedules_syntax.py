from lrlab.digits import SCHEDULES
from lrlab.tables import table
from lrlab.training import lr_schedule

# The rate each schedule sets at a few of its 450 steps, from a peak of 0.3, read off a
# one-parameter optimizer.
total = 450
rates = {
    name: lr_schedule(
        lambda optimizer, build=build: build(optimizer, total), total, lr=0.3
    )
    for name, build in SCHEDULES.items()
}
rows = [
    (str(step), *(f"{rates[name][step - 1]:.3g}" for name in SCHEDULES))
    for step in (1, 45, 135, 226, 338, 360, 400, 450)
]
print(
    table(
        ("step", *SCHEDULES),
        rows,
        "markdown",
        align="r" * (len(SCHEDULES) + 1),
    )
)
