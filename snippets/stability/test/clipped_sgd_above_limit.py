import math

import torch

# loss = 0.5 * (4 a^2 + 1 b^2): plain gradient descent diverges above
# lr = 2 / 4 = 0.5. At lr 0.6, 400 steps from (3, 3), without and with
# clipping the gradient's norm to 1 before each step.
curvatures = torch.tensor([4.0, 1.0])


def losses_of(clip):
    theta = torch.full((2,), 3.0, requires_grad=True)
    optimizer = torch.optim.SGD([theta], lr=0.6)
    losses = []
    for _ in range(400):
        optimizer.zero_grad()
        loss = 0.5 * (curvatures * theta**2).sum()
        losses.append(loss.item())
        loss.backward()
        if clip:
            torch.nn.utils.clip_grad_norm_([theta], max_norm=1.0)
        optimizer.step()
    return losses


def outcome(losses):
    start, tail = losses[0], losses[300:]
    if not all(math.isfinite(loss) for loss in tail) or max(tail) > start:
        return "diverges"
    if max(tail) < 1e-8:
        return "converges"
    if min(tail) > 0.99 * start:
        return "stalls"
    return "bounded, never settles"


plain, clipped = losses_of(clip=False), losses_of(clip=True)
broke = next(i for i, loss in enumerate(plain) if not loss < 1e6)
print(f"unclipped: loss {plain[0]:.3g} at step 0, above 1e6 from step {broke}")
tail = clipped[300:]
print(
    f"clipped: loss {clipped[0]:.3g} at step 0,"
    f" between {min(tail):.3g} and {max(tail):.3g} over steps 300-399"
)
print(outcome(clipped))
