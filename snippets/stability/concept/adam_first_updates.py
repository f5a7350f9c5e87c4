import torch

from lrlab.stability import first_updates
from lrlab.tables import table

# The digits MLP's first 50 steps at a peak rate of 0.3, three ways, from
# the same weights and batches: Adam, Adam with a 10-step linear warm-up,
# and RAdam. Each step's update size is ||change of weights|| / ||weights||.
lr = 0.3
traces = first_updates(lr)
adam = traces["Adam"]

gradient = torch.cat([g.abs().flatten() for g in adam.first_grad])
gradient = gradient[gradient != 0]
low, high = adam.first_step_ratios()
print(
    f"Step 1 gradients range from {gradient.min():.2g} to "
    f"{gradient.max():.2g} in size, yet Adam moves every weight that has a "
    f"gradient by {low:.3f} to {high:.3f} times lr = {lr}."
)
print()

shown = (1, 2, 3)
headers = ["method", "rate at step 1"]
headers += [f"update / weights, step {t}" for t in shown]
headers += ["worst loss (step)", f"loss at step {adam.steps}"]
rows = []
for method, trace in traces.items():
    worst = max(trace.losses)
    rows.append(
        [method, f"{trace.rates[0]:.3g}"]
        + [f"{trace.relative_updates[t - 1]:.3f}" for t in shown]
        + [
            f"{worst:.2f} ({trace.losses.index(worst) + 1})",
            f"{trace.losses[-1]:.2f}",
        ]
    )
print(table(headers, rows, "markdown", align="lrrrrrr"))
print()

# What the page says around this table, checked against the run: Adam's
# first step is about lr for every weight and larger than the weights
# themselves; the loss jumps right after it (step 2); with the warm-up the
# loss never climbs more than 10 % above where it started.
warm = traces["Adam + warm-up"]
assert low > 0.9
assert adam.relative_updates[0] > 1
assert adam.losses.index(max(adam.losses)) == 1
assert max(adam.losses) > 2 * max(warm.losses)
assert max(warm.losses) <= 1.1 * warm.losses[0]
