"""The second lesson's training loop, the optimizers it compares, and runs over the same seeds.

A run's scheduler steps after every batch; `compare_schedules` trains each schedule on the same
seeds."""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from lrlab.digits.data import BATCH_SIZE, Digits, build_mlp, evaluate, load_data, train_loader
from lrlab.digits.schedules import SCHEDULES, Schedule

if TYPE_CHECKING:
    from torch import nn
    from torch.utils.data import DataLoader

OPTIMIZERS: dict[str, Callable[..., Any]] = {}
"""The optimizers the lesson compares, by name: ``OPTIMIZERS[name](params, lr)``."""


def _sgd(params: Any, lr: float) -> Any:
    import torch

    return torch.optim.SGD(params, lr=lr, momentum=0.9)


def _adam(params: Any, lr: float) -> Any:
    import torch

    return torch.optim.Adam(params, lr=lr)


def _sgd_schedule_free(params: Any, lr: float) -> Any:
    import schedulefree

    return schedulefree.SGDScheduleFree(params, lr=lr, momentum=0.9)


def _adamw_schedule_free(params: Any, lr: float) -> Any:
    import schedulefree

    return schedulefree.AdamWScheduleFree(params, lr=lr)


OPTIMIZERS.update(
    {
        "SGD": _sgd,
        "Adam": _adam,
        "SGD schedule-free": _sgd_schedule_free,
        "AdamW schedule-free": _adamw_schedule_free,
    }
)


def make_optimizer(name: str, params: Any, lr: float) -> Any:
    """``OPTIMIZERS[name](params, lr)``, with a message listing the names on a typo."""
    try:
        factory = OPTIMIZERS[name]
    except KeyError:
        raise ValueError(f"unknown optimizer {name!r}; known: {', '.join(OPTIMIZERS)}") from None
    return factory(params, lr)


def is_schedule_free(optimizer: Any) -> bool:
    """Whether ``optimizer`` has the schedule-free ``train()`` / ``eval()`` modes."""
    return all(callable(getattr(optimizer, mode, None)) for mode in ("train", "eval"))


@dataclass(frozen=True)
class Run:
    """One training run: the rate and train loss of every step, then the test loss and
    accuracy of the final weights. ``diverged``: a step's loss was not finite, and training
    stopped there (the test numbers are then those of the broken weights)."""

    rates: list[float]
    losses: list[float]
    test_loss: float
    test_acc: float
    diverged: bool
    seed: int
    model: Any = field(repr=False, compare=False, default=None)
    optimizer: Any = field(repr=False, compare=False, default=None)

    @property
    def steps(self) -> int:
        return len(self.losses)

    def smoothed(self, window: int = 45) -> list[float]:
        """The train loss averaged over the last ``window`` steps (fewer at the start)."""
        out, total = [], 0.0
        for i, loss in enumerate(self.losses):
            total += loss
            if i >= window:
                total -= self.losses[i - window]
            out.append(total / min(i + 1, window))
        return out


def train(
    data: Digits,
    lr: float,
    *,
    epochs: int = 10,
    batch_size: int = BATCH_SIZE,
    optimizer: str = "SGD",
    schedule: Schedule | None = None,
    seed: int | None = None,
    model: nn.Module | None = None,
    steps: int | None = None,
) -> Run:
    """Train the MLP (or ``model``) on ``data`` with mini-batches and cross-entropy.

    Each step: zero_grad, forward, backward, ``optimizer.step()``, then ``scheduler.step()``
    when ``schedule(optimizer, total_steps)`` built one. ``steps`` (default: ``epochs`` worth)
    is the budget the schedule is told and the run stops at. A schedule-free optimizer is put
    in ``train()`` mode before training and ``eval()`` mode before the evaluation, as its
    authors require. ``seed`` (default: the data's) fixes the weights and the batch order.
    """
    used = data.seed if seed is None else seed
    net = build_mlp(used) if model is None else model
    opt = make_optimizer(optimizer, net.parameters(), lr)
    total = steps if steps is not None else epochs * data.steps_per_epoch(batch_size)
    scheduler = schedule(opt, total) if schedule is not None else None
    batches = epochs_of(train_loader(data, batch_size, used))
    rates, losses = _loop(net, opt, scheduler, batches, total)
    if is_schedule_free(opt):
        opt.eval()
    test_loss, test_acc = evaluate(net, data.x_test, data.y_test)
    diverged = not math.isfinite(losses[-1])
    return Run(rates, losses, test_loss, test_acc, diverged, used, net, opt)


def _loop(
    model: nn.Module, optimizer: Any, scheduler: Any, batches: Iterator[Any], steps: int
) -> tuple[list[float], list[float]]:
    """``steps`` optimizer steps on the next batches of ``batches`` (an endless stream, so a
    run trained in several calls sees the batches one continuous run would)."""
    from torch import nn

    loss_fn = nn.CrossEntropyLoss()
    if is_schedule_free(optimizer):
        optimizer.train()
    model.train()
    rates: list[float] = []
    losses: list[float] = []
    for x, y in itertools.islice(batches, steps):
        rates.append(float(optimizer.param_groups[0]["lr"]))
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
        if scheduler is not None:
            scheduler.step()
        losses.append(loss.item())
        if not math.isfinite(losses[-1]):
            break
    return rates, losses


def epochs_of(loader: DataLoader) -> Iterator[Any]:
    """The loader's batches, epoch after epoch, without end (each epoch a new shuffle)."""
    while True:
        yield from loader


def spread(values: Sequence[float]) -> tuple[float, float, float]:
    """Mean, smallest and largest of ``values``."""
    return sum(values) / len(values), min(values), max(values)


def compare_schedules(
    names: Sequence[str],
    lr: float,
    seeds: Sequence[int],
    *,
    epochs: int = 10,
    optimizer: str = "SGD",
) -> dict[str, list[Run]]:
    """Every schedule in ``names`` trained from the same peak rate ``lr`` for the same number of
    steps, once per seed (each seed its own split, weights and batch order, the same for every
    schedule). Returns the runs per schedule, in seed order, without their models."""
    runs: dict[str, list[Run]] = {name: [] for name in names}
    for seed in seeds:
        data = load_data(seed)
        for name in names:
            run = train(data, lr, epochs=epochs, optimizer=optimizer, schedule=SCHEDULES[name])
            runs[name].append(_slim(run))
    return runs


def _slim(run: Run) -> Run:
    return Run(run.rates, run.losses, run.test_loss, run.test_acc, run.diverged, run.seed)
