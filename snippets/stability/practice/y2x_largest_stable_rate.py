import torch

from lrlab.data import y_equals_2x
from lrlab.stability import top_eigenvalue

# The first lesson's y = 2x fit (x = 1, 2, 3, 4): mean squared error as a
# function of the weight and the bias, a quadratic bowl with a 2 x 2 Hessian.
x, y = y_equals_2x()


def loss_of(params):
    weight, bias = params
    return ((weight * x + bias - y) ** 2).mean()


params = [torch.zeros(()).requires_grad_(), torch.zeros(()).requires_grad_()]
features = torch.cat([x, torch.ones_like(x)], dim=1)  # weight, bias
hessian = 2 * features.T @ features / len(x)
small, large = torch.linalg.eigvalsh(hessian).tolist()
estimate = top_eigenvalue(loss_of, params, seed=0).value
print(f"Hessian eigenvalues (eigvalsh): {small:.4f} and {large:.4f}")
print(f"sharpness by power iteration: {estimate:.4f}")
print(f"trace of the Hessian: {small + large:.4f}")
assert abs(estimate - large) <= 1e-3 * large
print("2 / sharpness:")
print(f"{2 / large:.3g}")
