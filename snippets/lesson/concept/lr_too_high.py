from lrlab.training import train_y2x

# The same y = 2x fit with a fixed rate, for three rates around the stability limit.
for lr in (0.1, 0.11, 0.13):
    losses = [r.loss for r in train_y2x(lr=lr, epochs=8)]
    print(f"lr={lr:<5}", " ".join(f"{loss:9.3f}" for loss in losses))
