import torch
from torch import nn

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 10))
body, head = model[0], model[2]

# Discriminative fine-tuning (ULMFiT): the body learns slower than the head.
optimizer = torch.optim.SGD(
    [
        {"params": body.parameters(), "lr": 1e-3},
        {"params": head.parameters()},
    ],
    lr=1e-2,
    momentum=0.9,
)
for name, group in zip(("body", "head"), optimizer.param_groups):
    print(f"{name}: {len(group['params'])} tensors, lr {group['lr']:g}")

rates = [group["lr"] for group in optimizer.param_groups]
print(f"body {rates[0]:g}, head {rates[1]:g}")
