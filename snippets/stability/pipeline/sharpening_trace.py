import textwrap

from lrlab.stability import sharpness_trace
from lrlab.tables import table

# Full-batch gradient descent at lr 0.2 (2 / lr = 10) for 150 steps, from
# the same weights as above; the sharpness every 10 steps (tol 1e-5, each
# estimate warm-started from the last one's vector).
lr = 0.2
run = sharpness_trace(lr, steps=150, every=10)
rows = [
    (
        str(step),
        f"{run.losses[step]:.4f}",
        f"{value:.2f}",
        f"{ratio:.2f}",
        str(products),
    )
    for step, value, ratio, products in zip(
        run.sharpness_steps, run.sharpness, run.ratios(), run.iterations
    )
]
headers = ("step", "loss", "sharpness", "sharpness / (2 / lr)", "products")
print(table(headers, rows))
print()

ratios, steps = run.ratios(), run.sharpness_steps
low = ratios.index(min(ratios))
peak = ratios.index(max(ratios))
crossed = next(s for s, r in zip(steps, ratios) if r >= 1)
rises = [s for s in range(run.steps) if run.losses[s + 1] > run.losses[s]]
said = (
    f"The sharpness starts at {ratios[0]:.2f} of 2 / lr, dips to "
    f"{ratios[low]:.2f} at step {steps[low]}, then climbs: it first reaches "
    f"2 / lr at step {crossed} and peaks at {ratios[peak]:.2f} of it at step "
    f"{steps[peak]}. "
)
if rises:
    said += (
        f"Every step before step {rises[0]} lowers the loss; steps {rises[0]} "
        f"to {rises[-1]} ({len(rises)} in a row) raise it. It ends at "
        f"{run.losses[-1]:.4f}, the sharpness at {ratios[-1]:.2f} of 2 / lr."
    )
else:
    said += "Every step lowers the loss."
print(textwrap.fill(said, 78))

# What the page says: sharpening from below 2 / lr to above it, the loss
# still falling for a while above it, then a run of consecutive steps that
# raise the loss, after which the sharpness is back nearer 2 / lr.
assert not run.diverged
assert ratios[0] < 1
assert ratios[peak] > 1
assert low < peak
assert rises
assert rises[0] > crossed
assert rises == list(range(rises[0], rises[-1] + 1))
assert abs(ratios[-1] - 1) < abs(ratios[peak] - 1)
assert run.losses[-1] < run.losses[0]
