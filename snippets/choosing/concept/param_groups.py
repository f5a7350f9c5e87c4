import torch

from lrlab.digits import build_mlp

# Discriminative rates: the first layer at a third of the last layer's rate, one param group
# each. A scheduler scales every group from its own starting rate.
model = build_mlp()
optimizer = torch.optim.SGD(
    [
        {"params": model[0].parameters(), "lr": 0.1},
        {"params": model[2].parameters(), "lr": 0.3},
    ],
    momentum=0.9,
)
scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=2, gamma=0.5)
for step in range(1, 6):
    rates = [group["lr"] for group in optimizer.param_groups]
    print(
        f"step {step}: first layer {rates[0]:.4f}, last layer {rates[1]:.4f}"
    )
    optimizer.step()
    scheduler.step()
