import torch

# loss = 0.5 * (4 a^2 + 1 b^2), largest curvature 4; torch.optim.SGD with
# momentum 0.9, 300 steps from (1, 1), at four rates.
curvatures, beta = torch.tensor([4.0, 1.0]), 0.9
top = curvatures.max().item()
print(
    f"limit: 2 / lambda = {2 / top:.3g} without momentum,"
    f" 2 (1 + beta) / lambda = {2 * (1 + beta) / top:.3g} with it"
)
largest = None
for lr in (0.05, 0.45, 0.9, 1.0):
    theta = torch.ones(2, requires_grad=True)
    optimizer = torch.optim.SGD([theta], lr=lr, momentum=beta)
    for _ in range(300):
        optimizer.zero_grad()
        loss = 0.5 * (curvatures * theta**2).sum()
        loss.backward()
        optimizer.step()
    final = 0.5 * (curvatures * theta.detach() ** 2).sum().item()
    converged = final < 1e-6
    verdict = "converges" if converged else "does not converge"
    print(f"lr {lr}: loss after 300 steps {final:.3g}, {verdict}")
    if converged:
        largest = lr
print(f"{largest}")
