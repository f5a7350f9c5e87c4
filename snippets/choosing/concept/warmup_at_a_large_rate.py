from lrlab.digits import load_data, train, warmup
from lrlab.tables import table

# Ten epochs at rates above the range test's steepest fall, without and with one epoch
# (45 steps) of linear warm-up, for SGD (momentum 0.9) and Adam.
data = load_data()
cases = [("SGD", 0.5), ("SGD", 1.0), ("Adam", 0.03), ("Adam", 0.1)]
rows, gains = [], {}
for optimizer, lr in cases:
    cold = train(data, lr, epochs=10, optimizer=optimizer)
    warm = train(data, lr, epochs=10, optimizer=optimizer, schedule=warmup(45))
    gains[optimizer, lr] = round(
        (warm.test_acc - cold.test_acc) * len(data.y_test)
    )
    rows.append(
        (
            optimizer,
            f"{lr:g}",
            f"{cold.test_acc:.3f}",
            f"{warm.test_acc:.3f}",
            f"{cold.test_loss:.3f}",
            f"{warm.test_loss:.3f}",
        )
    )
headers = (
    "optimizer",
    "rate",
    "acc, no warm-up",
    "acc, warm-up",
    "loss, no warm-up",
    "loss, warm-up",
)
print(table(headers, rows, "markdown", align="lrrrrr"))
print()
for (optimizer, lr), gain in gains.items():
    word = "more" if gain > 0 else "fewer" if gain < 0 else "as many"
    count = f"{abs(gain)} {word}" if gain else "as many"
    print(f"- {optimizer} at {lr:g}: warm-up gets {count} test images right.")
