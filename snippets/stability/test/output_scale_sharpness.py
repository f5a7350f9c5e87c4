import torch

from lrlab.digits import load_data
from lrlab.repro import site_seed
from lrlab.stability import build_tanh_mlp, sharpness

# The digits tanh MLP 64-32-32-10 at initialization, its squared-error loss on
# the first 100 training images: the sharpness as built, then with the
# output layer's weights multiplied by 3. One seed; the build runs this
# again with each seed the question names.
seed = site_seed()
data = load_data(seed)
x, y = data.x_train[:100], data.y_train[:100]
model = build_tanh_mlp(seed)
before = sharpness(model, x, y, seed=seed).value
with torch.no_grad():
    model[-1].weight.mul_(3)
after = sharpness(model, x, y, seed=seed).value
ratio = after / before
print(
    f"seed {seed}: sharpness {before:.3f} -> {after:.3f}, x {ratio:.2f};"
    f" 2 / sharpness {2 / before:.3f} -> {2 / after:.3f}"
)
if abs(ratio - 9) < 0.09:
    print("grows 9x")
elif abs(ratio - 1) < 0.01:
    print("unchanged")
else:
    print("grows" if ratio > 1 else "shrinks")
