import torch
from torch.optim.lr_scheduler import StepLR

model = torch.nn.Linear(1, 1)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
scheduler = StepLR(optimizer, step_size=1, gamma=0.1)

optimizer.step()  # one epoch (a real loop runs loss.backward() first)
scheduler.step()
print(scheduler.get_last_lr())
