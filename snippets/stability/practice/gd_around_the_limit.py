import itertools

import torch

# Gradient descent on the bowl 0.5 * (4 a^2 + b^2): sharpness 4, so the
# limit is 2 / 4 = 0.5. Fifty steps from (1, 1) at 0.9 and 1.1 times it.
curvatures = torch.tensor([4.0, 1.0])
limit = 2 / curvatures.max().item()
said = []
for share in (0.9, 1.1):
    lr = share * limit
    point = torch.ones(2)
    path = []
    for step in range(50):
        point = point - lr * curvatures * point  # the gradient is c * point
        path.append(point[0].item())
    flips = sum(a * b < 0 for a, b in itertools.pairwise(path))
    print(
        f"lr = {share} x 2/λ = {lr:.3g}: steep coordinate {path[-1]:.3g} "
        f"after 50 steps, {flips} sign changes"
    )
    said.append("converges" if abs(path[-1]) < 1e-2 else "diverges")
print(f"0.9x {said[0]}, 1.1x {said[1]}")
