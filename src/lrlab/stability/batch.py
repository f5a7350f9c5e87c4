"""The rate and the batch: the best rate per batch size, and the gradient noise scale.

`best_rates_by_batch` trains the digits MLP on a fixed number of examples at every batch size
and rate of a grid, over several seeds, and says which rate did best per batch size (and
whether that is beyond the seeds' spread). `gradient_noise_scale` measures McCandlish et al.'s
simple noise scale B_simple = tr(Σ) / |G|² (arXiv:1812.06162) on the train split two ways:
exactly, from every example's gradient (``torch.func`` vmap of grad), and with their unbiased
two-batch-size estimator (Appendix A); `curved_noise_scale` weighs the noise by the Hessian
(their B_noise and the best full-batch step eps_max); `noise_scale_during_training` measures
both as a run trains. Runs use plain SGD (``momentum=0`` by default), the optimizer the
paper's theory is about; every function takes its seeds, returns what happened and prints nothing.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from lrlab.digits import Digits, build_mlp, epochs_of, evaluate, load_data, spread, train_loader
from lrlab.digits import _loop as _train_steps

if TYPE_CHECKING:
    import torch
    from torch import nn


@dataclass(frozen=True)
class NoiseScale:
    """The gradient noise of the mean cross-entropy over ``examples`` examples.

    Exact: ``g2`` = |G|² of the full gradient G (mean of the per-example gradients g_i),
    ``trace`` = tr(Σ) = mean_i |g_i - G|² (Σ the per-example covariance over these examples),
    ``b_simple`` = trace / g2. Estimated from ``draws`` pairs of batches of ``b_small`` and
    ``b_big`` examples drawn with replacement (each batch gradient an ordinary backward pass):
    ``g2_estimate`` and ``trace_estimate`` are the means over the draws of the two-batch
    estimates, ``*_stderr`` their standard errors, ``b_simple_estimate`` the ratio of the two
    means (as the paper does: a ratio of averages, not an average of ratios)."""

    examples: int
    g2: float
    trace: float
    b_simple: float
    b_small: int
    b_big: int
    draws: int
    g2_estimate: float
    g2_stderr: float
    trace_estimate: float
    trace_stderr: float
    b_simple_estimate: float
    g2_draws: tuple[float, ...]
    trace_draws: tuple[float, ...]


def _xy(data: Digits | tuple[torch.Tensor, torch.Tensor]) -> tuple[torch.Tensor, torch.Tensor]:
    if isinstance(data, Digits):
        return data.x_train, data.y_train
    x, y = data
    if len(x) != len(y) or len(y) < 2:
        raise ValueError(f"data needs >= 2 examples with as many labels, got {len(x)}, {len(y)}")
    return x, y


def per_example_gradients(model: nn.Module, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """One row per example: the flattened gradient of its cross-entropy with respect to every
    parameter of ``model`` (in ``named_parameters`` order), by ``torch.func`` vmap of grad."""
    import torch
    from torch.func import functional_call, grad, vmap

    params = {name: p.detach() for name, p in model.named_parameters()}

    def loss_of_one(p: dict[str, torch.Tensor], xi: torch.Tensor, yi: torch.Tensor) -> torch.Tensor:
        logits = functional_call(model, p, (xi.unsqueeze(0),))
        return torch.nn.functional.cross_entropy(logits, yi.unsqueeze(0))

    grads = vmap(grad(loss_of_one), in_dims=(None, 0, 0))(params, x, y)
    return torch.cat([grads[name].reshape(len(y), -1) for name in params], dim=1)


def _batch_g2(model: nn.Module, x: torch.Tensor, y: torch.Tensor) -> float:
    """|G_B|² of the mean cross-entropy over the batch, by one ordinary backward pass."""
    import torch

    params = [p for p in model.parameters() if p.requires_grad]
    loss = torch.nn.functional.cross_entropy(model(x), y)
    grads = torch.autograd.grad(loss, params)
    return float(sum((g.double() ** 2).sum() for g in grads))


def gradient_noise_scale(
    model: nn.Module,
    data: Digits | tuple[torch.Tensor, torch.Tensor],
    *,
    b_small: int = 8,
    b_big: int = 256,
    draws: int = 20,
    seed: int | None = None,
) -> NoiseScale:
    """B_simple = tr(Σ)/|G|² of ``model`` on ``data`` (a `Digits`' train split, or ``(x, y)``),
    exactly and by the two-batch estimator: per draw, |G|² ≈ (B_big|G_big|² -
    B_small|G_small|²)/(B_big - B_small) and tr(Σ) ≈ (|G_small|² - |G_big|²)/(1/B_small -
    1/B_big). Batches are drawn with replacement (from ``seed``, the site seed by default), so
    E|G_B|² = |G|² + tr(Σ)/B holds exactly and both estimates are unbiased. The model is not
    changed."""
    import torch

    from lrlab.repro import site_seed

    x, y = _xy(data)
    if b_small < 1 or b_big <= b_small:
        raise ValueError(f"need 1 <= b_small < b_big, got b_small={b_small}, b_big={b_big}")
    if draws < 2:
        raise ValueError(f"draws must be >= 2 (for a standard error), got {draws}")
    flat = per_example_gradients(model, x, y).double()
    mean = flat.mean(dim=0)
    g2 = float(mean @ mean)
    trace = float(((flat - mean) ** 2).sum(dim=1).mean())  # b_simple is inf when G = 0
    gen = torch.Generator().manual_seed(site_seed() if seed is None else seed)
    g2s, traces = [], []
    for _ in range(draws):
        small = torch.randint(len(y), (b_small,), generator=gen)
        big = torch.randint(len(y), (b_big,), generator=gen)
        s2, l2 = _batch_g2(model, x[small], y[small]), _batch_g2(model, x[big], y[big])
        g2s.append((b_big * l2 - b_small * s2) / (b_big - b_small))
        traces.append((s2 - l2) / (1 / b_small - 1 / b_big))
    g2_mean, g2_err = _mean_stderr(g2s)
    tr_mean, tr_err = _mean_stderr(traces)
    estimate = tr_mean / g2_mean if g2_mean > 0 else math.inf
    exact = trace / g2 if g2 > 0 else math.inf
    return NoiseScale(
        len(y), g2, trace, exact, b_small, b_big, draws, g2_mean, g2_err, tr_mean, tr_err,
        estimate, tuple(g2s), tuple(traces),
    )  # fmt: skip


def _mean_stderr(values: Sequence[float]) -> tuple[float, float]:
    n = len(values)
    mean = sum(values) / n
    var = sum((v - mean) ** 2 for v in values) / (n - 1)
    return mean, math.sqrt(var / n)


@dataclass(frozen=True)
class CurvedNoise:
    """The noise scale with the curvature in it (McCandlish et al., section 2.2): ``ghg`` =
    GᵀHG exactly (H the Hessian of the mean loss), ``eps_max`` = |G|²/GᵀHG (the best full-batch
    step on the local quadratic), and ``trace_h_sigma`` = tr(HΣ) = mean_i (g_i-G)ᵀH(g_i-G)
    estimated from ``samples`` examples drawn with replacement (``stderr`` its standard error),
    ``b_noise`` = tr(HΣ)/GᵀHG. Their model's best rate at batch B: eps_max / (1 + b_noise/B).
    Where GᵀHG <= 0 (the loss is not convex along G) the quadratic has no best step, and
    ``eps_max`` and ``b_noise`` are ``inf``."""

    g2: float
    ghg: float
    eps_max: float
    trace_h_sigma: float
    stderr: float
    b_noise: float
    samples: int

    def best_rate(self, batch_size: int) -> float:
        return self.eps_max / (1 + self.b_noise / batch_size)


def curved_noise_scale(
    model: nn.Module,
    data: Digits | tuple[torch.Tensor, torch.Tensor],
    *,
    samples: int = 64,
    seed: int | None = None,
) -> CurvedNoise:
    """B_noise = tr(HΣ)/GᵀHG of ``model`` on ``data`` by Hessian-vector products of the mean
    cross-entropy (backward through one gradient kept with its graph): one for G, one per
    sampled example's deviation g_i - G (``samples`` of them, drawn from ``seed``, the site
    seed by default). The model is not changed."""
    import torch

    from lrlab.repro import site_seed

    x, y = _xy(data)
    if samples < 2:
        raise ValueError(f"samples must be >= 2 (for a standard error), got {samples}")
    params = [p for p in model.parameters() if p.requires_grad]
    loss = torch.nn.functional.cross_entropy(model(x), y)
    grads = torch.cat([g.reshape(-1) for g in torch.autograd.grad(loss, params, create_graph=True)])

    def quad(v: torch.Tensor) -> float:  # vᵀHv
        hv = torch.autograd.grad(grads @ v, params, retain_graph=True)
        return float(torch.cat([h.reshape(-1) for h in hv]).double() @ v.double())

    flat = per_example_gradients(model, x, y)
    mean = flat.mean(dim=0)
    ghg = quad(mean)
    gen = torch.Generator().manual_seed(site_seed() if seed is None else seed)
    rows = torch.randint(len(y), (samples,), generator=gen)
    values = [quad(flat[i] - mean) for i in rows]
    trace, err = _mean_stderr(values)
    g2 = float(mean.double() @ mean.double())
    if ghg <= 0:
        return CurvedNoise(g2, ghg, math.inf, trace, err, math.inf, samples)
    return CurvedNoise(g2, ghg, g2 / ghg, trace, err, trace / ghg, samples)


@dataclass(frozen=True)
class BatchResult:
    """One batch size of a sweep: ``losses[rate]`` is the train-split loss after the sweep's
    examples, per seed (``inf`` when the run diverged). ``best_rate`` has the lowest mean;
    ``tied`` are the other rates it did not beat on every seed (empty: ``separable``);
    ``at_edge``: the best rate is the grid's smallest or largest, so the true best may lie
    outside it. ``best_rate_per_seed``: each seed's own best rate."""

    batch_size: int
    steps: int
    losses: dict[float, tuple[float, ...]]
    test_losses: dict[float, tuple[float, ...]]
    best_rate: float
    best_rate_per_seed: tuple[float, ...]
    tied: tuple[float, ...]
    at_edge: bool

    @property
    def separable(self) -> bool:
        return not self.tied

    @property
    def best(self) -> tuple[float, float, float]:
        """Mean, smallest and largest train loss over seeds at the best rate."""
        return spread(self.losses[self.best_rate])


