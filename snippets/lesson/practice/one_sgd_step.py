import torch
from torch import nn

# One SGD update of a y = 2x model at two learning rates: same gradient, different step.
x = torch.tensor([[1.0], [2.0], [3.0], [4.0]])
y = 2 * x
for lr in (0.1, 0.01):
    torch.manual_seed(0)
    model = nn.Linear(1, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    before = model.weight.item()
    nn.MSELoss()(model(x), y).backward()
    gradient = model.weight.grad.item()
    optimizer.step()
    moved = model.weight.item() - before
    print(
        f"lr={lr:<5} gradient={gradient:.4f}  weight moved by {moved:+.5f}"
        f"  (-lr x gradient = {-lr * gradient:+.5f})"
    )
print("layers after training:", model)
