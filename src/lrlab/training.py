"""Training loops that record what really happened, one row per epoch."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import torch
    from torch import nn


@dataclass(frozen=True)
class EpochRecord:
    """One epoch of training.

    ``lr_used`` is the learning rate the optimizer applied during the epoch; ``lr_after`` is what
    ``scheduler.get_last_lr()`` reports after ``scheduler.step()``, i.e. the rate for the *next*
    epoch (equal to ``lr_used`` when there is no scheduler).
    """

    epoch: int
    lr_used: float
    loss: float
    lr_after: float


def train_full_batch(
    model: nn.Module,
    x: torch.Tensor,
    y: torch.Tensor,
    optimizer: torch.optim.Optimizer,
    loss_fn: nn.Module,
    epochs: int,
    scheduler: Any | None = None,
) -> list[EpochRecord]:
    """Train on the whole batch each epoch: zero_grad, forward, backward, optimizer.step,
    then scheduler.step. Returns one `EpochRecord` per epoch (epochs are numbered from 1).
    The loss is the one computed in the epoch's forward pass, before its update.
    """
    if epochs < 1:
        raise ValueError(f"epochs must be at least 1, got {epochs}")
    records = []
    for epoch in range(1, epochs + 1):
        lr_used = float(optimizer.param_groups[0]["lr"])
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
        if scheduler is not None:
            scheduler.step()
            lr_after = float(scheduler.get_last_lr()[0])
        else:
            lr_after = float(optimizer.param_groups[0]["lr"])
        records.append(EpochRecord(epoch, lr_used, float(loss.item()), lr_after))
    return records


def lr_schedule(scheduler_factory: Any, steps: int, lr: float = 0.1) -> list[float]:
    """The learning rate a scheduler sets for each of ``steps`` optimizer steps.

    ``scheduler_factory(optimizer)`` builds the scheduler on a fresh one-parameter SGD optimizer;
    entry ``i`` is the rate used by step ``i`` (read before that step's ``scheduler.step()``).
    """
    import torch

    param = torch.nn.Parameter(torch.zeros(1))
    optimizer = torch.optim.SGD([param], lr=lr)
    scheduler = scheduler_factory(optimizer)
    rates = []
    for _ in range(steps):
        rates.append(float(optimizer.param_groups[0]["lr"]))
        optimizer.step()
        scheduler.step()
    return rates


def train_y2x(
    lr: float,
    epochs: int,
    scheduler_factory: Any | None = None,
    seed: int = 0,
) -> list[EpochRecord]:
    """Fit ``nn.Linear(1, 1)`` to y = 2x (x = 1..4) with full-batch SGD and MSE loss.

    The model is initialised right after ``seed_everything(seed)``, exactly as the concept page's
    complete program does after ``torch.manual_seed(seed)``, so both print the same numbers.
    ``scheduler_factory(optimizer)`` builds an optional scheduler.
    """
    import torch
    from torch import nn

    from lrlab.data import y_equals_2x
    from lrlab.repro import seed_everything

    seed_everything(seed)
    model = nn.Linear(1, 1)
    x, y = y_equals_2x()
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    scheduler = scheduler_factory(optimizer) if scheduler_factory else None
    return train_full_batch(model, x, y, optimizer, nn.MSELoss(), epochs, scheduler)


@dataclass(frozen=True)
class SteepestRun:
    """A y = 2x run seen along the loss's steepest direction.

    ``curvature`` is the largest eigenvalue of the (constant) Hessian of the MSE loss;
    ``errors[t]`` is how far the weights are from the minimum along that eigenvalue's direction
    after ``t`` updates (``errors[0]``: at initialisation), with its sign: a change of sign means
    the update went past the minimum. ``losses[t]`` is the loss at the same weights."""

    lr: float
    curvature: float
    errors: list[float]
    losses: list[float]

    @property
    def overshoots(self) -> bool:
        """Every update lands on the other side of the minimum (along this direction)."""
        return all(a * b < 0 for a, b in zip(self.errors, self.errors[1:], strict=False))

    @property
    def shrinks(self) -> bool:
        """Every update leaves a smaller error than the one before (along this direction)."""
        return all(abs(b) < abs(a) for a, b in zip(self.errors, self.errors[1:], strict=False))

    @property
    def loss_trend(self) -> str:
        """What the loss did from update to update, in words."""
        pairs = list(zip(self.losses, self.losses[1:], strict=False))
        if all(b < a for a, b in pairs):
            return "falls at every step"
        if all(b > a for a, b in pairs):
            return "grows at every step"
        return "goes up and down"

    @property
    def behaviour(self) -> str:
        """What the error did, in words: from the signs and sizes printed, nothing else."""
        side = "overshoots every step" if self.overshoots else "stays on one side"
        if self.shrinks:
            return f"{side}, and shrinks"
        grows = all(abs(b) > abs(a) for a, b in zip(self.errors, self.errors[1:], strict=False))
        return f"{side}, and grows" if grows else f"{side}, neither shrinking nor growing"


def steepest_errors(lr: float, epochs: int, seed: int = 0) -> SteepestRun:
    """`train_y2x`'s run (same seed, model, data and plain SGD), recording after each update
    the weights' error along the loss's steepest direction and the loss. Gradient descent on
    this quadratic multiplies that error by ``1 - lr * curvature`` at every step."""
    import torch
    from torch import nn

    from lrlab.data import y_equals_2x
    from lrlab.repro import seed_everything

    seed_everything(seed)
    model = nn.Linear(1, 1)
    x, y = y_equals_2x()
    features = torch.cat([x, torch.ones_like(x)], dim=1)  # weight and bias
    values, vectors = torch.linalg.eigh(2 * features.T @ features / len(x))
    steepest = vectors[:, -1]
    best = torch.tensor([2.0, 0.0])  # y = 2x exactly: weight 2, bias 0
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    loss_fn = nn.MSELoss()

    def state() -> tuple[float, float]:
        with torch.no_grad():
            weights = torch.stack([model.weight.reshape(()), model.bias.reshape(())])
            return float(steepest @ (weights - best)), float(loss_fn(model(x), y))

    errors, losses = [], []
    for step in range(epochs + 1):
        error, loss = state()
        errors.append(error)
        losses.append(loss)
        if step == epochs:
            break
        optimizer.zero_grad()
        loss_fn(model(x), y).backward()
        optimizer.step()
    return SteepestRun(lr, float(values[-1]), errors, losses)


_MEANING = {
    "stays on one side, and shrinks": "the weights approach the minimum from one side",
    "overshoots every step, and shrinks": "every update goes past the minimum, by less than "
    "the error it corrects, so the error still shrinks",
    "overshoots every step, and grows": "every update goes past the minimum by more than the "
    "error it corrects, so the error grows",
}


def stability_sentences(runs: list[SteepestRun]) -> list[str]:
    """`steepest_errors` runs in words: one sentence per group of rates whose error did the
    same, saying where the group lies against 1 / curvature and 2 / curvature and what its
    loss did; every word follows from the runs' own signs, sizes and losses."""
    curvature = runs[0].curvature
    groups: dict[str, list[SteepestRun]] = {}
    for run in runs:
        groups.setdefault(run.behaviour, []).append(run)
    said = []
    for behaviour, grouped in groups.items():
        lrs = [run.lr for run in grouped]
        sides = {
            "below 1 / curvature": all(lr < 1 / curvature for lr in lrs),
            "between 1 / curvature and 2 / curvature": all(
                1 / curvature < lr < 2 / curvature for lr in lrs
            ),
            "above 2 / curvature": all(lr > 2 / curvature for lr in lrs),
        }
        where = next((side for side, holds in sides.items() if holds), "across a limit")
        trends = {run.loss_trend for run in grouped}
        loss = f"; the loss {trends.pop()}" if len(trends) == 1 else ""
        listed = ", ".join(f"{lr:g}" for lr in lrs)
        said.append(f"{where} (lr = {listed}): {_MEANING.get(behaviour, behaviour)}{loss}.")
    return said
