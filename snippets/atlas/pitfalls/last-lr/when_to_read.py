import torch

from lrlab.tables import table

param = torch.nn.Parameter(torch.zeros(1))
optimizer = torch.optim.SGD([param], lr=0.1)
scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=2, gamma=0.5)

rows = []
for epoch in range(1, 6):
    # the rate this epoch trains at:
    group_before = optimizer.param_groups[0]["lr"]
    last_before = scheduler.get_last_lr()[0]
    optimizer.step()
    scheduler.step()
    group_after = optimizer.param_groups[0]["lr"]
    last_after = scheduler.get_last_lr()[0]
    values = (group_before, last_before, group_after, last_after)
    rows.append([str(epoch), *(f"{v:.4f}" for v in values)])
# pg = optimizer.param_groups[0]["lr"], last = scheduler.get_last_lr()[0]
headers = ["epoch", "pg before", "last before", "pg after", "last after"]
print(table(headers, rows))
