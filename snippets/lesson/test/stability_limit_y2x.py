import torch

from lrlab.data import y_equals_2x

# Plain gradient descent on the MSE of a linear model is stable only while
# lr < 2 / (largest curvature of the loss, the top eigenvalue of its
# Hessian).
x, _ = y_equals_2x()  # x = 1, 2, 3, 4 and y = 2x
features = torch.cat([x, torch.ones_like(x)], dim=1)  # weight and bias
hessian = 2 * features.T @ features / len(x)
curvature = torch.linalg.eigvalsh(hessian).max().item()
print(f"largest curvature of the loss: {curvature:.3f}")
print(f"stable only below lr = 2 / {curvature:.3f} = {2 / curvature:.4f}")
