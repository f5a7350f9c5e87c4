from lrlab.digits import load_data, range_test, train
from lrlab.tables import table

# Train 10 epochs (450 steps) at each rate the range test suggests or warns against.
data = load_data()
test = range_test(data)
readings = {
    "a tenth of the steepest fall": test.steepest() / 10,
    "a tenth of the lowest loss": test.lowest() / 10,
    "the steepest fall": test.steepest(),
    "a third of the lowest loss": test.lowest() / 3,
    "the lowest loss": test.lowest(),
}
runs = {
    reading: train(data, rate, epochs=10) for reading, rate in readings.items()
}

rows = [
    (
        reading,
        f"{readings[reading]:.3g}",
        f"{run.test_acc:.3f}",
        f"{run.test_loss:.3f}",
    )
    for reading, run in runs.items()
]
print(
    table(
        ("reading", "rate", "test accuracy", "test loss"),
        rows,
        "markdown",
        align="lrrr",
    )
)
print()

images = len(data.y_test)
top = max(run.test_acc for run in runs.values())
best = [reading for reading, run in runs.items() if run.test_acc == top]
lowest = runs["the lowest loss"]


def behind(reading):
    """How many more of the test images the run at ``reading`` gets wrong than the best."""
    return round((top - runs[reading].test_acc) * images)


print(
    "- **Best here:** "
    + " and ".join(f"{reading} ({readings[reading]:.3g})" for reading in best)
    + f", with {top:.1%} of the {images} test images right."
)
if behind("the lowest loss") > 0.05 * images:
    print(
        f"- **The bottom of the curve is too far.** At the lowest-loss rate "
        f"({readings['the lowest loss']:.3g}) the run gets {behind('the lowest loss')} more "
        f"test images wrong than the best ({lowest.test_acc:.1%} right). That is where the "
        "short test's loss stopped falling, and 450 steps at it do not settle."
    )
else:
    print(
        f"- **The bottom of the curve.** Here even the lowest-loss rate "
        f"({readings['the lowest loss']:.3g}) trains, {behind('the lowest loss')} test images "
        "behind the best."
    )
near = [r for r in runs if r not in best and behind(r) <= 0.01 * images]
print(
    "- **Within 1 % of the best:** "
    + (
        ", ".join(f"{r} ({readings[r]:.3g})" for r in near)
        if near
        else "no other reading"
    )
    + ". Anywhere from a tenth of the steepest fall to a third of the lowest loss is a "
    "reasonable start; the range test rules out the rates that fail, it does not pick the best."
)
