import torch
from torch import nn
from torch.optim.lr_scheduler import StepLR

torch.manual_seed(0)
model = nn.Linear(1, 1)
x = torch.tensor([[1.0], [2.0], [3.0], [4.0]])
y = 2 * x
loss_fn = nn.MSELoss()

optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
scheduler = StepLR(optimizer, step_size=2, gamma=0.5)
used = []
for epoch in range(4):
    # the rate this epoch's update will use:
    used.append(optimizer.param_groups[0]["lr"])
    optimizer.zero_grad()
    loss = loss_fn(model(x), y)
    loss.backward()
    optimizer.step()
    scheduler.step()
    after = scheduler.get_last_lr()[0]
    print(
        f"Epoch {epoch + 1}: used {used[-1]:.4f}, get_last_lr() after: {after:.4f}"
    )

print("rate used in epoch 2:")
print(used[1])
