import torch

from lrlab.atlas import comparison_svg
from lrlab.plots import chart

EPOCHS, BATCHES = 10, 20


def run(step_every_batch):
    """Rates used by each of the 200 batches (10 epochs of 20 batches)."""
    param = torch.nn.Parameter(torch.zeros(1))
    optimizer = torch.optim.SGD([param], lr=0.1)
    scheduler = torch.optim.lr_scheduler.OneCycleLR(
        optimizer, max_lr=1.0, epochs=EPOCHS, steps_per_epoch=BATCHES
    )
    used = []
    for _ in range(EPOCHS):
        for _ in range(BATCHES):
            used.append(optimizer.param_groups[0]["lr"])
            optimizer.step()
            if step_every_batch:
                scheduler.step()
        if not step_every_batch:
            scheduler.step()  # the mistake: once per epoch
    return used


rates = {"stepped per batch": run(True), "stepped per epoch": run(False)}
caption = (
    "OneCycleLR(max_lr=1.0, epochs=10, steps_per_epoch=20): "
    "rate used by each batch"
)
rows = [
    [str(b + 1)] + [f"{r[b]:.5f}" for r in rates.values()]
    for b in range(EPOCHS * BATCHES)
]
svg = comparison_svg(rates, caption, xlabel="batch (the first is 1)")
print(chart(svg, caption, ["batch", *rates], rows))
