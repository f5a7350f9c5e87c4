import torch

from lrlab.training import lr_schedule

# The same scheduler stepped only 10 times (once per epoch) instead of 200.
rates = lr_schedule(
    lambda opt: torch.optim.lr_scheduler.OneCycleLR(
        opt, max_lr=1.0, epochs=10, steps_per_epoch=20
    ),
    steps=10,
    lr=0.1,
)
print(
    f"Stepped once per epoch, the rate only climbs from {rates[0]:.4f} to "
    f"{max(rates):.4f} in the whole run: it never leaves the warm-up phase, "
    "and never reaches max_lr = 1.0 or anneals."
)
