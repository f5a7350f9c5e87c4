import torch

from lrlab.data import y_equals_2x
from lrlab.stability import top_eigenvalue

# The first lesson's y = 2x fit: its MSE loss, as a function of the
# weight and the bias, is a quadratic bowl. Its sharpness is the largest
# eigenvalue of the loss's Hessian: power iteration on Hessian-vector
# products estimates it, and torch.linalg.eigvalsh computes it exactly.
x, y = y_equals_2x()


def loss_of(params):
    weight, bias = params
    return ((weight * x + bias - y) ** 2).mean()


params = [torch.zeros(()).requires_grad_(), torch.zeros(()).requires_grad_()]
estimate = top_eigenvalue(loss_of, params, seed=0)

features = torch.cat([x, torch.ones_like(x)], dim=1)  # weight, bias
hessian = 2 * features.T @ features / len(x)
exact = torch.linalg.eigvalsh(hessian).max().item()

print(
    f"power iteration: {estimate.value:.4f} "
    f"({estimate.iterations} Hessian-vector products)"
)
print(f"eigvalsh:        {exact:.4f}")
print(f"stable below lr = 2 / sharpness = {2 / exact:.4f}")
assert abs(estimate.value - exact) <= 1e-3 * exact
