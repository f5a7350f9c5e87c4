"""Sharpness: the largest Hessian eigenvalue of a loss, and its path along full-batch descent.

`top_eigenvalue` runs power iteration on Hessian-vector products (double-backward autograd: the
gradient's graph is built once per estimate and each product is one backward pass through it)
and raises `NotConverged` rather than return an estimate still moving by more than ``tol``.
`sharpness` is that for a model's loss on ``(x, y)``; `sharpness_trace` trains a small tanh MLP
on a fixed subset of the digits by full-batch gradient descent (plain SGD, no momentum) and
records the loss every step and the sharpness every ``every`` steps, to compare with 2/lr, the
limit above which gradient descent on a quadratic with that curvature diverges (Cohen et al.,
2021, arXiv:2103.00065). Nothing here prints, caches or keeps state between calls.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import torch
    from torch import nn

LOSSES = ("mse", "cross_entropy")
"""The losses `sharpness` and `sharpness_trace` know: half the squared error to the one-hot
target summed over classes and averaged over examples (Cohen et al.'s MSE), or cross-entropy."""


class NotConverged(ValueError):
    """Power iteration stopped at its iteration budget with the estimate still moving."""

    def __init__(self, iterations: int, change: float, residual: float, tol: float) -> None:
        self.iterations = iterations
        self.change = change
        self.residual = residual
        self.tol = tol
        super().__init__(
            f"power iteration did not converge in {iterations} iterations: the estimate's "
            f"last relative change was {change:.3g} (tol {tol:.3g}) and its relative residual "
            f"{residual:.3g} (limit sqrt(tol) = {math.sqrt(tol):.3g})"
        )


@dataclass(frozen=True)
class Eigen:
    """A converged estimate of the largest Hessian eigenvalue.

    ``iterations``: Hessian-vector products used (both passes when ``shifted``); ``change``:
    the estimate's relative change at the last iteration (<= ``tol``); ``residual``:
    ``|Hv - value * v| / |value|`` there (<= ``sqrt(tol)``, or relative to the shifted
    value when ``shifted``); ``shifted``: the
    first pass found a negative eigenvalue of larger magnitude, so a second pass ran on
    ``H - value_of_first_pass * I`` to reach the largest (most positive) one; ``vector``: the
    unit eigenvector estimate, one tensor per parameter (a warm start for the next estimate)."""

    value: float
    iterations: int
    change: float
    residual: float
    shifted: bool
    vector: tuple[Any, ...] = field(repr=False, compare=False)


def _validate_budget(iters: int, tol: float) -> None:
    if isinstance(iters, bool) or not isinstance(iters, int) or iters < 1:
        raise ValueError(f"iters must be a positive integer, got {iters!r}")
    if not (isinstance(tol, (int, float)) and math.isfinite(tol) and tol > 0):
        raise ValueError(f"tol must be a positive finite number, got {tol!r}")


def _power(hvp: Callable, start: list, iters: int, tol: float, shift: float) -> tuple:
    """Power iteration on ``hvp(v) - shift * v``: (estimate, iterations, change, residual, v).

    Converged: the Rayleigh quotient's relative change is <= ``tol`` *and* the relative
    residual ``|Hv - estimate * v| / |estimate|`` is <= ``sqrt(tol)``. The change alone stalls
    when the top two eigenvalues are close (each step moves the estimate little while it is
    still far off); the residual bounds the distance to an eigenvalue of H (symmetric)."""
    import torch

    norm = torch.sqrt(sum((t * t).sum() for t in start))
    vector = [t / norm for t in start]
    estimate, change, residual = math.nan, math.inf, math.inf
    for step in range(1, iters + 1):
        product = [h - shift * v for h, v in zip(hvp(vector), vector, strict=True)]
        new = float(sum((h * v).sum() for h, v in zip(product, vector, strict=True)))
        if not math.isfinite(new):
            raise ValueError(f"a Hessian-vector product was not finite (estimate {new})")
        norm = torch.sqrt(sum((h * h).sum() for h in product))
        if float(norm) == 0.0:  # the start lies in the null space: the estimate is exactly 0
            return new, step, 0.0, 0.0, vector
        off = sum(((h - new * v) ** 2).sum() for h, v in zip(product, vector, strict=True))
        residual = float(torch.sqrt(off)) / max(abs(new), 1e-12)
        vector = [h / norm for h in product]
        if step > 1:
            change = abs(new - estimate) / max(abs(new), 1e-12)
        estimate = new
        if change <= tol and residual <= math.sqrt(tol):
            return estimate, step, change, residual, vector
    raise NotConverged(iters, change, residual, tol)


def top_eigenvalue(
    loss_of: Callable[[Sequence[torch.Tensor]], torch.Tensor],
    params: Sequence[torch.Tensor],
    *,
    iters: int = 200,
    tol: float = 1e-4,
    seed: int | None = None,
    start: Sequence[torch.Tensor] | None = None,
) -> Eigen:
    """The largest eigenvalue of the Hessian of ``loss_of(params)`` with respect to ``params``.

    Power iteration: ``v <- Hv / |Hv|`` from a start drawn from a `torch.Generator` seeded with
    ``seed`` (the site seed by default) or from ``start`` (e.g. the last estimate's vector), the
    estimate being the Rayleigh quotient ``v.Hv``. It stops when the estimate's relative change
    is <= ``tol`` and its relative residual ``|Hv - v.Hv v| / |v.Hv|`` is <= ``sqrt(tol)``, and
    raises `NotConverged` if that has not happened in ``iters`` products.
    Power iteration finds the eigenvalue of largest *magnitude*; when that is negative, a
    second pass on ``H - lambda_neg * I`` (whose eigenvalues are all >= 0) finds the most
    positive one. ``params`` must be tensors that require gradients and ``loss_of`` a scalar.
    """
    import torch

    from lrlab.repro import site_seed

    _validate_budget(iters, tol)
    params = list(params)
    if not params:
        raise ValueError("params is empty: there is no Hessian to take")
    for p in params:
        if not (isinstance(p, torch.Tensor) and p.requires_grad and p.is_floating_point()):
            raise ValueError(f"every param must be a float tensor requiring grad, got {p!r}")
    loss = loss_of(params)
    if not (isinstance(loss, torch.Tensor) and loss.dim() == 0):
        raise ValueError(f"loss_of must return a scalar tensor, got {loss!r}")
    grads = torch.autograd.grad(loss, params, create_graph=True)

    def hvp(vector: list) -> list:
        return [
            h.detach()
            for h in torch.autograd.grad(grads, params, grad_outputs=vector, retain_graph=True)
        ]

    if start is None:
        gen = torch.Generator().manual_seed(site_seed() if seed is None else seed)
        first = [torch.randn(p.shape, generator=gen, dtype=p.dtype) for p in params]
    else:
        first = [s.detach().clone() for s in start]
        if [f.shape for f in first] != [p.shape for p in params]:
            raise ValueError("start must have one tensor of each param's shape")
    value, used, change, residual, vector = _power(hvp, first, iters, tol, 0.0)
    if value >= 0:
        return Eigen(value, used, change, residual, False, tuple(vector))
    # The largest-magnitude eigenvalue is negative: shift by it so the spectrum is >= 0 and
    # the top of the shifted spectrum is lambda_max - value. A fresh seeded start, since the
    # first pass's vector is the (shifted) bottom's, orthogonal to the one sought.
    gen = torch.Generator().manual_seed((site_seed() if seed is None else seed) + 1)
    again = [torch.randn(p.shape, generator=gen, dtype=p.dtype) for p in params]
    top, more, change, residual, vector = _power(hvp, again, iters, tol, value)
    residual *= abs(top) / max(abs(top + value), 1e-12)  # relative to the unshifted value
    return Eigen(top + value, used + more, change, residual, True, tuple(vector))


def _loss(kind: str, outputs: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    from torch import nn

    if kind == "mse":
        target = nn.functional.one_hot(y, outputs.shape[1]).to(outputs.dtype)
        return 0.5 * ((outputs - target) ** 2).sum(dim=1).mean()
    return nn.functional.cross_entropy(outputs, y)


def _check_loss(loss: str) -> None:
    if loss not in LOSSES:
        raise ValueError(f"unknown loss {loss!r}; known: {', '.join(LOSSES)}")


def sharpness(
    model: nn.Module,
    x: torch.Tensor,
    y: torch.Tensor,
    *,
    loss: str = "mse",
    iters: int = 200,
    tol: float = 1e-4,
    seed: int | None = None,
    start: Sequence[torch.Tensor] | None = None,
) -> Eigen:
    """`top_eigenvalue` of ``model``'s full-batch ``loss`` on ``(x, y)`` w.r.t. its parameters
    (``y``: class labels; the model's weights are not changed)."""
    from torch.func import functional_call

    _check_loss(loss)
    if len(x) != len(y) or len(x) == 0:
        raise ValueError(f"x and y must be non-empty and as long, got {len(x)} and {len(y)}")
    names = [name for name, _ in model.named_parameters()]
    params = [p.detach().clone().requires_grad_(True) for _, p in model.named_parameters()]

    def loss_of(values: Sequence[torch.Tensor]) -> torch.Tensor:
        outputs = functional_call(model, dict(zip(names, values, strict=True)), (x,))
        return _loss(loss, outputs, y)

    return top_eigenvalue(loss_of, params, iters=iters, tol=tol, seed=seed, start=start)


def build_tanh_mlp(seed: int | None = None, hidden: int = 32, depth: int = 2) -> nn.Sequential:
    """64 -> ``hidden`` (x ``depth`` tanh layers) -> 10, initialised right after seeding."""
    from torch import nn

    from lrlab.digits import CLASSES, PIXELS
    from lrlab.repro import seed_everything

    if isinstance(hidden, bool) or not isinstance(hidden, int) or hidden < 1:
        raise ValueError(f"hidden must be a positive integer, got {hidden!r}")
    if isinstance(depth, bool) or not isinstance(depth, int) or depth < 1:
        raise ValueError(f"depth must be a positive integer, got {depth!r}")
    seed_everything(seed)
    layers: list[nn.Module] = []
    width = PIXELS
    for _ in range(depth):
        layers += [nn.Linear(width, hidden), nn.Tanh()]
        width = hidden
    return nn.Sequential(*layers, nn.Linear(width, CLASSES))


@dataclass(frozen=True)
class SharpnessTrace:
    """One full-batch gradient descent run: the train loss before each step (``losses[i]`` at
    step i, plus the final one), and the sharpness at ``sharpness_steps``. ``diverged``: the
    loss stopped being finite and the run stopped there."""

    lr: float
    steps: int
    losses: list[float]
    sharpness_steps: list[int]
    sharpness: list[float]
    iterations: list[int]
    diverged: bool
    seed: int

    @property
    def two_over_lr(self) -> float:
        return 2.0 / self.lr

    def ratios(self) -> list[float]:
        """Each sharpness times lr / 2: 1 is the edge of stability."""
        return [s * self.lr / 2.0 for s in self.sharpness]

    def late_ratio(self, share: float = 0.5) -> tuple[float, float, float]:
        """Mean, min and max of `ratios` over the last ``share`` of the sharpness points."""
        if not 0 < share <= 1:
            raise ValueError(f"share must be in (0, 1], got {share!r}")
        ratios = self.ratios()
        tail = ratios[len(ratios) - max(1, round(len(ratios) * share)) :]
        return sum(tail) / len(tail), min(tail), max(tail)

    def rise(self) -> float:
        """The largest sharpness over the first one (> 1: progressive sharpening)."""
        return max(self.sharpness) / self.sharpness[0]

    def loss_increases(self) -> int:
        """How many steps raised the train loss (0 for a monotone descent)."""
        return sum(b > a for a, b in zip(self.losses, self.losses[1:], strict=False))


def sharpness_trace(
    lr: float,
    *,
    steps: int = 500,
    every: int = 50,
    train_size: int = 100,
    hidden: int = 32,
    depth: int = 2,
    loss: str = "mse",
    seed: int | None = None,
    iters: int = 1000,
    tol: float = 1e-5,
    warm: bool = True,
) -> SharpnessTrace:
    """Full-batch gradient descent (`torch.optim.SGD`, no momentum) at rate ``lr`` for ``steps``
    steps on the first ``train_size`` images of the seed's digits train split, with
    `build_tanh_mlp`; the loss every step, the `sharpness` before step 0 and every ``every``
    steps and after the last. With ``warm`` each estimate starts from the last one's vector
    (the first from ``seed``), else every one from ``seed``. ``seed`` (the site seed by
    default) fixes the split, the weights and that start. Raises `NotConverged` if an estimate
    does not converge. A loose ``tol`` is not a small error: a warm start near the old top
    eigenvector, after the top two have swapped, converges slowly and looks still (digits,
    500 steps: tol 1e-3 missed one point by 27%, 1e-4 by 4%, 1e-5 by < 0.1%)."""
    import torch

    from lrlab.digits import load_data
    from lrlab.repro import site_seed

    if not (isinstance(lr, (int, float)) and math.isfinite(lr) and lr > 0):
        raise ValueError(f"lr must be a positive finite number, got {lr!r}")
    for name, value in (("steps", steps), ("every", every), ("train_size", train_size)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(f"{name} must be a positive integer, got {value!r}")
    _check_loss(loss)
    _validate_budget(iters, tol)
    used = site_seed() if seed is None else seed
    data = load_data(used)
    if train_size > len(data.y_train):
        raise ValueError(f"train_size {train_size} exceeds the {len(data.y_train)} train images")
    x, y = data.x_train[:train_size], data.y_train[:train_size]
    model = build_tanh_mlp(used, hidden, depth)
    optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.0, foreach=True)
    losses: list[float] = []
    points: list[int] = []
    values: list[float] = []
    iterations: list[int] = []
    vector = None
    diverged = False

    def measure(step: int) -> None:
        nonlocal vector
        eig = sharpness(model, x, y, loss=loss, iters=iters, tol=tol, seed=used, start=vector)
        vector = eig.vector if warm else None
        points.append(step)
        values.append(eig.value)
        iterations.append(eig.iterations)

    for step in range(steps + 1):
        value = _loss(loss, model(x), y)
        losses.append(float(value.detach()))
        if not math.isfinite(losses[-1]):
            diverged = True
            break
        if step % every == 0 or step == steps:
            measure(step)
        if step == steps:
            break
        optimizer.zero_grad()
        value.backward()
        optimizer.step()
    return SharpnessTrace(float(lr), steps, losses, points, values, iterations, diverged, used)


@dataclass(frozen=True)
class EdgeSummary:
    """Traces at one rate over several seeds, each measure as (mean, min, max) over the seeds.

    ``rise``: largest sharpness over the first; ``late_ratio``: each run's mean sharpness * lr / 2
    over its last ``share`` of points; ``late_band``: the smallest and largest single late ratio
    of any seed; ``reached``: per seed, the first step whose ratio is >= ``reach`` (None: never);
    ``loss_increases``: steps that raised the loss; ``loss_kept``: final loss over first loss."""

    lr: float
    seeds: list[int]
    rise: tuple[float, float, float]
    late_ratio: tuple[float, float, float]
    late_band: tuple[float, float]
    reached: list[int | None]
    loss_increases: tuple[float, float, float]
    loss_kept: tuple[float, float, float]


def _first_at(trace: SharpnessTrace, reach: float) -> int | None:
    pairs = zip(trace.sharpness_steps, trace.ratios(), strict=True)
    return next((step for step, ratio in pairs if ratio >= reach), None)


def edge_summary(
    traces: Sequence[SharpnessTrace], *, share: float = 0.5, reach: float = 0.95
) -> EdgeSummary:
    """What ``traces`` (one rate, several seeds, none diverged) say about the edge of stability."""
    from lrlab.digits import spread

    if not traces:
        raise ValueError("traces is empty: nothing to summarise")
    rates = sorted({t.lr for t in traces})
    if len(rates) != 1:
        raise ValueError(f"traces must share one rate, got {rates}")
    broken = [t.seed for t in traces if t.diverged]
    if broken:
        raise ValueError(f"traces of seeds {broken} diverged")
    lates = [t.late_ratio(share) for t in traces]
    return EdgeSummary(
        lr=rates[0],
        seeds=[t.seed for t in traces],
        rise=spread([t.rise() for t in traces]),
        late_ratio=spread([late[0] for late in lates]),
        late_band=(min(late[1] for late in lates), max(late[2] for late in lates)),
        reached=[_first_at(t, reach) for t in traces],
        loss_increases=spread([float(t.loss_increases()) for t in traces]),
        loss_kept=spread([t.losses[-1] / t.losses[0] for t in traces]),
    )
