import math

from lrlab.compare import compare
from lrlab.stability import rate_sweep
from lrlab.tables import table

# Adam on 64 -> width -> width -> 10 MLPs, 48 steps of batch 64, at five
# rates a factor 2 apart, on seeds 0, 1, 2 (each its own split, weights and
# batch order). A run's score is its mean mini-batch loss over the last
# quarter of its steps. At the base width muP is the same net trained with
# the same rates as SP (every factor is 1), so its row is SP's: run once.
rates = [2.0**-k for k in range(8, 3, -1)]
seeds, steps, base = [0, 1, 2], 48, 64
sp = rate_sweep([64, 128, 256], rates, seeds, "SP", steps)
mup = rate_sweep([128, 256], rates, seeds, "muP", steps, base_width=base)
rows_of = {"SP": sp.cells, "muP": (sp.cells[0], *mup.cells)}
best_of = {"SP": sp.best, "muP": (sp.best[0], *mup.best)}


def rate(r):
    return f"1/{round(1 / r)}"


def fraction(x):
    return f"1/{round(1 / x)}" if x < 1 else f"{x:g}"


def steps_apart(r, reference):  # how many x2 grid steps
    return round(math.log2(r / reference))


rows = []
for scheme in ("SP", "muP"):
    for row, best in zip(rows_of[scheme], best_of[scheme], strict=True):
        cells = [f"{c.mean:.3f} ({c.low:.3f}-{c.high:.3f})" for c in row]
        cells[best.index] = f"**{cells[best.index]}**"
        each = ", ".join(rate(r) for r in best.per_seed)
        flags = "every seed" if best.clear else "within spread"
        flags += ", at grid edge" if best.at_edge else ""
        rows.append((scheme, str(row[0].width), *cells, f"{rate(best.rate)}"
                     f" ({each}; {flags})"))  # fmt: skip
headers = ("scheme", "width", *(f"lr {rate(r)}" for r in rates), "best")
print(table(headers, rows, "markdown", align="lr" + "r" * len(rates) + "l"))
print()

# What the grid says, in words chosen by the runs.
base_rate = sp.best[0].rate
path = {s: " → ".join(rate(b.rate) for b in best_of[s]) for s in best_of}
shift = steps_apart(sp.best[-1].rate, base_rate)
moved = "fell" if shift < 0 else "rose" if shift > 0 else "stayed put"
print(
    f"Under SP the best rate {moved} with width: {path['SP']} from width "
    f"{sp.widths[0]} to {sp.widths[-1]}, a factor of {fraction(sp.shift())}."
)
below = sum(r < base_rate for r in sp.best[-1].per_seed)
print(
    f"At width {sp.widths[-1]}, {below} of {len(seeds)} seeds' own best "
    f"rates lay below width {sp.widths[0]}'s {rate(base_rate)}."
)
mup_steps = [steps_apart(b.rate, base_rate) for b in best_of["muP"]]
seed_steps = [
    steps_apart(r, base_rate) for b in best_of["muP"] for r in b.per_seed
]


def grid_steps(n):
    return f"{n} x2 step{'s' * (n != 1)}"


if not any(mup_steps):
    said = f"stayed at {rate(base_rate)} at every width"
else:
    most = grid_steps(max(map(abs, mup_steps)))
    said = f"moved ({path['muP']}), by at most {most}"
spread = max(map(abs, seed_steps))
print(
    f"Under muP it {said}; each seed's own best lay within "
    f"{grid_steps(spread)} of {rate(base_rate)} at every width."
)

# The widest nets, each scheme at its own best rate, paired seed by seed.
wide = {s: best_of[s][-1] for s in best_of}
at_best = {
    f"muP at {rate(wide['muP'].rate)}": rows_of["muP"][-1][wide["muP"].index],
    f"SP at {rate(wide['SP'].rate)}": rows_of["SP"][-1][wide["SP"].index],
}
pair = compare(
    {name: cell.losses for name, cell in at_best.items()},
    higher_is_better=False,
).pairs[0]
low, high = pair.interval
each = ", ".join(f"{d:+.3f}" for d in pair.differences)
print()
print(
    f"At width {sp.widths[-1]}, each scheme at its own best rate: "
    f"{pair.arm} against {pair.reference} is {pair.verdict} (lower loss on "
    f"{pair.wins} of {pair.n} seeds; seed by seed {each}, 95 % interval of "
    f"the mean {low:+.3f} to {high:+.3f})."
)
