import torch
from torch.func import functional_call

from lrlab.digits import load_data
from lrlab.stability import build_tanh_mlp, sharpness

data = load_data()
x, y = data.x_train[:100], data.y_train[:100]
model = build_tanh_mlp()
names = [name for name, _ in model.named_parameters()]
params = list(model.parameters())
target = torch.nn.functional.one_hot(y, 10).float()
outputs = functional_call(model, dict(zip(names, params)), (x,))
loss = 0.5 * ((outputs - target) ** 2).sum(dim=1).mean()
grads = torch.autograd.grad(loss, params, create_graph=True)


def hessian_times(v):  # one double-backward, as in the block above
    return torch.autograd.grad(
        grads, params, grad_outputs=v, retain_graph=True
    )


def unit(vectors):
    length = torch.sqrt(sum((t**2).sum() for t in vectors))
    return [t / length for t in vectors]


# Power iteration: v <- Hv / |Hv|. The estimate is v . Hv; stop when it
# changes by less than tol (relative), the tolerance sharpness_trace uses.
tol = 1e-5
gen = torch.Generator().manual_seed(1)
v = unit([torch.randn(p.shape, generator=gen) for p in params])
estimate = None
for step in range(1, 201):
    hv = hessian_times(v)
    new = sum((a * b).sum() for a, b in zip(v, hv)).item()
    change = abs(new - estimate) / abs(new) if estimate else float("inf")
    print(f"iteration {step:2}: estimate {new:.6f}  change {change:.1e}")
    estimate, v = new, unit(hv)
    if change <= tol:
        break

# lrlab's top_eigenvalue (here through sharpness, which runs it on the
# model's squared-error loss) from its own start, with the same tolerance:
eig = sharpness(model, x, y, tol=tol)
print(f"ours: {estimate:.6f} after {step} products")
print(
    f"lrlab.stability.sharpness: {eig.value:.6f} after {eig.iterations} products"
)
assert abs(estimate - eig.value) <= tol * eig.value
print(f"2 / sharpness = {2 / estimate:.4f}")
