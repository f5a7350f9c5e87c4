from lrlab.digits import load_data, lr_finder_range_test, range_test

# Ours and torch-lr-finder's LRFinder.range_test, from the same seeded weights and batches.
data = load_data()
ours = range_test(data, start_lr=1e-4, end_lr=10.0, steps=100)
theirs = lr_finder_range_test(data, start_lr=1e-4, end_lr=10.0, steps=100)

rate_gap = max(
    abs(a - b) for a, b in zip(ours.rates, theirs.rates, strict=True)
)
loss_gap = max(
    abs(a - b) for a, b in zip(ours.smoothed, theirs.smoothed, strict=True)
)
print(f"steps: ours {len(ours.rates)}, torch-lr-finder {len(theirs.rates)}")
print(f"largest difference in the rate of a step:   {rate_gap:.3g}")
print(f"largest difference in the smoothed loss:    {loss_gap:.3g}")
print(
    f"steepest fall: ours {ours.steepest():.4g}, torch-lr-finder {theirs.steepest():.4g}"
)
print(
    f"lowest loss:   ours {ours.lowest():.4g}, torch-lr-finder {theirs.lowest():.4g}"
)