@dataclass(frozen=True)
class BatchSweep:
    """`best_rates_by_batch`'s result: one `BatchResult` per batch size, in increasing order."""

    examples: int
    rates: tuple[float, ...]
    seeds: tuple[int, ...]
    momentum: float
    results: tuple[BatchResult, ...]


def _check_increasing(name: str, values: Sequence[float]) -> None:
    if not values:
        raise ValueError(f"{name} must not be empty")
    if any(v <= 0 for v in values):
        raise ValueError(f"{name} must be positive, got {list(values)}")
    if any(b <= a for a, b in itertools.pairwise(values)):
        raise ValueError(f"{name} must be strictly increasing, got {list(values)}")


def _check_seeds(seeds: Sequence[int]) -> None:
    if not seeds or len(set(seeds)) != len(seeds):
        raise ValueError(f"seeds must be distinct and not empty, got {list(seeds)}")


def _sgd_run(
    data: Digits, rate: float, batch_size: int, steps: int, seed: int, momentum: float
) -> nn.Module:
    """``steps`` SGD steps of the digits MLP (``seed``: weights and batch order)."""
    import torch

    net = build_mlp(seed)
    opt = torch.optim.SGD(net.parameters(), lr=rate, momentum=momentum)
    _train_steps(net, opt, None, epochs_of(train_loader(data, batch_size, seed)), steps)
    return net


