import torch
from torch.optim.lr_scheduler import ExponentialLR, LinearLR, SequentialLR

model = torch.nn.Linear(1, 1)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
warmup = LinearLR(optimizer, start_factor=0.1, total_iters=3)
decay = ExponentialLR(optimizer, gamma=0.9)
scheduler = SequentialLR(optimizer, [warmup, decay], milestones=[3])

used = []
for epoch in range(6):
    used.append(optimizer.param_groups[0]["lr"])
    optimizer.step()  # one epoch of training
    scheduler.step()

print(", ".join(f"{lr:.4g}" for lr in used))
