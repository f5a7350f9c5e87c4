import torch

from lrlab.training import train_y2x

# The sentence under the comparison table, written from the run itself.
fixed = train_y2x(lr=0.1, epochs=100)[-1]
stepped = train_y2x(
    lr=0.1,
    epochs=100,
    scheduler_factory=lambda opt: torch.optim.lr_scheduler.StepLR(
        opt, step_size=5, gamma=0.5
    ),
)[-1]
verdict = "lower" if fixed.loss < stepped.loss else "higher"
print(
    f"After 100 epochs the fixed rate reaches a loss of {fixed.loss:.6f}, {verdict} than the "
    f"{stepped.loss:.6f} of the StepLR run, whose rate has shrunk to {stepped.lr_after:.1e}: "
    "halving every 5 epochs adds up to a total step budget too small to finish the fit."
)
