from lrlab.digits import load_data, range_test, range_test_chart

# The exponential range test (fastai's, torch-lr-finder's): 100 batches of 32 from fresh
# weights, the rate growing exponentially from 1e-4 to 10 (SGD with momentum 0.9), one batch
# loss per rate.
data = load_data()
test = range_test(data, start_lr=1e-4, end_lr=10.0, steps=100)
marks = {"steepest fall": test.steepest(), "lowest loss": test.lowest()}
print(
    range_test_chart(
        test, marks, "Range test on the digits: SGD, momentum 0.9, batch 32"
    )
)

ending = (
    "stopped early: the smoothed loss passed five times its lowest value"
    if test.stopped
    else "ran all its steps"
)
print(
    f"<p>The test took {len(test.rates)} steps, {len(test.rates) / data.steps_per_epoch():.1f} "
    f"epochs' worth of batches, and {ending}. The smoothed loss falls fastest at a rate of "
    f"<strong>{test.steepest():.3g}</strong> and is lowest at <strong>{test.lowest():.3g}"
    "</strong>.</p>"
)
