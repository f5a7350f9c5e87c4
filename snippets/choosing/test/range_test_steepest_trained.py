from lrlab.digits import load_data, range_test, train

data = load_data(0)
test = range_test(data, start_lr=1e-4, end_lr=10.0, steps=100)

# Fresh weights, 10 epochs at the steepest point (SGD, momentum 0.9,
# batch 32).
lr = test.steepest()
run = train(data, lr, epochs=10)
print(f"lr = {lr:.3g}: test accuracy {run.test_acc:.3f}")

if run.diverged:
    print("turns into nan")
elif run.test_acc > 0.9:
    print("trains well")
elif run.test_acc < 0.5:
    print("fails")
else:
    print("trains, but ends below 90%")
