import torch

from lrlab.data import y_equals_2x
from lrlab.training import train_y2x

# For MSE on a linear model, plain gradient descent is stable only while
# lr < 2 / (largest eigenvalue of the loss's Hessian); for y = 2x that Hessian is constant.
x, _ = y_equals_2x()
features = torch.cat(
    [x, torch.ones_like(x)], dim=1
)  # columns for the weight and the bias
curvature = (
    torch.linalg.eigvalsh(2 * features.T @ features / len(x)).max().item()
)
limit = 2 / curvature
sentences = [
    f"For this data the largest curvature of the loss is {curvature:.3f} (how sharply the loss "
    "bends along its steepest direction: the largest eigenvalue of its Hessian, the matrix of "
    "its second derivatives), so plain gradient descent with a fixed rate is stable only below "
    f"2 / {curvature:.3f} = **{limit:.4f}**."
]
outcome = {}
for lr in (0.1, 0.11, 0.13):
    losses = [r.loss for r in train_y2x(lr=lr, epochs=8)]
    side = "below" if lr < limit else "above"
    trend = "falls" if losses[-1] < losses[0] else "grows"
    outcome[lr] = (side, trend)
    sentences.append(
        f"lr={lr} is {side} it and its loss {trend} from {losses[0]:.3f} to {losses[-1]:.3f}."
    )
print(" ".join(sentences))
print()

# "Too high" is relative to this limit, not to the number 0.1.
grew = [lr for lr, (side, trend) in outcome.items() if trend == "grows"]
close = [
    lr for lr, (side, trend) in outcome.items() if side == "below" and lr > 0.1
]
said = (
    f'"Too high" is a property of the problem, not of the number: here a fixed rate above the '
    f"measured limit of {limit:.4f} makes the loss grow"
)
if grew:
    said += f", as lr={grew[0]} does"
if close and outcome[close[0]][1] == "falls":
    said += f", while lr={close[0]}, just below the limit, still converges"
print(
    said
    + ". Many deep networks, with other losses and data, train well at 0.1."
)
