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
for epoch in range(4):
    optimizer.zero_grad()
    output = model(x)
    loss = loss_fn(output, y)
    loss.backward()
    optimizer.step()
    scheduler.step()
    print(f"Epoch {epoch + 1} lr: {scheduler.get_last_lr()[0]:.4f}")
