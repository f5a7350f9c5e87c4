import torch

from lrlab.pipeline import build_model, fit, make_task
from lrlab.tables import table

task = make_task()  # the same task, the same initial weights, the same batches
model = build_model()

optimizer = torch.optim.SGD(model.parameters(), lr=1.0)
scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=20, gamma=0.1)
# fit() calls scheduler.step() once after every epoch
history = fit(model, optimizer, task, epochs=60, scheduler=scheduler)

rows = []
for r in history:
    if r.epoch == 1 or r.epoch % 10 == 0:
        lr, loss = f"{r.lr_used:.4g}", f"{r.train_loss:.4f}"
        rows.append((str(r.epoch), lr, loss, f"{r.test_acc:.3f}"))
print(table(("epoch", "lr used", "train loss", "test acc"), rows))
