from lrlab.digits import load_data, train, warmup

# SGD (momentum 0.9, batch 32) for 5 epochs at lr 1.0, without a warm-up
# and with a linear warm-up over the first epoch (45 steps).
data = load_data(0)
runs = {
    "no warm-up": train(data, 1.0, epochs=5),
    "warm-up": train(data, 1.0, epochs=5, schedule=warmup(45)),
}
for name, run in runs.items():
    smooth = run.smoothed(10)  # train loss averaged over 10 steps
    low = min(range(run.steps), key=smooth.__getitem__)
    print(f"{name}: lowest train loss at step {low + 1}", end=" ")
    print(f"(lr {run.rates[low]:.3g}): {smooth[low]:.3f}")
    print(f"  last {smooth[-1]:.3f}; test accuracy {run.test_acc:.3f}")

warm = runs["warm-up"]
if warm.diverged:
    print("turns into nan")
elif warm.test_acc > 0.9:
    print("rescues the run")
elif warm.test_acc < 0.5:
    print("still fails")
else:
    print("helps, but ends well below 90%")
