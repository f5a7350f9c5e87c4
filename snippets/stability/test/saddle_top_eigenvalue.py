import torch

from lrlab.stability import NotConverged, top_eigenvalue

# A quadratic loss 0.5 * theta^T H theta whose Hessian is H. What does
# top_eigenvalue return?
H = torch.tensor([[-1.5, 2.5], [2.5, -1.5]])


def loss_of(params):
    (theta,) = params
    return 0.5 * theta @ H @ theta


theta = torch.zeros(2, requires_grad=True)
exact = torch.linalg.eigvalsh(H).tolist()
print("eigvalsh:", ", ".join(f"{value:.4f}" for value in exact))
try:
    eigen = top_eigenvalue(loss_of, [theta], seed=0)
except NotConverged:
    print("raises NotConverged")
else:
    print("second pass on the shifted Hessian:", eigen.shifted)
    print(f"{eigen.value:.4f}")
