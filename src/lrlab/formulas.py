"""Learning-rate schedules written from their documented formulas, independent of PyTorch.

Each function returns the learning rate that optimizer step ``t`` uses, where ``t`` counts the
``scheduler.step()`` calls made before that optimizer step (``t = 0`` is the first step, at the
rate the scheduler set when it was built); readers see steps numbered from 1, so optimizer step
``n`` has ``t = n - 1``. None of them imports torch or reads a scheduler's state: the atlas
compares them with what `lrlab.training.lr_schedule` records from real schedulers, and the
build fails when the two disagree.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Literal

Formula = Callable[[int], float]
"""A schedule as a function of the step index ``t`` (0-based)."""


def _check_step(t: int) -> None:
    if t < 0:
        raise ValueError(f"step index t must be >= 0, got {t}")


def lambda_lr(t: int, lr: float, factor: Callable[[int], float]) -> float:
    """LambdaLR: ``lr_t = lr · λ(t)``."""
    _check_step(t)
    return lr * factor(t)


def multiplicative_lr(t: int, lr: float, factor: Callable[[int], float]) -> float:
    """MultiplicativeLR: ``lr_t = lr · λ(1) · λ(2) · … · λ(t)`` (the empty product is 1)."""
    _check_step(t)
    rate = lr
    for k in range(1, t + 1):
        rate *= factor(k)
    return rate


def step_lr(t: int, lr: float, step_size: int, gamma: float = 0.1) -> float:
    """StepLR: ``lr_t = lr · γ^⌊t / step_size⌋``."""
    _check_step(t)
    return lr * gamma ** (t // step_size)


def multistep_lr(t: int, lr: float, milestones: Sequence[int], gamma: float = 0.1) -> float:
    """MultiStepLR: ``lr_t = lr · γ^(number of milestones m ≤ t)``, a repeated milestone
    counting once per repetition."""
    _check_step(t)
    return lr * gamma ** sum(1 for m in milestones if m <= t)


def constant_lr(t: int, lr: float, factor: float = 1 / 3, total_iters: int = 5) -> float:
    """ConstantLR: ``lr · factor`` while ``t < total_iters``, then ``lr``. With
    ``total_iters=0`` PyTorch applies the factor when the scheduler is built and never undoes it
    (the step that would, t = total_iters, is the construction itself): ``lr · factor`` for good."""
    _check_step(t)
    if total_iters == 0:
        return lr * factor
    return lr * factor if t < total_iters else lr


def linear_lr(
    t: int, lr: float, start_factor: float = 1 / 3, end_factor: float = 1.0, total_iters: int = 5
) -> float:
    """LinearLR: the factor moves in a straight line from ``start_factor`` (t = 0) to
    ``end_factor`` (t = total_iters) and stays there. With ``total_iters=0`` PyTorch keeps
    ``start_factor`` for good (the line has no length to move along)."""
    _check_step(t)
    if total_iters == 0:
        return lr * start_factor
    progress = min(t, total_iters) / total_iters
    return lr * (start_factor + (end_factor - start_factor) * progress)


def exponential_lr(t: int, lr: float, gamma: float) -> float:
    """ExponentialLR: ``lr_t = lr · γ^t``."""
    _check_step(t)
    return lr * gamma**t


def polynomial_lr(t: int, lr: float, total_iters: int = 5, power: float = 1.0) -> float:
    """PolynomialLR: ``lr_t = lr · (1 − min(t, T)/T)^power``."""
    _check_step(t)
    return lr * (1 - min(t, total_iters) / total_iters) ** power


def _cosine(lr: float, eta_min: float, fraction: float) -> float:
    return eta_min + (lr - eta_min) * (1 + math.cos(math.pi * fraction)) / 2


def cosine_annealing_lr(t: int, lr: float, T_max: int, eta_min: float = 0.0) -> float:
    """CosineAnnealingLR: ``η_min + (lr − η_min)(1 + cos(π t / T_max)) / 2`` for every t, so
    past ``T_max`` the rate climbs back up (the cosine is not clamped)."""
    _check_step(t)
    return _cosine(lr, eta_min, t / T_max)


def cosine_warm_restarts_lr(
    t: int,
    lr: float,
    T_0: int,
    T_mult: int = 1,
    eta_min: float = 0.0,
) -> float:
    """CosineAnnealingWarmRestarts: a cosine from ``lr`` towards ``η_min`` over ``T_i`` steps,
    restarting at ``lr``; the first period is ``T_0``, each next one ``T_mult`` times longer."""
    _check_step(t)
    period, start = T_0, 0
    while t >= start + period:
        start += period
        period *= T_mult
    return _cosine(lr, eta_min, (t - start) / period)


def cyclic_lr(
    t: int,
    base_lr: float,
    max_lr: float,
    step_size_up: int = 2000,
    step_size_down: int | None = None,
    mode: Literal["triangular", "triangular2", "exp_range"] = "triangular",
    gamma: float = 1.0,
) -> float:
    """CyclicLR: a triangle between ``base_lr`` and ``max_lr`` (up in ``step_size_up`` steps,
    down in ``step_size_down``); ``triangular2`` halves the height each cycle and ``exp_range``
    scales it by ``γ^t``."""
    _check_step(t)
    down = step_size_up if step_size_down is None else step_size_down
    length = step_size_up + down
    cycle, position = divmod(t, length)
    height = (
        position / step_size_up
        if position <= step_size_up
        else 1 - (position - step_size_up) / down
    )
    if mode == "triangular":
        scale = 1.0
    elif mode == "triangular2":
        scale = 0.5**cycle
    elif mode == "exp_range":
        scale = gamma**t
    else:
        raise ValueError(f"unknown CyclicLR mode {mode!r}")
    return base_lr + (max_lr - base_lr) * height * scale


def one_cycle_lr(
    t: int,
    max_lr: float,
    total_steps: int,
    pct_start: float = 0.3,
    anneal_strategy: Literal["cos", "linear"] = "cos",
    div_factor: float = 25.0,
    final_div_factor: float = 1e4,
    three_phase: bool = False,
) -> float:
    """OneCycleLR: from ``max_lr/div_factor`` up to ``max_lr`` by step ``pct_start·N − 1``, then
    down to ``initial/final_div_factor`` at step ``N − 1`` (with ``three_phase``: back down to
    the initial rate by step ``2·pct_start·N − 2`` first). ``N = total_steps``."""
    _check_step(t)
    initial = max_lr / div_factor
    final = initial / final_div_factor
    rise_end = pct_start * total_steps - 1
    if three_phase:
        fall_end = 2 * pct_start * total_steps - 2
        phases = [(0.0, rise_end, initial, max_lr), (rise_end, fall_end, max_lr, initial)]
        phases.append((fall_end, total_steps - 1, initial, final))
    else:
        phases = [(0.0, rise_end, initial, max_lr), (rise_end, total_steps - 1, max_lr, final)]
    for index, (begin, end, start_lr, end_lr) in enumerate(phases):
        if t <= end or index == len(phases) - 1:
            fraction = (t - begin) / (end - begin)
            if anneal_strategy == "cos":
                return end_lr + (start_lr - end_lr) * (1 + math.cos(math.pi * fraction)) / 2
            return start_lr + (end_lr - start_lr) * fraction
    raise AssertionError("unreachable")  # pragma: no cover


def reduce_on_plateau_lrs(
    metrics: Sequence[float],
    lr: float,
    mode: Literal["min", "max"] = "min",
    factor: float = 0.1,
    patience: int = 10,
    threshold: float = 1e-4,
    threshold_mode: Literal["rel", "abs"] = "rel",
    cooldown: int = 0,
    min_lr: float = 0.0,
    eps: float = 1e-8,
) -> list[float]:
    """ReduceLROnPlateau as a recurrence: entry ``t`` is the rate used by step ``t`` when
    ``metrics[t - 1]`` was reported after step ``t − 1`` (one more entry than metrics).

    A metric improves when it beats the best so far by more than the threshold. After more than
    ``patience`` reports in a row without improvement the rate is multiplied by ``factor`` (never
    below ``min_lr``, and not at all if the change would be smaller than ``eps``); then
    ``cooldown`` reports are ignored.
    """
    sign = 1.0 if mode == "min" else -1.0
    best: float | None = None
    bad = 0
    cooling = 0
    rates = [lr]
    for value in metrics:
        if best is None:
            improved = True
        elif threshold_mode == "rel":
            improved = sign * value < sign * best * (1 - sign * threshold)
        else:
            improved = sign * value < sign * best - threshold
        if improved:
            best, bad = value, 0
        else:
            bad += 1
        if cooling > 0:
            cooling -= 1
            bad = 0
        if bad > patience:
            reduced = max(lr * factor, min_lr)
            if lr - reduced > eps:
                lr = reduced
            cooling, bad = cooldown, 0
        rates.append(lr)
    return rates


def sequential_lr(t: int, parts: Sequence[Formula], milestones: Sequence[int]) -> float:
    """SequentialLR: part ``k`` runs from milestone ``k − 1`` on, restarted from its own
    ``t = 0`` at that milestone: ``lr_t = f_k(t − m_k)``."""
    _check_step(t)
    if len(parts) != len(milestones) + 1:
        raise ValueError("SequentialLR needs one more part than milestones")
    index = sum(1 for m in milestones if m <= t)
    start = milestones[index - 1] if index else 0
    return parts[index](t - start)


def chained_lr(t: int, lr: float, parts: Sequence[Formula]) -> float:
    """ChainedScheduler of chainable schedulers: the factors multiply,
    ``lr_t = lr · Π_k (f_k(t) / lr)``."""
    _check_step(t)
    rate = lr
    for part in parts:
        rate *= part(t) / lr
    return rate
