import torch
import torch.nn as nn
import torch.optim as optim

torch.manual_seed(0)


# Simple model: one weight and one bias
class SimpleModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.linear = nn.Linear(1, 1)

    def forward(self, x):
        return self.linear(x)


model = SimpleModel()

# Data: y = 2x
x = torch.tensor([[1.0], [2.0], [3.0], [4.0]])
y = torch.tensor([[2.0], [4.0], [6.0], [8.0]])

# Optimizer and scheduler: start at 0.1, halve every 5 epochs
optimizer = optim.SGD(model.parameters(), lr=0.1)
scheduler = optim.lr_scheduler.StepLR(optimizer, step_size=5, gamma=0.5)
loss_fn = nn.MSELoss()

for epoch in range(15):
    optimizer.zero_grad()
    outputs = model(x)
    loss = loss_fn(outputs, y)
    loss.backward()
    optimizer.step()
    scheduler.step()
    lr = scheduler.get_last_lr()[0]
    print(f"Epoch {epoch + 1}: Loss={loss.item():.4f}, LR={lr:.4f}")
