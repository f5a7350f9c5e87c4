from lrlab.training import train_y2x

# The y = 2x fit above with a fixed rate: the loss in each of 8 epochs.
print(" " * 6 + "loss in epoch")
print(f"{'lr':<6}" + "".join(f"{epoch:>9}" for epoch in range(1, 9)))
for lr in (0.1, 0.11, 0.13):
    losses = [r.loss for r in train_y2x(lr=lr, epochs=8)]
    print(f"{lr:<6}" + "".join(f"{loss:9.3f}" for loss in losses))
