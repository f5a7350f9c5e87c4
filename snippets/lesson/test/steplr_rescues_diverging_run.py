import math

import torch
from torch import nn
from torch.optim.lr_scheduler import StepLR

torch.manual_seed(0)
model = nn.Linear(1, 1)
x = torch.tensor([[1.0], [2.0], [3.0], [4.0]])
y = 2 * x
loss_fn = nn.MSELoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.13)
scheduler = StepLR(optimizer, step_size=3, gamma=0.5)

losses = []
for epoch in range(10):
    lr = optimizer.param_groups[0]["lr"]
    optimizer.zero_grad()
    loss = loss_fn(model(x), y)
    loss.backward()
    optimizer.step()
    scheduler.step()
    losses.append(loss.item())
    print(f"Epoch {epoch + 1:2d}  lr {lr:.5f}  loss {loss.item():9.4f}")

if any(math.isnan(loss) for loss in losses):
    print("turns into nan")
elif losses[-1] > losses[3]:
    print("keeps growing")
elif losses[-1] >= losses[0]:
    print("never falls below the epoch-1 loss")
elif losses[-1] < losses[0] / 10:
    print("ends more than 10x below the epoch-1 loss")
else:
    print("falls, but stays within 10x of the epoch-1 loss")