def _finite(value: float) -> float:
    return value if math.isfinite(value) else math.inf


def best_rates_by_batch(
    batch_sizes: Sequence[int],
    rates: Sequence[float],
    seeds: Sequence[int],
    examples: int,
    *,
    momentum: float = 0.0,
) -> BatchSweep:
    """Train the digits MLP on ``examples`` examples (``examples // batch`` SGD steps) at every
    batch size and rate, once per seed (each seed its own split, weights and batch order, the
    same for every batch size and rate), and find each batch size's best rate by the mean
    train-split loss at the end. ``examples`` must be a multiple of every batch size."""
    _check_increasing("batch_sizes", batch_sizes)
    _check_increasing("rates", rates)
    _check_seeds(seeds)
    if momentum < 0 or momentum >= 1:
        raise ValueError(f"momentum must be in [0, 1), got {momentum}")
    for b in batch_sizes:
        if int(b) != b or examples % b:
            raise ValueError(f"examples={examples} is not a multiple of batch size {b}")
    datas = [load_data(seed) for seed in seeds]
    results = []
    for b in batch_sizes:
        steps = examples // b
        train: dict[float, list[float]] = {r: [] for r in rates}
        test: dict[float, list[float]] = {r: [] for r in rates}
        for data, seed in zip(datas, seeds, strict=True):
            for r in rates:
                net = _sgd_run(data, r, b, steps, seed, momentum)
                train[r].append(_finite(evaluate(net, data.x_train, data.y_train)[0]))
                test[r].append(_finite(evaluate(net, data.x_test, data.y_test)[0]))
        results.append(_result(int(b), steps, train, test, rates))
    return BatchSweep(examples, tuple(rates), tuple(seeds), momentum, tuple(results))


