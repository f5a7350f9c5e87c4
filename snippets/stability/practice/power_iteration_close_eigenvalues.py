import textwrap

import torch

from lrlab.stability import NotConverged, top_eigenvalue

# Two quadratics 0.5 x^T A x with the same top curvature 10: in the first
# the runner-up is 9.9, in the second 5. Power iteration, 20 products at most.
said = []
for second in (9.9, 5.0):
    A = torch.diag(torch.tensor([10.0, second, 1.0, 0.5]))

    def loss_of(params, A=A):
        (point,) = params
        return 0.5 * point @ A @ point

    point = torch.zeros(4).requires_grad_()
    try:
        found = top_eigenvalue(loss_of, [point], iters=20, tol=1e-6, seed=0)
    except NotConverged as error:
        print(f"runner-up {second}: NotConverged")
        print(
            textwrap.fill(
                str(error), 70, initial_indent="  ", subsequent_indent="  "
            )
        )
        said.append("raises")
    else:
        print(
            f"runner-up {second}: {found.value:.4f} after "
            f"{found.iterations} products"
        )
        said.append("converges")
print(f"9.9: {said[0]}; 5: {said[1]}")
