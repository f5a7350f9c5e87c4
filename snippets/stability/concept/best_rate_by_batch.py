from lrlab.compare import compare
from lrlab.stability import best_rates_by_batch, noise_scale_during_training
from lrlab.tables import table

# Plain SGD (no momentum) on the digits MLP: 2048 training examples at every
# batch size (so 256 steps at batch 8, 4 at batch 512), five rates a factor
# 2 apart, seeds 0, 1, 2. A run's score is its loss on the whole train split.
seeds = [0, 1, 2]
sweep = best_rates_by_batch(
    [8, 16, 32, 64, 128, 256, 512], [0.125, 0.25, 0.5, 1.0, 2.0], seeds, 2048
)
rows = []
for res in sweep.results:
    mean, low, high = res.best
    each = ", ".join(f"{r:g}" for r in res.best_rate_per_seed)
    flags = [
        f"not beaten on every seed: {', '.join(f'{r:g}' for r in res.tied)}"
    ] * bool(res.tied)
    flags += ["at grid edge"] * res.at_edge
    flags = "; ".join(flags) or "beat every rate on every seed"
    spread = f"{mean:.3f} ({low:.3f}-{high:.3f})"
    chosen = f"{res.best_rate:g} ({each})"
    rows.append((str(res.batch_size), str(res.steps), chosen, spread, flags))
headers = ("batch", "steps", "best rate (each seed)", "loss there", "flags")
print(table(headers, rows, "markdown", align="rrrrl"))
print()


# Linear scaling, tested pair by pair: batch 2b at rate 2r against batch b
# at its best rate r, and each batch at its own best, seed by seed.
def said(pair):  # a compare() verdict, with the loss to three decimals
    low, high = pair.interval
    each = ", ".join(f"{d:+.3f}" for d in pair.differences)
    return (
        f"{pair.arm} against {pair.reference}: {pair.verdict} (lower on "
        f"{pair.wins} of {pair.n} seeds); seed by seed {each}, 95 % "
        f"interval of the mean {low:+.3f} to {high:+.3f}"
    )


print("Doubling the batch, seed by seed (loss; lower is better):")
print()
held, bend = [], None
for small, big in zip(sweep.results, sweep.results[1:]):
    b, r = small.batch_size, small.best_rate
    if bend or small.at_edge or big.at_edge:
        continue
    reference = f"batch {b} at {r:g}"
    best = f"batch {2 * b} at its best {big.best_rate:g}"
    arms = {best: big.losses[big.best_rate], reference: small.losses[r]}
    if 2 * r in big.losses and big.best_rate != 2 * r:
        arms = {f"batch {2 * b} at {2 * r:g}": big.losses[2 * r], **arms}
    verdict = compare(arms, reference, higher_is_better=False)
    for pair in verdict.pairs:
        print(f"- {said(pair)}.")
    doubled = verdict.pair(next(iter(arms)), reference)
    # linear scaling holds: 2b at 2r not worse, and not behind on every seed
    if 2 * r in big.losses and doubled.verdict != "worse" and doubled.wins:
        held.append(f"{b} to {2 * b}")
    if verdict.pair(best, reference).verdict == "worse":
        bend = (b, 2 * b)
print()
scaled = ", ".join(held) if held else "none of the doublings"
print(f"Linear scaling (double the batch, double the rate, same loss) held "
      f"for batch {scaled}.", end=" ")  # fmt: skip
if bend:
    print(f"From batch {bend[0]} to {bend[1]} the loss was worse even at the "
          f"bigger batch's own best rate: past this bend, a bigger batch "
          f"needs more examples for the same loss.")  # fmt: skip
else:
    print("No doubling was worse at its own best rate on this grid.")
print()

# McCandlish et al.'s noise scale along one run at batch 32, rate 0.5 (one
# run per seed): exact, from every example's gradient, and their two-batch
# estimate (batches of 8 and 256, 20 draws); B_noise weighs it by curvature.
runs = noise_scale_during_training(
    32, 0.5, seeds, [0, 1024, 2048],
    b_small=8, b_big=256, draws=20, curvature_samples=32,
)  # fmt: skip


def each(values):
    return ", ".join(f"{v:.0f}" for v in values)


rows = []
for k, checkpoint in enumerate(runs[seeds[0]]):
    points = [runs[s][k] for s in seeds]
    loss = sum(p.train_loss for p in points) / len(points)
    rows.append((str(checkpoint.examples), f"{loss:.2f}",
                 each(p.noise.b_simple for p in points),
                 each(p.noise.b_simple_estimate for p in points),
                 each(p.curved.b_noise for p in points)))  # fmt: skip
headers = ("examples seen", "train loss", "B_simple (exact)",
           "B_simple (estimate)", "B_noise")  # fmt: skip
print(table(headers, rows, "markdown", align="rrrrr"))
print()


# Where the bend sits against the noise scale, at init and mid-training.
def span(values):
    return f"{min(values):.0f}-{max(values):.0f}"


def against(values):
    if bend[1] < min(values):
        return "below"
    return "above" if bend[0] > max(values) else "inside"


def measured(scale):  # scale(point) -> value; init, then the later points
    first = [scale(runs[s][0]) for s in seeds]
    later = [scale(p) for s in seeds for p in runs[s][1:]]
    return first, later


for name, scale in {
    "B_simple": lambda p: p.noise.b_simple,
    "B_noise": lambda p: p.curved.b_noise,
}.items():
    first, later = measured(scale)
    if bend:
        print(f"- The bend (batch {bend[0]} to {bend[1]}) lies "
              f"{against(first)} {name} at init ({span(first)} over the "
              f"seeds) and {against(later)} its values after "
              f"{runs[seeds[0]][1].examples}-{runs[seeds[0]][-1].examples} "
              f"examples ({span(later)}).")  # fmt: skip
fell = sum(
    runs[s][1].noise.b_simple < runs[s][0].noise.b_simple for s in seeds
)
rose = sum(
    runs[s][2].noise.b_simple > runs[s][1].noise.b_simple for s in seeds
)
print(f"- B_simple fell from init to the first checkpoint on {fell} of "
      f"{len(seeds)} seeds, then rose to the second on {rose}.")  # fmt: skip
points = [p for s in seeds for p in runs[s]]
gap = max(
    abs(p.noise.b_simple_estimate / p.noise.b_simple - 1) for p in points
)
print(f"- The two-batch estimate came within {gap:.0%} of the exact B_simple "
      f"at every point.")  # fmt: skip
