"""The second lesson's schedules, each built for a run's length in optimizer steps.

The five compared at equal budget, WSD's factor, and a warm-up.

Schedulers here step after every optimizer step (per batch), so a schedule's length is counted
in steps: ``epochs * steps_per_epoch``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Schedule = Callable[[Any, int], Any]
"""``schedule(optimizer, total_steps)`` -> a PyTorch scheduler, stepped after every batch."""


def wsd_factor(step: int, total: int, warmup: int = 0, cooldown: float = 0.2) -> float:
    """Warmup-stable-decay: the multiple of the peak rate at ``step`` of ``total``: linear from
    1/(warmup+1) to 1 over ``warmup`` steps, 1 until the last ``cooldown`` share of the steps,
    then linear down to 0 at ``total``."""
    if step < warmup:
        return (step + 1) / (warmup + 1)
    decay_steps = max(1, round(total * cooldown))
    start = total - decay_steps
    if step < start:
        return 1.0
    return max(0.0, (total - step) / decay_steps)


def _constant(optimizer: Any, total: int) -> Any:
    import torch

    return torch.optim.lr_scheduler.ConstantLR(optimizer, factor=1.0, total_iters=0)


def _step(optimizer: Any, total: int) -> Any:
    import torch

    milestones = [total // 2, (3 * total) // 4]
    return torch.optim.lr_scheduler.MultiStepLR(optimizer, milestones=milestones, gamma=0.1)


def _cosine(optimizer: Any, total: int) -> Any:
    import torch

    return torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=total)


def _one_cycle(optimizer: Any, total: int) -> Any:
    import torch

    peak = [group["lr"] for group in optimizer.param_groups]
    return torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=peak, total_steps=total)


def _wsd(optimizer: Any, total: int) -> Any:
    import torch

    return torch.optim.lr_scheduler.LambdaLR(optimizer, lambda step: wsd_factor(step, total))


SCHEDULES: dict[str, Schedule] = {
    "constant": _constant,
    "step": _step,
    "cosine": _cosine,
    "OneCycle": _one_cycle,
    "WSD": _wsd,
}
"""The schedules compared at equal budget, each given its run's length and peak rate:
constant; step (x0.1 at 1/2 and 3/4 of the steps); cosine to 0; OneCycle (PyTorch's defaults:
up from peak/25 over 30 % of the steps, then cosine down to peak/10⁴); WSD (constant, then a
linear cooldown to 0 over the last 20 %)."""


def schedule_named(name: str) -> Schedule:
    try:
        return SCHEDULES[name]
    except KeyError:
        raise ValueError(f"unknown schedule {name!r}; known: {', '.join(SCHEDULES)}") from None


def warmup(steps: int) -> Schedule:
    """A linear warm-up from peak/(steps+1) to the peak over ``steps`` steps, then constant
    (``LinearLR`` then ``ConstantLR`` in a ``SequentialLR``)."""

    def build(optimizer: Any, total: int) -> Any:
        import torch

        sched = torch.optim.lr_scheduler
        ramp = sched.LinearLR(optimizer, start_factor=1 / (steps + 1), total_iters=steps)
        hold = sched.ConstantLR(optimizer, factor=1.0, total_iters=0)
        return sched.SequentialLR(optimizer, [ramp, hold], milestones=[steps])

    return build
