from lrlab.stability import best_rates_by_batch, noise_scale_during_training
from lrlab.stability.said import (
    batch_table,
    bend_sentences,
    doublings,
    noise_table,
)

# Plain SGD (no momentum) on the digits MLP: 2048 training examples at every
# batch size (so 256 steps at batch 8, 4 at batch 512), five rates a factor
# 2 apart, seeds 0, 1, 2. A run's score is its loss on the whole train split.
seeds = [0, 1, 2]
sweep = best_rates_by_batch(
    [8, 16, 32, 64, 128, 256, 512], [0.125, 0.25, 0.5, 1.0, 2.0], seeds, 2048
)
print(batch_table(sweep))
print()

# Linear scaling, tested pair by pair, seed by seed (lower loss is better):
# batch 2b at rate 2r against batch b at its best rate r, and each batch at
# its own best. The bend: the first doubling worse even at its own best rate.
compared, held, bend = doublings(sweep)
print("Doubling the batch, seed by seed (loss; lower is better):\n")
print("\n".join(f"- {sentence}" for sentence in compared))
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
print(noise_table(runs))
print()
print("\n".join(f"- {sentence}" for sentence in bend_sentences(bend, runs)))

# What the page says around these tables, checked against the runs: a bend
# exists; past it the best rate still rose on the grid, more slowly than the
# batch; B_simple fell over the first checkpoint on every seed, then rose.
assert bend
past = [r for r in sweep.results if r.batch_size >= bend[1]]
assert past[-1].best_rate > past[0].best_rate
growth = past[-1].best_rate / past[0].best_rate
assert growth < past[-1].batch_size / past[0].batch_size
assert all(
    runs[s][1].noise.b_simple < runs[s][0].noise.b_simple for s in seeds
)
assert all(
    runs[s][2].noise.b_simple > runs[s][1].noise.b_simple for s in seeds
)
