"""Training for a length not known ahead: WSD cooldowns branched off one constant-rate run."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from lrlab.digits.data import BATCH_SIZE, Digits, build_mlp, evaluate, train_loader
from lrlab.digits.training import _loop, epochs_of, make_optimizer


@dataclass(frozen=True)
class Branch:
    """A cooldown branched from a constant-rate run after ``at`` steps, run for ``length``
    more steps with the rate falling linearly to 0; its final test numbers."""

    at: int
    length: int
    test_loss: float
    test_acc: float

    @property
    def total(self) -> int:
        return self.at + self.length


def branch_cooldowns(
    data: Digits,
    lr: float,
    budgets: Sequence[int],
    *,
    cooldown: float = 0.2,
    optimizer: str = "SGD",
    seed: int | None = None,
) -> tuple[list[Branch], int]:
    """One constant-rate run, with a linear cooldown branched off it for every budget in
    ``budgets`` (total steps, cooldown included: it starts at ``budget * (1 - cooldown)``).
    Each branch starts from a copy of the model and optimizer state at its branch point, so
    the one main run serves every budget; the main run's batches flow on across the branch
    points as in one run, and each cooldown draws its own (seeded by its branch point).
    Returns the branches, in the order of their branch points, and the steps trained in all."""
    import copy

    import torch

    used = data.seed if seed is None else seed
    model = build_mlp(used)
    opt = make_optimizer(optimizer, model.parameters(), lr)
    batches = epochs_of(train_loader(data, BATCH_SIZE, used))
    points = sorted((b - max(1, round(b * cooldown)), b) for b in budgets)
    branches, trained, done = [], 0, 0
    for at, budget in points:
        if at > done:
            _loop(model, opt, None, batches, at - done)
        trained += at - done
        done = at
        side = copy.deepcopy(model)
        side_opt = make_optimizer(optimizer, side.parameters(), lr)
        side_opt.load_state_dict(copy.deepcopy(opt.state_dict()))
        length = budget - at
        decay = torch.optim.lr_scheduler.LambdaLR(
            side_opt, lambda step, n=length: max(0.0, (n - step) / n)
        )
        side_batches = epochs_of(train_loader(data, BATCH_SIZE, used + at))
        _loop(side, side_opt, decay, side_batches, length)
        trained += length
        loss, acc = evaluate(side, data.x_test, data.y_test)
        branches.append(Branch(at, length, loss, acc))
    return branches, trained
