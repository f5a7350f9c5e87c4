from lrlab.digits import load_data, range_test, train

data = load_data(0)
test = range_test(data, start_lr=1e-4, end_lr=10.0, steps=100)

# Fresh weights, 10 epochs at each reading (SGD, momentum 0.9, batch 32).
trains = {}
for name, lr in (
    ("steepest", test.steepest()),
    ("lowest-loss", test.lowest()),
):
    run = train(data, lr, epochs=10)
    trains[name] = run.test_acc > 0.9
    print(f"{name:<11} lr = {lr:.3g}: test accuracy {run.test_acc:.3f}")

if all(trains.values()):
    print("both train")
elif not any(trains.values()):
    print("neither trains")
else:
    print(
        "only the "
        + next(name for name, ok in trains.items() if ok)
        + " rate trains"
    )