def _result(
    b: int,
    steps: int,
    train: dict[float, list[float]],
    test: dict[float, list[float]],
    rates: Sequence[float],
) -> BatchResult:
    best = min(rates, key=lambda r: spread(train[r])[0])
    n = len(train[best])
    per_seed = tuple(min(rates, key=lambda r, i=i: train[r][i]) for i in range(n))
    tied = tuple(
        r for r in rates if r != best and not all(train[best][i] < train[r][i] for i in range(n))
    )
    return BatchResult(
        b, steps, {r: tuple(v) for r, v in train.items()}, {r: tuple(v) for r, v in test.items()},
        best, per_seed, tied, best in (rates[0], rates[-1]),
    )  # fmt: skip


@dataclass(frozen=True)
class NoisePoint:
    """The noise scale of one seed's run after ``examples`` examples (``steps`` steps)."""

    seed: int
    examples: int
    steps: int
    train_loss: float
    noise: NoiseScale
    curved: CurvedNoise | None = None


def noise_scale_during_training(
    batch_size: int,
    rate: float,
    seeds: Sequence[int],
    checkpoints: Sequence[int],
    *,
    momentum: float = 0.0,
    b_small: int = 8,
    b_big: int = 256,
    draws: int = 20,
    curvature_samples: int = 0,
) -> dict[int, list[NoisePoint]]:
    """Train the digits MLP with SGD at ``batch_size`` and ``rate`` and measure the noise scale
    on the train split at every checkpoint (examples seen, increasing; 0 is the initial
    weights), one run per seed, the batches one continuous run would see. Returns the points
    per seed. The estimator's batches are drawn from the seed, so a seed fixes everything.
    ``curvature_samples`` > 0 adds `curved_noise_scale` with that many samples at each point."""
    import torch

    _check_seeds(seeds)
    if list(checkpoints) != sorted(set(checkpoints)) or not checkpoints or checkpoints[0] < 0:
        raise ValueError(f"checkpoints must be increasing and >= 0, got {list(checkpoints)}")
    if batch_size < 1 or rate <= 0:
        raise ValueError(f"need batch_size >= 1 and rate > 0, got {batch_size}, {rate}")
    for c in checkpoints:
        if c % batch_size:
            raise ValueError(f"checkpoint {c} is not a multiple of batch size {batch_size}")
    out: dict[int, list[NoisePoint]] = {}
    for seed in seeds:
        data = load_data(seed)
        net = build_mlp(seed)
        opt = torch.optim.SGD(net.parameters(), lr=rate, momentum=momentum)
        batches = epochs_of(train_loader(data, batch_size, seed))
        done, points = 0, []
        for c in checkpoints:
            _train_steps(net, opt, None, batches, (c - done) // batch_size)
            done = c
            noise = gradient_noise_scale(
                net, data, b_small=b_small, b_big=b_big, draws=draws, seed=seed
            )
            loss = evaluate(net, data.x_train, data.y_train)[0]
            curved = (
                curved_noise_scale(net, data, samples=curvature_samples, seed=seed)
                if curvature_samples
                else None
            )
            points.append(NoisePoint(seed, c, c // batch_size, loss, noise, curved))
        out[seed] = points
    return out
