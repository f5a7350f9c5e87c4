"""Why warm-up helps Adam: the size of its first updates, with and without warm-up, and RAdam.

`first_updates` trains the digits MLP for its first steps three ways (Adam, Adam with a linear
warm-up, RAdam) from the same weights and batches, and records each step's loss, rate, gradient
norm and the size of the update it made (whole net and per parameter tensor). Adam's first step
is sign-like: with ``m̂ = g`` and ``v̂ = g²`` every parameter with a gradient moves by
``lr * |g| / (|g| + eps)``, about ``lr``, whatever the gradient's size; RAdam's first steps
(while its ``rho_t <= 5``) are momentum-SGD steps ``lr * m̂`` instead, and after them its
adaptive step is scaled by the rectification `rectification` returns (Liu et al., 2019,
arXiv:1908.03265). `warmup_outcomes` trains the three over several seeds and rates and returns
the test loss and accuracy of each run, and the worst train loss of its early steps.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from lrlab.digits.data import BATCH_SIZE, HIDDEN, build_mlp, evaluate, load_data, train_loader
from lrlab.digits.training import _loop, epochs_of, spread

if TYPE_CHECKING:
    import torch

    from lrlab.compare import Comparison

ADAM, WARMUP, RADAM = "Adam", "Adam + warm-up", "RAdam"
METHODS = (ADAM, WARMUP, RADAM)
"""The three ways the first steps are taken: Adam at its rate from step 1, Adam with a linear
warm-up (``LinearLR`` from ``start_factor * lr`` to ``lr`` over the warm-up steps, then
constant), and ``torch.optim.RAdam`` at its rate from step 1 (PyTorch's default betas and eps
for both optimizers)."""


def rectification(step: int, beta2: float = 0.999) -> tuple[float, float | None]:
    """RAdam's ``rho_t`` at ``step`` (1-based) and its rectification ``r_t``, as PyTorch's
    RAdam documents them: ``rho_inf = 2 / (1 - beta2) - 1``, ``rho_t = rho_inf - 2 t beta2^t /
    (1 - beta2^t)``; ``r_t = sqrt((rho_t - 4)(rho_t - 2) rho_inf / ((rho_inf - 4)(rho_inf - 2)
    rho_t))`` when ``rho_t > 5``, else None (that step is the un-adapted ``lr * m̂``)."""
    if step < 1:
        raise ValueError(f"step counts from 1, got {step!r}")
    if not 0.0 < beta2 < 1.0:
        raise ValueError(f"beta2 must lie in (0, 1), got {beta2!r}")
    rho_inf = 2.0 / (1.0 - beta2) - 1.0
    power = beta2**step
    rho = rho_inf - 2.0 * step * power / (1.0 - power)
    if rho <= 5.0:
        return rho, None
    ratio = (rho - 4.0) * (rho - 2.0) * rho_inf / ((rho_inf - 4.0) * (rho_inf - 2.0) * rho)
    return rho, math.sqrt(ratio)


@dataclass(frozen=True)
class Trace:
    """The first steps of one run, one entry per optimizer step. ``update_norms``: the norm of
    the change of all the parameters that step; ``relative_updates``: that norm over the norm of
    the parameters before the step; ``layer_relative``: the same per parameter tensor (by its
    name in the model: ``0.weight`` ...). ``first_update`` and ``first_grad``: the change and
    the gradient of every parameter tensor at step 1."""

    method: str
    lr: float
    seed: int
    rates: list[float]
    losses: list[float]
    grad_norms: list[float]
    update_norms: list[float]
    relative_updates: list[float]
    layer_relative: dict[str, list[float]]
    first_update: list[torch.Tensor] = field(repr=False, compare=False)
    first_grad: list[torch.Tensor] = field(repr=False, compare=False)

    @property
    def steps(self) -> int:
        return len(self.losses)

    def first_step_ratios(self) -> tuple[float, float]:
        """Smallest and largest ``|Δθ_i| / lr`` at step 1 over the parameters whose gradient
        was not zero (Adam: both about 1; RAdam: ``|g_i|``, as small and as large as they are)."""
        import torch

        moved = [
            (d.abs() / self.lr)[g != 0]
            for d, g in zip(self.first_update, self.first_grad, strict=True)
        ]
        ratios = torch.cat(moved)
        return float(ratios.min()), float(ratios.max())


def _check(lr: float, steps: int, warmup_steps: int, start_factor: float | None) -> float:
    if not (isinstance(lr, int | float) and math.isfinite(lr) and lr > 0):
        raise ValueError(f"lr must be a positive finite number, got {lr!r}")
    if not (isinstance(steps, int) and steps >= 1):
        raise ValueError(f"steps must be a positive integer, got {steps!r}")
    if not (isinstance(warmup_steps, int) and warmup_steps >= 1):
        raise ValueError(f"warmup_steps must be a positive integer, got {warmup_steps!r}")
    factor = 1.0 / (warmup_steps + 1) if start_factor is None else start_factor
    if not (isinstance(factor, int | float) and 0.0 < factor <= 1.0):
        raise ValueError(f"start_factor must lie in (0, 1], got {start_factor!r}")
    return float(factor)


def _optimizer(method: str, model: Any, lr: float, warmup_steps: int, factor: float) -> Any:
    """The optimizer of ``method`` and its scheduler (None without warm-up)."""
    import torch

    if method == RADAM:
        return torch.optim.RAdam(model.parameters(), lr=lr), None
    if method not in (ADAM, WARMUP):
        raise ValueError(f"unknown method {method!r}; known: {', '.join(METHODS)}")
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    if method == ADAM:
        return opt, None
    ramp = torch.optim.lr_scheduler.LinearLR(opt, start_factor=factor, total_iters=warmup_steps)
    return opt, ramp


def _trace(method: str, lr: float, seed: int, data: Any, model: Any, opt: Any, sched: Any,
           steps: int, batch_size: int) -> Trace:  # fmt: skip
    from torch import nn

    loss_fn = nn.CrossEntropyLoss()
    names = [name for name, _ in model.named_parameters()]
    params = [p for _, p in model.named_parameters()]
    rates, losses, grads, updates, relative = [], [], [], [], []
    layers: dict[str, list[float]] = {name: [] for name in names}
    first_update: list[torch.Tensor] = []
    first_grad: list[torch.Tensor] = []
    batches = epochs_of(train_loader(data, batch_size, seed))
    for x, y in itertools.islice(batches, steps):
        rates.append(float(opt.param_groups[0]["lr"]))
        before = [p.detach().clone() for p in params]
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
        if sched is not None:
            sched.step()
        deltas = [p.detach().double() - b.double() for p, b in zip(params, before, strict=True)]
        if not first_update:
            first_update = deltas
            first_grad = [p.grad.detach().double().clone() for p in params]
        losses.append(loss.item())
        grads.append(_norm([p.grad for p in params]))
        updates.append(_norm(deltas))
        relative.append(updates[-1] / _norm(before))
        for name, d, b in zip(names, deltas, before, strict=True):
            layers[name].append(_norm([d]) / _norm([b]))
        if not math.isfinite(losses[-1]):
            break
    return Trace(method, float(lr), seed, rates, losses, grads, updates, relative, layers,
                 first_update, first_grad)  # fmt: skip


def _norm(tensors: Sequence[torch.Tensor]) -> float:
    return math.sqrt(sum(float(t.double().pow(2).sum()) for t in tensors))


def first_updates(
    lr: float = 0.3,
    *,
    steps: int = 50,
    warmup_steps: int = 10,
    start_factor: float | None = None,
    hidden: int = HIDDEN,
    batch_size: int = BATCH_SIZE,
    seed: int | None = None,
) -> dict[str, Trace]:
    """The first ``steps`` steps of the digits MLP under each of `METHODS` at peak rate ``lr``,
    all three from the weights and batches of ``seed`` (default: the site seed). The warm-up
    starts at ``start_factor * lr`` (default ``1 / (warmup_steps + 1)``, the second lesson's
    `lrlab.digits.warmup`) and reaches ``lr`` after ``warmup_steps`` steps."""
    from lrlab.repro import site_seed

    factor = _check(lr, steps, warmup_steps, start_factor)
    used = site_seed() if seed is None else seed
    data = load_data(used)
    traces = {}
    for method in METHODS:
        model = build_mlp(used, hidden)
        opt, sched = _optimizer(method, model, lr, warmup_steps, factor)
        traces[method] = _trace(method, lr, used, data, model, opt, sched, steps, batch_size)
    return traces


@dataclass(frozen=True)
class Outcome:
    """One method at one rate, trained on each of ``seeds`` (lists in seed order): the test
    loss and accuracy of the final weights, the largest train loss of the first ``early``
    steps (a blow-up at the start shows there), and whether the loss stopped being finite."""

    method: str
    lr: float
    seeds: tuple[int, ...]
    test_loss: list[float]
    test_acc: list[float]
    early_peak: list[float]
    diverged: list[bool]

    def spread(self, metric: str = "test_loss") -> tuple[float, float, float]:
        """Mean, smallest and largest of ``metric`` over the seeds."""
        if metric not in ("test_loss", "test_acc", "early_peak"):
            raise ValueError(f"unknown metric {metric!r}; known: test_loss, test_acc, early_peak")
        return spread(getattr(self, metric))


@dataclass(frozen=True)
class Outcomes:
    """Every method of `METHODS` at every rate of ``rates``, over the same ``seeds``, each run
    ``steps`` steps long (the warm-up ``warmup_steps`` of them). ``runs[(method, lr)]``."""

    rates: tuple[float, ...]
    seeds: tuple[int, ...]
    steps: int
    warmup_steps: int
    early: int
    runs: dict[tuple[str, float], Outcome]

    def at(self, method: str, lr: float) -> Outcome:
        try:
            return self.runs[(method, lr)]
        except KeyError:
            raise ValueError(f"no run of {method!r} at rate {lr!r}") from None

    def compare(self, lr: float, metric: str = "test_loss") -> Comparison:
        """Warm-up and RAdam against plain Adam at rate ``lr``, seed by seed (paired), with
        `lrlab.compare`'s verdicts (lower is better for the losses, higher for accuracy)."""
        from lrlab.compare import compare

        values = {m: getattr(self.at(m, lr), metric) for m in METHODS}
        return compare(values, reference=ADAM, higher_is_better=metric == "test_acc")

    def lower_on_every_seed(self, arm: str, reference: str, lr: float) -> bool:
        """Whether ``arm`` ended with a lower test loss than ``reference`` on every seed."""
        a, b = self.at(arm, lr).test_loss, self.at(reference, lr).test_loss
        return all(x < y for x, y in zip(a, b, strict=True))


