import torch

from lrlab.digits import load_data
from lrlab.stability import build_tanh_mlp, sharpness

# The digits tanh MLP 64-32-32-10 at initialization, its squared-error loss on
# the first 100 training images: the sharpness as built, then with the
# output layer's weights multiplied by 3. Seeds 0, 1 and 2.
ratios = []
for seed in (0, 1, 2):
    data = load_data(seed)
    x, y = data.x_train[:100], data.y_train[:100]
    model = build_tanh_mlp(seed)
    before = sharpness(model, x, y, seed=seed).value
    with torch.no_grad():
        model[-1].weight.mul_(3)
    after = sharpness(model, x, y, seed=seed).value
    ratios.append(after / before)
    print(
        f"seed {seed}: sharpness {before:.3f} -> {after:.3f},"
        f" x {after / before:.2f}; 2 / sharpness {2 / before:.3f} -> {2 / after:.3f}"
    )
if all(abs(ratio - 9) < 0.09 for ratio in ratios):
    print("grows 9x")
elif all(ratio > 1 for ratio in ratios):
    print("grows")
elif all(ratio < 1 for ratio in ratios):
    print("shrinks")
elif all(abs(ratio - 1) < 0.01 for ratio in ratios):
    print("unchanged")
else:
    print("differs from seed to seed")
