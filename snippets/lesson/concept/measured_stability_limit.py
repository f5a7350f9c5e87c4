import torch

from lrlab.data import y_equals_2x
from lrlab.training import train_y2x

# For MSE on a linear model, plain gradient descent is stable only while
# lr < 2 / (largest eigenvalue of the loss's Hessian); for y = 2x that Hessian is constant.
x, _ = y_equals_2x()
features = torch.cat([x, torch.ones_like(x)], dim=1)  # columns for the weight and the bias
curvature = torch.linalg.eigvalsh(2 * features.T @ features / len(x)).max().item()
limit = 2 / curvature
sentences = [
    f"For this data the largest curvature of the loss is {curvature:.3f}, so the stability "
    f"limit for a fixed rate is 2 / {curvature:.3f} = **{limit:.4f}**."
]
for lr in (0.1, 0.11, 0.13):
    losses = [r.loss for r in train_y2x(lr=lr, epochs=8)]
    side = "below" if lr < limit else "above"
    trend = "falls" if losses[-1] < losses[0] else "grows"
    sentences.append(
        f"lr={lr} is {side} it and its loss {trend} from {losses[0]:.3f} to {losses[-1]:.3f}."
    )
print(" ".join(sentences))
