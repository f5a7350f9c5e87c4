import torch
from torch.func import functional_call

from lrlab.digits import load_data
from lrlab.stability import build_tanh_mlp

data = load_data()
x, y = data.x_train[:100], data.y_train[:100]
model = build_tanh_mlp()
names = [name for name, _ in model.named_parameters()]
params = list(model.parameters())
target = torch.nn.functional.one_hot(y, 10).float()


def loss_at(values):
    outputs = functional_call(model, dict(zip(names, values)), (x,))
    return 0.5 * ((outputs - target) ** 2).sum(dim=1).mean()


# The gradient, keeping its own graph (create_graph=True) so that it can
# be differentiated once more.
grads = torch.autograd.grad(loss_at(params), params, create_graph=True)

# A random direction v, one tensor per parameter, of length 1 in all.
gen = torch.Generator().manual_seed(0)
v = [torch.randn(p.shape, generator=gen) for p in params]
length = torch.sqrt(sum((t**2).sum() for t in v))
v = [t / length for t in v]

# The Hessian times v: the gradient of (gradient . v), one more backward
# pass through the gradient's graph (the double-backward).
hv = torch.autograd.grad(grads, params, grad_outputs=v)
n = sum(p.numel() for p in params)
print(f"the Hessian would be {n} x {n} numbers; Hv is {n}, never the matrix:")
print("  Hv, one tensor per parameter:", [tuple(t.shape) for t in hv])
curvature = sum((a * b).sum() for a, b in zip(v, hv)).item()
print(f"v . Hv, the loss's curvature along v: {curvature:.4f}")


# Check: Hv is how fast the gradient changes along v, so the difference of
# two plain gradients, at w + eps v and w - eps v, over 2 eps, is close.
def gradient_at(shift):
    moved = [
        (p + shift * t).detach().requires_grad_() for p, t in zip(params, v)
    ]
    return torch.autograd.grad(loss_at(moved), moved)


eps = 1e-2
plus, minus = gradient_at(eps), gradient_at(-eps)
difference = [(a - b) / (2 * eps) for a, b in zip(plus, minus)]
gap = torch.sqrt(sum(((a - b) ** 2).sum() for a, b in zip(hv, difference)))
size = torch.sqrt(sum((a**2).sum() for a in hv))
print(f"|Hv - finite difference| / |Hv| = {gap / size:.1e}")
assert gap / size < 1e-2
