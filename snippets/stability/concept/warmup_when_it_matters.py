import math

from lrlab.stability import METHODS, warmup_outcomes
from lrlab.tables import table

# Adam, Adam with a 10-step linear warm-up, and RAdam at four rates, each
# trained 90 steps (two epochs) on three seeds (each its own split, weights
# and batches, shared by the three methods), then tested.
rates = (0.003, 0.03, 0.1, 0.3)
outcomes = warmup_outcomes(rates)


def spread(values, digits=3):
    mean, low, high = values
    return f"{mean:.{digits}f} [{low:.{digits}f}, {high:.{digits}f}]"


headers = ["rate"] + [f"{m}: test loss" for m in METHODS]
headers += ["Adam: worst early loss"]
rows = []
for lr in rates:
    losses = [spread(outcomes.at(m, lr).spread()) for m in METHODS]
    peak = outcomes.at("Adam", lr).spread("early_peak")
    rows.append([f"{lr:g}", *losses, spread(peak, 2)])
print(table(headers, rows, "markdown", align="rrrrr"))
print()
print(
    f"Test loss: mean [lowest, highest] over {len(outcomes.seeds)} seeds; "
    f"worst early loss: the largest train loss of the first "
    f"{outcomes.early} steps."
)
print()

verdicts = {}
for lr in rates:
    comparison = outcomes.compare(lr)
    print(f"**At lr {lr:g}**")
    print()
    for arm in METHODS[1:]:
        pair = comparison.pair(arm, "Adam")
        verdicts[arm, lr] = pair.verdict
        print(f"- {pair.sentence()}")
    print()


def where(arm, verdict):
    found = [f"{lr:g}" for lr in rates if verdicts[arm, lr] == verdict]
    return ", ".join(found) if found else "none of these rates"


for arm in METHODS[1:]:
    print(
        f"- {arm} against Adam: better at {where(arm, 'better')}; "
        f"within noise at {where(arm, 'within noise')}; "
        f"worse at {where(arm, 'worse')}."
    )

# What the page says around this block, checked against the runs: a
# ClaimError fails the build, naming the verdict the runs gave instead.
outcomes.compare(0.3).claim("Adam + warm-up", "better", "Adam")
outcomes.compare(0.3).claim("RAdam", "better", "Adam")
outcomes.compare(0.03).claim("Adam + warm-up", "within noise", "Adam")
outcomes.compare(0.003).claim("RAdam", "worse", "Adam")
outcomes.compare(0.03).claim("RAdam", "worse", "Adam")
outcomes.compare(0.1).claim("Adam + warm-up", "within noise", "Adam")
assert outcomes.lower_on_every_seed("Adam + warm-up", "Adam", 0.3)
# A spike: the early loss climbs well above its start, about ln 10 (ten
# classes guessed evenly); at lr 0.3 it does, at lr 0.03 it does not.
start = math.log(10)
assert min(outcomes.at("Adam", 0.3).early_peak) > 2 * start
assert max(outcomes.at("Adam", 0.03).early_peak) < 1.1 * start
assert min(outcomes.at("Adam", 0.1).early_peak) > 1.1 * start
