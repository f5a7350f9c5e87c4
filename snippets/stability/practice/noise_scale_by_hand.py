import torch

from lrlab.stability import gradient_noise_scale, per_example_gradients

# Four examples with the same input x = 1 and labels 0, 0, 0, 1, and a
# Linear(1, 2) classifier starting at zero (cross-entropy loss).
x = torch.ones(4, 1)
y = torch.tensor([0, 0, 0, 1])
model = torch.nn.Linear(1, 2)
torch.nn.init.zeros_(model.weight)
torch.nn.init.zeros_(model.bias)

grads = per_example_gradients(model, x, y).double()  # one row per example
mean = grads.mean(dim=0)
print("per-example gradients (w0, w1, b0, b1):")
for label, row in zip(y.tolist(), grads.tolist()):
    print(f"  label {label}: {row}")
print(f"|G|^2 = {mean @ mean:.4g}")
print(f"tr(Sigma) = {((grads - mean) ** 2).sum(dim=1).mean():.4g}")
found = gradient_noise_scale(model, (x, y), b_small=2, b_big=4, draws=2)
assert abs(found.b_simple - found.trace / found.g2) < 1e-12
# The solution's hand derivation: |G|^2 = 1/4 and tr(Sigma) = 3/4.
assert abs(found.g2 - 0.25) < 1e-12
assert abs(found.trace - 0.75) < 1e-12
print("B_simple:")
print(f"{found.b_simple:.3g}")
