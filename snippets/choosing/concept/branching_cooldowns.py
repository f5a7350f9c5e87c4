from lrlab.digits import SCHEDULES, branch_cooldowns, load_data, train
from lrlab.tables import table

# Four budgets (3, 5, 8 and 10 epochs of 45 steps) from a peak of 0.3. Cosine must be told its
# length: one run per budget. WSD branches a 20 % cooldown off one constant-rate run.
data = load_data()
budgets = [3 * 45, 5 * 45, 8 * 45, 10 * 45]
branches, wsd_steps = branch_cooldowns(data, 0.3, budgets)
rows, cosine_steps = [], 0
for branch in branches:
    cosine = train(data, 0.3, steps=branch.total, schedule=SCHEDULES["cosine"])
    cosine_steps += cosine.steps
    rows.append(
        (
            str(branch.total),
            str(branch.at),
            f"{cosine.test_acc:.3f}",
            f"{branch.test_acc:.3f}",
            f"{cosine.test_loss:.3f}",
            f"{branch.test_loss:.3f}",
        )
    )
headers = (
    "budget, steps",
    "WSD branches at",
    "cosine acc",
    "WSD acc",
    "cosine loss",
    "WSD loss",
)
print(table(headers, rows, "markdown", align="rrrrrr"))
print()
print(
    f"Steps trained for all {len(budgets)} budgets: cosine {cosine_steps} (one run each), "
    f"WSD {wsd_steps} (one constant run to {branches[-1].at} steps, plus the cooldowns), "
    f"{wsd_steps / cosine_steps:.0%} of cosine's."
)
