import torch
from torch.optim.lr_scheduler import LambdaLR

from lrlab.stability import build_net, param_groups

# muP groups for a width-256 net relative to base width 64, lr 0.01, and a
# 10-step linear warm-up by LambdaLR, stepped after every batch (here 4
# times). Which rate does the output weights' group hold?
net = build_net(256, "muP", base_width=64, seed=0)
optimizer = torch.optim.Adam(param_groups(net, 0.01, 256, 64, "muP"))
scheduler = LambdaLR(optimizer, lambda step: min(1.0, (step + 1) / 10))
for _ in range(4):
    optimizer.step()
    scheduler.step()
for group in optimizer.param_groups:
    print(
        f"{group['name']}: initial_lr {group['initial_lr']:.3g},"
        f" lr now {group['lr']:.3g}"
    )
print(f"{optimizer.param_groups[2]['lr']:.3g}")
