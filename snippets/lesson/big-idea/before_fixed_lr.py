import torch

from lrlab.pipeline import build_model, fit, make_task
from lrlab.tables import table

task = make_task()  # the two-class task of the pipeline trace (site seed)
model = build_model()  # 10 -> 10 -> 2, seeded

optimizer = torch.optim.SGD(model.parameters(), lr=1.0)
history = fit(model, optimizer, task, epochs=60)  # mini-batches of 32

rows = []
for r in history:
    if r.epoch == 1 or r.epoch % 10 == 0:
        lr, loss = f"{r.lr_used:.4g}", f"{r.train_loss:.4f}"
        rows.append((str(r.epoch), lr, loss, f"{r.test_acc:.3f}"))
print(table(("epoch", "lr used", "train loss", "test acc"), rows))
