import itertools

import torch
from torch import nn

torch.manual_seed(0)
model = nn.Linear(1, 1)
x = torch.tensor([[1.0], [2.0], [3.0], [4.0]])
y = 2 * x
loss_fn = nn.MSELoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)

losses = []
for epoch in range(8):
    optimizer.zero_grad()
    loss = loss_fn(model(x), y)
    loss.backward()
    optimizer.step()
    losses.append(loss.item())
    print(f"Epoch {epoch + 1} loss: {loss.item():.4f}")

falls = [later < earlier for earlier, later in itertools.pairwise(losses)]
turn = falls.index(False) if False in falls else len(falls)  # first rise
if all(falls):
    print("falls every epoch")
elif not any(falls):
    print("grows every epoch")
elif not any(falls[turn:]):
    print("falls, then grows")
else:
    print("goes up and down")
