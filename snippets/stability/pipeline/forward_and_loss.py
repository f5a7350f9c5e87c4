import torch

from lrlab.digits import load_data
from lrlab.stability import build_tanh_mlp

data = load_data()
x, y = data.x_train[:100], data.y_train[:100]
model = build_tanh_mlp()

# All 100 images at once, layer by layer.
h = x
print(f"input        {tuple(h.shape)}")
for layer in model:
    h = layer(h)
    print(f"after {type(layer).__name__:6} {tuple(h.shape)}")

# The loss: half the squared distance from the ten outputs to the one-hot
# target, summed over the ten digits and averaged over the 100 images.
target = torch.nn.functional.one_hot(y, 10).float()
loss = 0.5 * ((h - target) ** 2).sum(dim=1).mean()
print(f"one-hot targets {tuple(target.shape)}; image 0 is a {y[0].item()}:")
print(f"  target  {[int(v) for v in target[0].tolist()]}")
print(f"  outputs {[round(v, 2) for v in h[0].tolist()]}")
print(f"loss: {loss.item():.4f} (all outputs 0 would give 0.5)")
