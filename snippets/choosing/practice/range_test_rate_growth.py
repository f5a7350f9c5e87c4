import itertools
import math

from lrlab.digits import load_data, range_test

# Smith's range test on the digits: 100 batches, the rate growing from
# 1e-4 to 10.
test = range_test(load_data(0), start_lr=1e-4, end_lr=10.0, steps=100)
rates = test.rates
for batch in (1, 2, 100):
    print(f"batch {batch:3d} uses {rates[batch - 1]:.4g}")
ratios = [later / earlier for earlier, later in itertools.pairwise(rates)]
low, high = min(ratios), max(ratios)
print(f"rate of batch n+1 / rate of batch n: {low:.4f} to {high:.4f}")
print(f"batch  51 uses {rates[50]:.4g}")

# The option nearest to batch 51's rate on a log scale.
options = {
    "about 5": 5,
    "about 0.5": 0.5,
    "about 0.03": 0.03,
    "about 0.005": 0.005,
}
distance = {
    name: abs(math.log(rates[50] / rate)) for name, rate in options.items()
}
print(min(distance, key=distance.get))
