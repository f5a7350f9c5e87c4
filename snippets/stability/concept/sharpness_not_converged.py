import torch

from lrlab.stability import top_eigenvalue

# A quadratic 0.5 x^T A x whose two largest curvatures, 10 and 9.9, are
# close: power iteration separates them slowly, and with a budget of 20
# Hessian-vector products the estimate is still moving. It raises
# NotConverged rather than print a number that is not yet the answer.
A = torch.diag(torch.tensor([10.0, 9.9, 1.0, 0.5]))


def loss_of(params):
    (point,) = params
    return 0.5 * point @ A @ point


point = torch.zeros(4).requires_grad_()
top_eigenvalue(loss_of, [point], iters=20, tol=1e-6, seed=0)
