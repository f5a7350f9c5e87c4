import itertools
import math

from lrlab.digits import load_data, range_test

# The exponential range test (fastai's, torch-lr-finder's) on the digits:
# 100 batches, lr from 1e-4 to 10.
rates = range_test(load_data(0), 1e-4, 10.0, steps=100).rates
ratios = [b / a for a, b in itertools.pairwise(rates)]
print(f"batches 1 and 100 use {rates[0]:.4g} and {rates[-1]:.4g}")
print(f"lr(n + 1) / lr(n): {min(ratios):.4f} to {max(ratios):.4f}")
print(f"batch 51 uses {rates[50]:.4g}")

# The option nearest to batch 51's rate on a log scale:
near = {
    "about 5": 5,
    "about 0.5": 0.5,
    "about 0.03": 3e-2,
    "about 0.005": 5e-3,
}
print(min(near, key=lambda name: abs(math.log(rates[50] / near[name]))))
