import torch
from torch.optim.lr_scheduler import StepLR

model = torch.nn.Linear(1, 1)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
scheduler = StepLR(optimizer, step_size=2, gamma=0.5)

used = []
for epoch in range(4):
    scheduler.step()  # called first: the order PyTorch warns about
    used.append(optimizer.param_groups[0]["lr"])
    optimizer.step()  # one epoch of training

print(", ".join(f"{lr:g}" for lr in used))
