import torch
import torch.nn as nn
import torch.optim as optim

torch.manual_seed(0)
model = nn.Linear(1, 1)
criterion = nn.MSELoss()
optimizer = optim.SGD(model.parameters(), lr=0.00001)
x = torch.tensor([[1.0], [2.0], [3.0]])
y = torch.tensor([[2.0], [4.0], [6.0]])

losses = []
for epoch in range(5):
    optimizer.zero_grad()
    outputs = model(x)
    loss = criterion(outputs, y)
    loss.backward()
    optimizer.step()
    losses.append(loss.item())
    print(f"Epoch {epoch + 1}, Loss: {loss.item():.6f}")

drop = (losses[0] - losses[-1]) / losses[0]
print(f"relative drop over 5 epochs: {drop:.4%}")
if losses[-1] > losses[0]:
    print("grows")
elif drop < 0.01:
    print("falls by less than 1%")
elif drop > 0.5:
    print("falls by more than half")
else:
    print("falls by 1% to 50%")
