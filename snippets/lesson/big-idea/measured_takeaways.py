from lrlab.pipeline import compare_fixed_and_steplr, loss_range, make_task
from lrlab.repro import site_seed
from lrlab.tables import table

# Four runs: start rate 1.0 and 0.1, each fixed and with StepLR(step_size=20, gamma=0.1).
task = make_task()
high = compare_fixed_and_steplr(
    task, lr=1.0, epochs=60, step_size=20, gamma=0.1
)
low = compare_fixed_and_steplr(
    task, lr=0.1, epochs=60, step_size=20, gamma=0.1
)
test_rows = len(task.y_test)

rows = []
for pair in (high, low):
    for name, records in (
        ("fixed", pair.fixed),
        ("StepLR from", pair.scheduled),
    ):
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
print(table(headers, rows, "markdown", align="lrrrrr"))
print()


def compare(fixed, stepped, digits, higher="higher", lower="lower"):
    word = (
        higher if stepped > fixed else lower if stepped < fixed else "the same"
    )
    return word, f"{stepped:.{digits}f} against {fixed:.{digits}f}"


def final(pair, attr):
    return getattr(pair.fixed[-1], attr), getattr(pair.scheduled[-1], attr)


def rows_apart(pair):
    """StepLR's final test accuracy minus the fixed run's, in test rows."""
    return round(
        (pair.scheduled[-1].test_acc - pair.fixed[-1].test_acc) * test_rows
    )


for pair in (high, low):
    loss_word, loss_vals = compare(*final(pair, "train_loss"), 4)
    acc_word, acc_vals = compare(*final(pair, "test_acc"), 3)
    pair_said = (
        f"the StepLR run ends with a {loss_word} train loss ({loss_vals}) and "
    )
    if acc_word == "the same":
        pair_said += (
            f"the same test accuracy ({final(pair, 'test_acc')[0]:.3f})"
        )
    else:
        pair_said += (
            f"a {acc_word} test accuracy ({acc_vals}), {abs(rows_apart(pair))} of the "
            f"{test_rows} test rows apart"
        )
    if pair is high:
        print(
            f"- **Start rate {pair.lr:.1f}.** The fixed run's loss still moves by "
            f"{loss_range(pair.fixed):.4f} over its last 10 epochs, the StepLR run's by "
            f"{loss_range(pair.scheduled):.4f}; {pair_said}."
        )
    else:
        print(
            f"- **Start rate {pair.lr:.1f}.** The same StepLR from a smaller start: {pair_said}."
        )

high_word = compare(*final(high, "train_loss"), 4)[0]
low_word = compare(*final(low, "train_loss"), 4)[0]
outcomes = "two outcomes" if high_word != low_word else "one outcome"
print(
    f"- **The same cuts, {outcomes} on train loss.** From {high.lr:.1f} they left the final "
    f"train loss {high_word} than the fixed rate's; from {low.lr:.1f} they left it {low_word}. "
    "A schedule does not choose good rates for you: it changes the ones you give it."
)

# The 0.1 pair again with a few other seeds (other data, initial weights and batches).
seeds = [site_seed() + k for k in range(4)]
spread = [low] + [
    compare_fixed_and_steplr(
        make_task(s), lr=0.1, epochs=60, step_size=20, gamma=0.1
    )
    for s in seeds[1:]
]
loss_higher = sum(
    1 for p in spread if compare(*final(p, "train_loss"), 4)[0] == "higher"
)
gaps = [rows_apart(p) for p in spread]
if all(g > 0 for g in gaps):
    verdict = "StepLR's test accuracy was higher with every seed, by"
elif all(g < 0 for g in gaps):
    verdict = "StepLR's test accuracy was lower with every seed, by"
else:
    verdict = "the test-accuracy gap changes sign with the seed:"
listed = ", ".join(f"{g:+d}" for g in gaps)
print(
    "- **Train loss is not test accuracy, and one seed is not a trend.** "
    f"Over seeds {seeds[0]} to {seeds[-1]} (seed {seeds[0]} is the runs above; "
    "each other seed gives other data, initial weights and batches), "
    f"the StepLR run from {low.lr:.1f} ended with the higher train loss "
    f"in {loss_higher} of {len(seeds)}, and {verdict} {listed} test rows "
    f"of {test_rows} (seed by seed, StepLR minus fixed). "
    "Judge a schedule on held-out data, over more than one run."
)
print(
    "- **Measure it.** Whether a schedule helps depends on the start rate, the task and the "
    "noise in the batches: run it against a fixed rate, as this page does, before trusting it."
)
