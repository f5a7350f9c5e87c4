import torch
from torch import nn

from lrlab.digits import (
    build_mlp,
    evaluate,
    load_data,
    train_loader,
    wsd_factor,
)
from lrlab.tables import table

# Warmup-stable-decay from a peak of 0.3: one epoch (45 steps) of linear warm-up, constant,
# then a linear cooldown to 0 over the last 20 % of the 450 steps. The scheduler steps after
# every batch.
data = load_data()
model = build_mlp()
loader = train_loader(data)
epochs, steps_per_epoch = 10, data.steps_per_epoch()
total = epochs * steps_per_epoch
optimizer = torch.optim.SGD(model.parameters(), lr=0.3, momentum=0.9)
scheduler = torch.optim.lr_scheduler.LambdaLR(
    optimizer, lambda step: wsd_factor(step, total, warmup=steps_per_epoch)
)
loss_fn = nn.CrossEntropyLoss()

rows = []
for epoch in range(1, epochs + 1):
    rates, losses = [], []
    for x, y in loader:
        rates.append(optimizer.param_groups[0]["lr"])
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
        scheduler.step()
        losses.append(loss.item())
    test_loss, test_acc = evaluate(model, data.x_test, data.y_test)
    rows.append(
        (
            str(epoch),
            f"{rates[0]:.4f}",
            f"{rates[-1]:.4f}",
            f"{sum(losses) / len(losses):.4f}",
            f"{test_loss:.4f}",
            f"{test_acc:.3f}",
        )
    )
headers = (
    "epoch",
    "lr, first step",
    "lr, last step",
    "mean train loss",
    "test loss",
    "test acc",
)
print(table(headers, rows))
print()

# The test loss in the epochs held at the peak, and in the epochs of the cooldown.
held = [r for r in rows if float(r[1]) == float(r[2]) == 0.3]
cooling = [r for r in rows if float(r[2]) < float(r[1])]
held_losses = [float(r[4]) for r in held]
print(
    f"held at the peak (epochs {held[0][0]} to {held[-1][0]}): test loss between "
    f"{min(held_losses):.4f} and {max(held_losses):.4f}"
)
print(
    f"cooling down (epochs {cooling[0][0]} to {cooling[-1][0]}): test loss "
    + " -> ".join(r[4] for r in cooling)
)
