import textwrap
import warnings

import torch

model = torch.nn.Linear(1, 1)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=2, gamma=0.5)

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    for epoch in range(1, 5):
        scheduler.step()  # wrong order: before the optimizer has stepped
        lr_used = optimizer.param_groups[0]["lr"]
        optimizer.step()
        print(f"epoch {epoch}: lr used = {lr_used:.4f}")

for warning in caught:
    message = f"{warning.category.__name__}: {warning.message}"
    print(textwrap.fill(message, width=78, break_on_hyphens=False))
