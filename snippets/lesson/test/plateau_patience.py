import torch
from torch.optim.lr_scheduler import ReduceLROnPlateau

model = torch.nn.Linear(1, 1)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
scheduler = ReduceLROnPlateau(optimizer, factor=0.1, patience=2)

first_drop = None
for epoch in range(1, 7):
    optimizer.step()  # one epoch of training
    validation_loss = 1.0  # the loss has stopped improving
    scheduler.step(validation_loss)
    lr = optimizer.param_groups[0]["lr"]
    print(f"after epoch {epoch}: lr = {lr:.4g}")
    if first_drop is None and lr < 0.1:
        first_drop = epoch

print(first_drop)
