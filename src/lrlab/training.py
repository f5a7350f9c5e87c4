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
