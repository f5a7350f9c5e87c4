from lrlab.digits import load_data, range_test, train

data = load_data(0)
test = range_test(data, start_lr=1e-4, end_lr=10.0, steps=100)
lowest = test.lowest()
print(f"range test: smoothed loss lowest at lr = {lowest:.3g}")

# Fresh weights, 5 epochs at each reading (SGD, momentum 0.9, batch 32).
trains = {}
for name, lr in (
    ("the lowest-loss rate", lowest),
    ("a tenth of it", lowest / 10),
):
    run = train(data, lr, epochs=5)
    trains[name] = run.test_acc > 0.9
    print(f"{name:<21} lr = {lr:.3g}: test accuracy {run.test_acc:.3f}")

if all(trains.values()):
    print("both train")
elif not any(trains.values()):
    print("neither trains")
else:
    name = next(name for name, ok in trains.items() if ok)
    print(f"only {name} trains")
