import torch
from torch import nn

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(10, 10), nn.ReLU(), nn.Linear(10, 2))
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=1, gamma=0.5)

weights = [p.detach().clone() for p in model.parameters()]
print("lr before scheduler.step():", optimizer.param_groups[0]["lr"])
optimizer.step()  # no gradients yet, so this update changes no weight
scheduler.step()
print("lr after scheduler.step(): ", optimizer.param_groups[0]["lr"])
same = all(torch.equal(a, b) for a, b in zip(weights, model.parameters()))
print("weights and layers unchanged:", same)
print("model:", model)
