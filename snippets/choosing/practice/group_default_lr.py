import torch
from torch import nn

body, head = nn.Linear(64, 64), nn.Linear(64, 10)

# Discriminative fine-tuning (ULMFiT): the body learns slower than the head.
optimizer = torch.optim.SGD(
    [
        {"params": body.parameters(), "lr": 1e-3},
        {"params": head.parameters()},
    ],
    lr=1e-2,
    momentum=0.9,
)
rates = [group["lr"] for group in optimizer.param_groups]
print(f"body {rates[0]:g}, head {rates[1]:g}")
