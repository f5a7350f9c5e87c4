from lrlab.digits import evaluate, load_data, train

# The lesson's SGD (momentum 0.9) at lr 0.05 on 1024 training examples:
# batch 32 (32 steps) against batch 64 (16 steps), the rate unchanged.
# Seeds 0, 1 and 2 (each its own split, weights and batch order).
verdicts = []
for seed in (0, 1, 2):
    data = load_data(seed)
    loss = {}
    for batch in (32, 64):
        steps = 1024 // batch
        run = train(data, 0.05, batch_size=batch, steps=steps, seed=seed)
        loss[batch] = evaluate(run.model, data.x_train, data.y_train)[0]
    print(
        f"seed {seed}: train loss batch 32 {loss[32]:.4f}, 64 {loss[64]:.4f}"
    )
    if abs(loss[64] - loss[32]) < 1e-3:
        verdicts.append("the same")
    else:
        verdicts.append("higher" if loss[64] > loss[32] else "lower")
print(verdicts[0] if len(set(verdicts)) == 1 else "differs from seed to seed")
