import torch

S = torch.optim.lr_scheduler
param = torch.nn.Parameter(torch.zeros(1))
optimizer = torch.optim.SGD([param], lr=0.1)
scheduler = S.StepLR(optimizer, step_size=4, gamma=0.5)
for _ in range(10):
    optimizer.step()
    scheduler.step()
start = optimizer.param_groups[0]["lr"]
cosine = S.CosineAnnealingLR(optimizer, T_max=10)
used = []
for _ in range(20):  # two T_max: down, then (past T_max) up again
    used.append(optimizer.param_groups[0]["lr"])
    optimizer.step()
    cosine.step()
print(
    "Built after epoch 10, the cosine starts from the optimizer's current "
    f"rate {start:.4f}, but its base_lrs are {cosine.base_lrs[0]:.4f} (the "
    f"initial_lr the first scheduler stored). It anneals to {min(used):.4f}, "
    f"and past T_max the rate climbs to {optimizer.param_groups[0]['lr']:.4f} "
    f"after 2 · T_max steps, not back to {start:.4f}."
)
