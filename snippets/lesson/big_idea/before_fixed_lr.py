import torch

from lrlab.pipeline import build_model, fit, make_task
from lrlab.tables import table

task = make_task()  # the two-class task of the pipeline trace (site seed)
model = build_model()  # 10 -> 10 -> 2, seeded

optimizer = torch.optim.SGD(model.parameters(), lr=1.0)
history = fit(model, optimizer, task, epochs=60)  # mini-batches of 32

shown = [r for r in history if r.epoch == 1 or r.epoch % 10 == 0]
rows = [
    (str(r.epoch), f"{r.lr_used:.4g}", f"{r.train_loss:.4f}", f"{r.test_acc:.3f}") for r in shown
]
print(table(("epoch", "lr used", "train loss", "test acc"), rows))
