from lrlab.digits import SCHEDULES
from lrlab.tables import table
from lrlab.training import lr_schedule

# The rate each schedule sets at a few of its 450 steps, from a peak of 0.3, read off a
# one-parameter optimizer.
total = 450
shown = [1, 45, 135, 226, 338, 360, 400, 450]
rows = []
for name, build in SCHEDULES.items():
    rates = lr_schedule(
        lambda optimizer, build=build: build(optimizer, total), total, lr=0.3
    )
    rows.append((name, *(f"{rates[step - 1]:.4g}" for step in shown)))
print(
    table(
        ("schedule", *(f"step {s}" for s in shown)),
        rows,
        "markdown",
        align="l" + "r" * 8,
    )
)
