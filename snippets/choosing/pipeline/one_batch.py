import math

from torch import nn

from lrlab.digits import build_mlp, load_data, train_loader

data = load_data()
model = build_mlp()
x, y = next(iter(train_loader(data)))
print(f"batch of images x: {tuple(x.shape)}, labels y: {tuple(y.shape)}")
h = x
for layer in model:
    h = layer(h)
    print(f"after {type(layer).__name__:6} {tuple(h.shape)}")
loss = nn.CrossEntropyLoss()(h, y)
print(
    f"cross-entropy of the batch: {loss.item():.4f} (a uniform guess: ln 10 = {math.log(10):.4f})"
)