def warmup_outcomes(
    rates: Sequence[float] = (0.003, 0.03, 0.3),
    seeds: Sequence[int] | None = None,
    *,
    steps: int = 90,
    warmup_steps: int = 10,
    start_factor: float | None = None,
    early: int = 20,
    hidden: int = HIDDEN,
    batch_size: int = BATCH_SIZE,
) -> Outcomes:
    """Each of `METHODS` at each of ``rates``, trained ``steps`` steps on each of ``seeds``
    (default: the site seed and the two after it; each seed its own split, weights and batches,
    the same for every method and rate), then evaluated on the test split."""
    from lrlab.repro import site_seed

    if not rates:
        raise ValueError("rates must name at least one rate, got none")
    factor = 1.0
    for lr in rates:
        factor = _check(lr, steps, warmup_steps, start_factor)
    rates = tuple(float(lr) for lr in rates)
    if not (isinstance(early, int) and 1 <= early <= steps):
        raise ValueError(f"early must be a step count from 1 to steps ({steps}), got {early!r}")
    used = tuple(seeds) if seeds is not None else tuple(site_seed() + k for k in range(3))
    if len(used) < 1 or len(set(used)) != len(used):
        raise ValueError(f"seeds must be distinct and at least one, got {used!r}")
    cells: dict[tuple[str, float], dict[str, list[Any]]] = {
        (m, lr): {"loss": [], "acc": [], "peak": [], "div": []} for lr in rates for m in METHODS
    }
    for seed in used:
        data = load_data(seed)
        for lr in rates:
            for method in METHODS:
                model = build_mlp(seed, hidden)
                opt, sched = _optimizer(method, model, lr, warmup_steps, factor)
                batches = epochs_of(train_loader(data, batch_size, seed))
                losses = _loop(model, opt, sched, batches, steps)[1]
                test_loss, test_acc = evaluate(model, data.x_test, data.y_test)
                cell = cells[(method, lr)]
                cell["loss"].append(test_loss)
                cell["acc"].append(test_acc)
                cell["peak"].append(max(losses[:early]))
                cell["div"].append(not math.isfinite(losses[-1]))
    runs = {
        key: Outcome(key[0], key[1], used, c["loss"], c["acc"], c["peak"], c["div"])
        for key, c in cells.items()
    }
    return Outcomes(rates, used, steps, warmup_steps, early, runs)
