import torch

from lrlab.data import y_equals_2x
from lrlab.stability import top_eigenvalue

# The y = 2x fit (4 points) with its squared errors averaged, and summed:
# the summed loss is the mean times 4, so is every curvature.
x, y = y_equals_2x()
limits = {}
for name in ("mean", "sum"):

    def loss_of(params, name=name):
        weight, bias = params
        errors = (weight * x + bias - y) ** 2
        return errors.mean() if name == "mean" else errors.sum()

    params = [torch.zeros(()).requires_grad_() for _ in range(2)]
    sharp = top_eigenvalue(loss_of, params, seed=0).value
    limits[name] = 2 / sharp
    print(f"{name}: sharpness {sharp:.3f}, largest stable lr {2 / sharp:.4f}")
print(f"the sum's limit is {limits['mean'] / limits['sum']:.3g} times smaller")
