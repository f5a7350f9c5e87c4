import torch

from lrlab.digits import load_data
from lrlab.stability import build_tanh_mlp

# What sharpness_trace trains on: the first 100 images of the seed's digits
# train split, all of them in every step (full batch), and its tanh MLP.
data = load_data()
x, y = data.x_train[:100], data.y_train[:100]
print(f"images x: {tuple(x.shape)}, labels y: {tuple(y.shape)}")
counts = torch.bincount(y, minlength=10).tolist()
print(f"images per digit 0..9: {counts}")
print()

model = build_tanh_mlp()
print(model)
for name, parameter in model.named_parameters():
    print(f"{name:9} {tuple(parameter.shape)}")
print(f"parameters in all: {sum(p.numel() for p in model.parameters())}")
