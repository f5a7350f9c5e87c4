import torch

from lrlab.data import y_equals_2x

x, _ = y_equals_2x()  # x = 1, 2, 3, 4 and y = 2x
features = torch.cat([x, torch.ones_like(x)], dim=1)  # weight and bias
hessian = 2 * features.T @ features / len(x)  # of the MSE loss
curvature = torch.linalg.eigvalsh(hessian).max().item()
print(f"largest curvature of the loss: {curvature:.3f}")
