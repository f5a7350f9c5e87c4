"""Learning-rate schedules as data: the rate per step, and runs of equal rates."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Run:
    """Steps ``first``..``last`` (1-based, inclusive) all used learning rate ``lr``."""

    first: int
    last: int
    lr: float


def constant_runs(rates: Sequence[float], rel_tol: float = 1e-12) -> list[Run]:
    """Group a per-step list of learning rates into runs of (almost exactly) equal values."""
    runs: list[Run] = []
    for step, lr in enumerate(rates, start=1):
        if runs and abs(runs[-1].lr - lr) <= rel_tol * max(abs(lr), abs(runs[-1].lr)):
            runs[-1] = Run(runs[-1].first, step, runs[-1].lr)
        else:
            runs.append(Run(step, step, lr))
    return runs
