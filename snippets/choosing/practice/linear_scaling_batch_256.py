from lrlab.digits import load_data, train

# 5 epochs each: batch 32 at 0.1, then batch 256 (8x the batch, 8x fewer
# steps) at the same rate and at the rate the linear scaling rule gives.
data = load_data(0)
print("batch  lr      steps  last-epoch train loss  test accuracy")
for batch, lr in ((32, 0.1), (256, 0.1), (256, 0.1 * 256 / 32)):
    run = train(data, lr, epochs=5, batch_size=batch)
    per_epoch = data.steps_per_epoch(batch)
    last = sum(run.losses[-per_epoch:]) / per_epoch
    acc, steps = run.test_acc, run.steps
    print(f"{batch:5d}  {lr:<6.3g}  {steps:5d}  {last:21.4f}  {acc:13.3f}")
