from lrlab.pipeline import compare_fixed_and_steplr, loss_range, make_task
from lrlab.tables import table

# Four runs: start rate 1.0 and 0.1, each fixed and with StepLR(step_size=20, gamma=0.1).
task = make_task()
high = compare_fixed_and_steplr(task, lr=1.0, epochs=60, step_size=20, gamma=0.1)
low = compare_fixed_and_steplr(task, lr=0.1, epochs=60, step_size=20, gamma=0.1)

rows = []
for pair in (high, low):
    for name, records in (("fixed", pair.fixed), ("StepLR from", pair.scheduled)):
        last = records[-1]
        rows.append(
            (
                f"{name} {pair.lr:.1f}",
                f"{last.lr_used:g}",
                f"{last.train_loss:.4f}",
                f"{loss_range(records):.4f}",
                f"{last.train_acc:.3f}",
                f"{last.test_acc:.3f}",
            )
        )
headers = (
    "run",
    "lr, last epoch",
    "final train loss",
    "loss range, last 10 epochs",
    "train acc",
    "test acc",
)
print(table(headers, rows, "markdown"))
print()


def compare(fixed, stepped, digits, higher="higher", lower="lower"):
    word = higher if stepped > fixed else lower if stepped < fixed else "the same"
    return word, f"{stepped:.{digits}f} against {fixed:.{digits}f}"


def final(pair, attr):
    return getattr(pair.fixed[-1], attr), getattr(pair.scheduled[-1], attr)


for pair in (high, low):
    loss_word, loss_vals = compare(*final(pair, "train_loss"), 4)
    acc_word, acc_vals = compare(*final(pair, "test_acc"), 3)
    pair_said = (
        f"the StepLR run ends with a {loss_word} train loss ({loss_vals}) and a {acc_word} "
        f"test accuracy ({acc_vals})"
    )
    if pair is high:
        print(
            f"- **Start rate {pair.lr:.1f}.** The fixed run's loss still moves by "
            f"{loss_range(pair.fixed):.4f} over its last 10 epochs, the StepLR run's by "
            f"{loss_range(pair.scheduled):.4f}; {pair_said}."
        )
        high_helped = loss_word == "lower"
    else:
        print(f"- **Start rate {pair.lr:.1f}.** The same StepLR from a smaller start: {pair_said}.")
        low_helped = loss_word == "lower"

if high_helped and not low_helped:
    print(
        "- **A schedule helps most when the start rate is too large to settle with.** From "
        f"{high.lr:.1f} cutting the rate let the loss settle lower; from {low.lr:.1f}, a rate "
        "already small enough here, the cuts only shortened how far the later epochs could move."
    )
elif high_helped and low_helped:
    print("- **Here the schedule lowered the final train loss from both start rates.**")
else:
    print("- **Here the schedule did not lower the final train loss from the large start rate.**")

disagree = [
    pair.lr
    for pair in (high, low)
    if compare(*final(pair, "train_loss"), 4)[0] == compare(*final(pair, "test_acc"), 3)[0]
    and compare(*final(pair, "test_acc"), 3)[0] != "the same"
]
if disagree:
    print(
        f"- **Train loss is not test accuracy.** From {disagree[0]:.1f} the run with the higher "
        "train loss also has the higher test accuracy. Judge a schedule on held-out data too, "
        f"and mind its size: with {len(task.y_test)} test rows one row is "
        f"{1 / len(task.y_test):.3f} of accuracy, so gaps of a few rows are noise."
    )
print(
    "- **Measure it.** Whether a schedule helps depends on the start rate, the task and the "
    "noise in the batches: run it against a fixed rate, as this page does, before trusting it."
)
