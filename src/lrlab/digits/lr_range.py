"""The learning-rate range test, ours and torch-lr-finder's, and the rate it reads.

torch-lr-finder's runs on the same weights and batches as ours; `round_rate` rounds a reading
to the precision a range test has."""

from __future__ import annotations

import contextlib
import io
import math
from dataclasses import dataclass

from lrlab.digits.data import BATCH_SIZE, Digits, build_mlp, train_loader
from lrlab.digits.training import make_optimizer


@dataclass(frozen=True)
class RangeTest:
    """A learning-rate range test: the rate of each step, its raw batch loss, and the loss
    smoothed as torch-lr-finder smooths it; ``stopped`` says whether it stopped early because
    the smoothed loss passed ``diverge`` times its best."""

    rates: list[float]
    raw: list[float]
    smoothed: list[float]
    stopped: bool

    def lowest(self) -> float:
        """The rate at the lowest smoothed loss."""
        return self.rates[min(range(len(self.smoothed)), key=self.smoothed.__getitem__)]

    def steepest(self) -> float:
        """The rate where the smoothed loss falls fastest per log-rate (torch-lr-finder's
        "suggested LR"): the most negative finite difference, before the lowest point."""
        end = self.smoothed.index(min(self.smoothed))
        slopes = [self.smoothed[i + 1] - self.smoothed[i] for i in range(max(1, end))]
        return self.rates[min(range(len(slopes)), key=slopes.__getitem__)]


def range_test(
    data: Digits,
    start_lr: float = 1e-4,
    end_lr: float = 10.0,
    steps: int = 100,
    *,
    optimizer: str = "SGD",
    batch_size: int = BATCH_SIZE,
    seed: int | None = None,
    smooth: float = 0.05,
    diverge: float = 5.0,
) -> RangeTest:
    """The exponential range test (fastai's, torch-lr-finder's; a variant of Smith's linear one):
    train from fresh weights for ``steps`` batches while the rate grows exponentially from
    ``start_lr`` to ``end_lr``, recording each batch's loss. The same
    procedure, step for step, as torch-lr-finder's ``LRFinder.range_test`` (exponential mode)."""
    from torch import nn

    used = data.seed if seed is None else seed
    model = build_mlp(used)
    opt = make_optimizer(optimizer, model.parameters(), start_lr)
    loss_fn = nn.CrossEntropyLoss()
    loader = train_loader(data, batch_size, used)
    batches = iter(loader)
    rates, raw, smoothed = [], [], []
    best = math.inf
    for i in range(steps):
        lr = start_lr * (end_lr / start_lr) ** (i / (steps - 1))
        for group in opt.param_groups:
            group["lr"] = lr
        try:
            x, y = next(batches)
        except StopIteration:
            batches = iter(loader)
            x, y = next(batches)
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
        value = loss.item()
        if smoothed:
            value = smooth * value + (1 - smooth) * smoothed[-1]
        rates.append(lr)
        raw.append(loss.item())
        smoothed.append(value)
        best = min(best, value)
        if value > diverge * best:
            return RangeTest(rates, raw, smoothed, True)
    return RangeTest(rates, raw, smoothed, False)


def lr_finder_range_test(
    data: Digits,
    start_lr: float = 1e-4,
    end_lr: float = 10.0,
    steps: int = 100,
    *,
    optimizer: str = "SGD",
    batch_size: int = BATCH_SIZE,
    seed: int | None = None,
) -> RangeTest:
    """The same test run by torch-lr-finder's `LRFinder` (its progress bar and messages are
    kept off the page), from the same weights and batches as `range_test`."""
    from torch import nn
    from torch_lr_finder import LRFinder

    used = data.seed if seed is None else seed
    model = build_mlp(used)
    opt = make_optimizer(optimizer, model.parameters(), start_lr)
    finder = LRFinder(model, opt, nn.CrossEntropyLoss(), device="cpu")
    chatter = io.StringIO()
    with contextlib.redirect_stdout(chatter), contextlib.redirect_stderr(chatter):
        finder.range_test(
            train_loader(data, batch_size, used), start_lr=start_lr, end_lr=end_lr, num_iter=steps
        )
    rates = [float(r) for r in finder.history["lr"]]
    smoothed = [float(v) for v in finder.history["loss"]]
    return RangeTest(rates, [], smoothed, "Stopping early" in chatter.getvalue())


def round_rate(rate: float) -> float:
    """``rate`` to one significant digit (0.27 -> 0.3): the precision a range test gives."""
    if rate <= 0 or not math.isfinite(rate):
        raise ValueError(f"a rate must be positive and finite, got {rate!r}")
    digits = -math.floor(math.log10(rate))
    return round(rate, digits)
