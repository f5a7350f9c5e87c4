from lrlab.digits import load_data, range_test, reading_verdicts, train
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
runs = {name: train(data, rate, epochs=10) for name, rate in readings.items()}

rows = [
    (
        name,
        f"{readings[name]:.3g}",
        f"{run.test_acc:.3f}",
        f"{run.test_loss:.3f}",
    )
    for name, run in runs.items()
]
headers = ("reading", "rate", "test accuracy", "test loss")
print(table(headers, rows, "markdown", align="lrrr"))
print()
for sentence in reading_verdicts(readings, runs, images=len(data.y_test)):
    print(f"- {sentence}")
