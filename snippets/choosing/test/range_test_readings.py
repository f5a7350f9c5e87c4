from lrlab.digits import load_data, range_test

# The exponential range test (fastai's, torch-lr-finder's) on the digits
# (seed 0): 100 batches of 32, SGD with momentum 0.9, the rate growing
# exponentially from 1e-4 to 10.
test = range_test(load_data(0), start_lr=1e-4, end_lr=10.0, steps=100)
print(f"lowest smoothed loss at lr = {test.lowest():.3g}")
print(f"steepest descent at lr = {test.steepest():.3g}")
