from lrlab.digits import evaluate, load_data, train
from lrlab.repro import site_seed

# The lesson's SGD (momentum 0.9) at lr 0.05 on 1024 training examples:
# batch 32 (32 steps) against batch 64 (16 steps), the rate unchanged. One
# seed (its own split, weights and batch order); the build runs this again
# with each seed the question names.
seed = site_seed()
data = load_data(seed)
loss = {}
for batch in (32, 64):
    run = train(data, 0.05, batch_size=batch, steps=1024 // batch, seed=seed)
    loss[batch] = evaluate(run.model, data.x_train, data.y_train)[0]
print(f"seed {seed}: train loss batch 32 {loss[32]:.4f}, 64 {loss[64]:.4f}")
if abs(loss[64] - loss[32]) < 1e-3:
    print("the same")
else:
    print("higher" if loss[64] > loss[32] else "lower")
