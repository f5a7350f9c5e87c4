from lrlab.digits import (
    SCHEDULES,
    compare_schedules,
    load_data,
    range_test,
    round_rate,
    spread_chart,
)
from lrlab.repro import site_seed

# Every schedule from the same peak rate (the range test's steepest fall, to one digit), for the
# same 450 steps, over five seeds: each seed its own split, initial weights and batch order.
peak = round_rate(range_test(load_data()).steepest())
seeds = [site_seed() + k for k in range(5)]
runs = compare_schedules(list(SCHEDULES), peak, seeds, epochs=10)
steps = runs["constant"][0].steps

accuracy = {
    name: [run.test_acc for run in seeded] for name, seeded in runs.items()
}
loss = {
    name: [run.test_loss for run in seeded] for name, seeded in runs.items()
}
print(
    spread_chart(
        accuracy,
        caption=f"Test accuracy, {steps} steps from a peak rate of {peak}, {len(seeds)} seeds",
        ylabel="test accuracy",
    )
)
print(
    spread_chart(
        loss,
        caption=f"Test loss, {steps} steps from a peak rate of {peak}, {len(seeds)} seeds",
        ylabel="test loss (cross-entropy)",
    )
)

images = len(load_data().y_test)


def mean(values):
    return sum(values) / len(values)


said = []
for name in SCHEDULES:
    if name == "constant":
        continue
    gains = [
        round((a - b) * images)
        for a, b in zip(accuracy[name], accuracy["constant"], strict=True)
    ]
    wins = sum(g > 0 for g in gains)
    said.append(
        f"<li><strong>{name}</strong>: mean test accuracy {mean(accuracy[name]):.3f} against "
        f"constant's {mean(accuracy['constant']):.3f}; better than constant on {wins} of "
        f"{len(seeds)} seeds (test images gained, seed by seed: "
        f"{', '.join(f'{g:+d}' for g in gains)}); mean test loss {mean(loss[name]):.3f} "
        f"against {mean(loss['constant']):.3f}.</li>"
    )
decays = [name for name in SCHEDULES if name != "constant"]
means = {name: mean(accuracy[name]) for name in decays}
best, worst = max(means, key=means.get), min(means, key=means.get)
between = round((means[best] - means[worst]) * images)
seed_range = round(
    mean([max(accuracy[n]) - min(accuracy[n]) for n in SCHEDULES]) * images
)
verdict = (
    "smaller than how much one schedule's result moves from seed to seed"
    if between < seed_range
    else "larger than how much one schedule's result moves from seed to seed"
)
moral = (
    "One seed could have crowned any of them."
    if between < seed_range
    else f"Here {best}'s lead holds beyond the seeds' noise."
)
said.append(
    f"<li><strong>Among the decays</strong>, {best} has the best mean and {worst} the worst, "
    f"{between} test images apart: {verdict} ({seed_range} images, the mean over schedules "
    f"of the best seed minus the worst). {moral}</li>"
)
print("<ul>" + "".join(said) + "</ul>")
