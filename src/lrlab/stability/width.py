"""The best Adam rate of MLPs of several widths, under PyTorch's default parametrization and muP.

The network is 64 -> width -> width -> 10 (Linear, ReLU, Linear, ReLU, Linear) on the digits,
so it has an input layer, one hidden width x width matrix and an output layer. Two schemes:

- ``"SP"``, the standard parametrization: ``nn.Linear``'s default init and one rate for every
  parameter (the groups `param_groups` returns all carry ``lr``).
- ``"muP"``, the maximal-update parametrization for Adam (Yang et al., 2022, "Tensor Programs V",
  arXiv:2203.03466, Table 3; the ``mup`` package's ``MuAdam``), written relative to a
  ``base_width`` with ``ratio = width / base_width``: input weights and every bias keep ``lr``;
  the hidden and the output weights get ``lr / ratio``; the output weights start at
  ``nn.Linear``'s init times ``1 / sqrt(ratio)`` (standard deviation ~ 1 / width, not
  1 / sqrt(width)); the biases fed by the width start at their base-width scale (``nn.Linear``'s
  init times ``sqrt(ratio)``, so they do not shrink with width). At ``width == base_width``
  every factor is 1 and the two schemes are the same network trained the same way.

Adam, not SGD: Adam's per-entry update is about ``lr`` whatever the width, so under SP a hidden
unit's input moves ~ width x lr per step and the best rate must fall as the net widens; this is
the case the paper's Figure 1 shows, and the one muP's per-group rates are built to cancel.
`rate_sweep` trains every (width, rate) on every seed and returns a width x rate grid of losses
with their spread and, per width, the best rate and whether it beat every other rate on every
seed.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from lrlab.digits.data import CLASSES, PIXELS

if TYPE_CHECKING:
    from torch import nn

SCHEMES = ("SP", "muP")
"""The parametrizations compared: PyTorch's default, and muP for Adam."""
WIDTHS = (64, 128, 256)
"""The widths swept by default, the narrowest the base (from base 32 muP's best rate drifted up a
step in our runs; 512 costs about 3x 256's time per step)."""
RATES = tuple(2.0**-k for k in range(8, 2, -1))
"""1/256 to 1/8 in steps of 2: the best Adam rate of every width and scheme we ran lies inside."""
STEPS = 64
"""Steps per run by default: about two and a half epochs of the train split at `BATCH`."""
BATCH = 64
SCORES = ("tail", "final")
"""How a run is scored: ``"tail"``, the mean mini-batch loss over its last quarter of steps
(the default: at a constant Adam rate the loss at one step jitters, and this averages it);
``"final"``, the loss on the whole train split after the last step."""
GROUPS = ("input weights", "hidden weights", "output weights", "biases")
"""The optimizer groups `param_groups` returns, in this order."""


def _check_width(width: Any, what: str = "width") -> int:
    if isinstance(width, bool) or not isinstance(width, int) or width < 1:
        raise ValueError(f"{what} must be a positive integer, got {width!r}")
    return width


def _check_scheme(scheme: Any) -> str:
    if scheme not in SCHEMES:
        raise ValueError(f"unknown scheme {scheme!r}; known: {', '.join(SCHEMES)}")
    return scheme


def group_factors(width: int, base_width: int, scheme: str) -> dict[str, float]:
    """The factor each group's rate is ``lr`` times: all 1 under SP; under muP the hidden and
    output weights get ``base_width / width``."""
    _check_width(width)
    _check_width(base_width, "base_width")
    shrink = base_width / width if _check_scheme(scheme) == "muP" else 1.0
    return {"input weights": 1.0, "hidden weights": shrink, "output weights": shrink, "biases": 1.0}


def build_net(
    width: int, scheme: str = "SP", base_width: int = WIDTHS[0], seed: int | None = None
) -> nn.Sequential:
    """The 64 -> ``width`` -> ``width`` -> 10 MLP, initialised right after seeding with
    ``nn.Linear``'s default; under muP the output weights are then multiplied by
    ``sqrt(base_width / width)`` and the hidden and output biases by ``sqrt(width /
    base_width)`` (both exactly 1 at the base width)."""
    import torch
    from torch import nn

    from lrlab.repro import seed_everything

    _check_width(width)
    _check_width(base_width, "base_width")
    _check_scheme(scheme)
    seed_everything(seed)
    first, hidden = nn.Linear(PIXELS, width), nn.Linear(width, width)
    out = nn.Linear(width, CLASSES)
    if scheme == "muP":
        ratio = width / base_width
        with torch.no_grad():
            out.weight.mul_(1 / math.sqrt(ratio))
            hidden.bias.mul_(math.sqrt(ratio))
            out.bias.mul_(math.sqrt(ratio))
    return nn.Sequential(first, nn.ReLU(), hidden, nn.ReLU(), out)


def param_groups(
    model: nn.Module, lr: float, width: int, base_width: int, scheme: str
) -> list[dict[str, Any]]:
    """The optimizer's parameter groups for ``model`` (a `build_net` net of ``width``): one
    dict per name in `GROUPS`, with ``"params"``, ``"lr"`` (``lr`` times `group_factors`) and
    ``"name"``. Every parameter is in exactly one group. Pass the list to ``torch.optim.Adam``.
    """
    from torch import nn

    if not (isinstance(lr, (int, float)) and math.isfinite(lr) and lr > 0):
        raise ValueError(f"lr must be a positive finite number, got {lr!r}")
    factors = group_factors(width, base_width, scheme)
    linears = [m for m in model.modules() if isinstance(m, nn.Linear)]
    if len(linears) < 3 or linears[0].out_features != width or linears[-1].in_features != width:
        raise ValueError(f"model is not a net of width {width} with a hidden layer")
    weights = {
        "input weights": [linears[0].weight],
        "hidden weights": [m.weight for m in linears[1:-1]],
        "output weights": [linears[-1].weight],
        "biases": [m.bias for m in linears if m.bias is not None],
    }
    return [{"params": weights[g], "lr": lr * factors[g], "name": g} for g in GROUPS]


@dataclass(frozen=True)
class Cell:
    """One (width, rate) of a sweep: the run's score (see `SCORES`) per seed, in seed order
    (``inf`` where the run diverged), and their mean, min and max."""

    width: int
    rate: float
    losses: tuple[float, ...]
    mean: float
    low: float
    high: float
    diverged: int
    """How many seeds diverged."""


@dataclass(frozen=True)
class Best:
    """A width's best rate on the grid (lowest mean loss), the best rate of each seed alone, and
    whether every seed chose it (``clear``: it beat every other grid rate on every seed; if not,
    the best is within the spread). ``at_edge``: it is the grid's first or last rate, so the
    true best may lie off the grid."""

    width: int
    rate: float
    index: int
    per_seed: tuple[float, ...]
    clear: bool
    at_edge: bool


@dataclass(frozen=True)
class Sweep:
    """A width x rate grid of `Cell` (``cells[i][j]`` is ``widths[i]`` at ``rates[j]``), and the
    `Best` rate per width, for one scheme."""

    scheme: str
    widths: tuple[int, ...]
    rates: tuple[float, ...]
    seeds: tuple[int, ...]
    steps: int
    base_width: int
    score: str
    cells: tuple[tuple[Cell, ...], ...]
    best: tuple[Best, ...]

    def means(self) -> list[list[float]]:
        """The mean losses as a width x rate list of rows, for a table or a heat map."""
        return [[c.mean for c in row] for row in self.cells]

    def best_rates(self) -> dict[int, float]:
        return {b.width: b.rate for b in self.best}

    def shift(self) -> float:
        """The widest width's best rate over the narrowest's (1.0: it did not move)."""
        return self.best[-1].rate / self.best[0].rate


def train_loss(
    data: Any,
    width: int,
    lr: float,
    *,
    scheme: str = "SP",
    base_width: int = WIDTHS[0],
    steps: int = STEPS,
    batch_size: int = BATCH,
    seed: int | None = None,
) -> tuple[float, list[float]]:
    """Train one `build_net` net with Adam and `param_groups` for ``steps`` mini-batches of
    ``data`` (batch order from ``seed``, default the data's). Returns the loss on the whole
    train split after the last step (``inf`` if a step's loss was not finite, where training
    stops) and every step's mini-batch loss."""
    import torch

    from lrlab.digits.data import evaluate, train_loader
    from lrlab.digits.training import _loop, epochs_of

    if isinstance(steps, bool) or not isinstance(steps, int) or steps < 1:
        raise ValueError(f"steps must be a positive integer, got {steps!r}")
    used = data.seed if seed is None else seed
    net = build_net(width, scheme, base_width, used)
    opt = torch.optim.Adam(param_groups(net, lr, width, base_width, scheme))
    batches = epochs_of(train_loader(data, batch_size, used))
    losses = _loop(net, opt, None, batches, steps)[1]  # stops at a non-finite loss
    if not math.isfinite(losses[-1]):
        return math.inf, losses
    final, _ = evaluate(net, data.x_train, data.y_train)
    return (final if math.isfinite(final) else math.inf), losses


def rate_sweep(
    widths: Sequence[int] = WIDTHS,
    rates: Sequence[float] = RATES,
    seeds: Sequence[int] | None = None,
    scheme: str = "SP",
    steps: int = STEPS,
    *,
    base_width: int | None = None,
    batch_size: int = BATCH,
    score: str = SCORES[0],
) -> Sweep:
    """Every width at every rate on every seed (each seed its own split, initial weights and
    batch order, the same for every width and rate), trained by `train_loss` and scored as
    ``score`` says (`SCORES`; ``inf`` for a run that diverged). ``rates`` must be
    increasing, ``widths`` increasing; ``base_width`` defaults to the narrowest width; ``seeds``
    defaults to the site seed and the next two."""
    from lrlab.digits.data import load_data
    from lrlab.repro import site_seed

    _check_scheme(scheme)
    if score not in SCORES:
        raise ValueError(f"unknown score {score!r}; known: {', '.join(SCORES)}")
    widths = tuple(_check_width(w) for w in widths)
    if not widths or list(widths) != sorted(set(widths)):
        raise ValueError(f"widths must be increasing and not empty, got {widths!r}")
    rates = tuple(float(r) for r in rates)
    if not rates or any(not (math.isfinite(r) and r > 0) for r in rates):
        raise ValueError(f"rates must be positive finite numbers, got {rates!r}")
    if list(rates) != sorted(set(rates)):
        raise ValueError(f"rates must be increasing, got {rates!r}")
    base = widths[0] if base_width is None else _check_width(base_width, "base_width")
    seeds = tuple(range(site_seed(), site_seed() + 3)) if seeds is None else tuple(seeds)
    if not seeds:
        raise ValueError("seeds must not be empty")
    table = {}
    for seed in seeds:
        data = load_data(seed)
        for w in widths:
            for r in rates:
                final, losses = train_loss(
                    data, w, r, scheme=scheme, base_width=base, steps=steps,
                    batch_size=batch_size, seed=seed,
                )  # fmt: skip
                table[w, r, seed] = final if score == "final" else tail_loss(losses, steps)
    cells = tuple(
        tuple(_cell(w, r, [table[w, r, s] for s in seeds]) for r in rates) for w in widths
    )
    best = tuple(_best(row) for row in cells)
    return Sweep(scheme, widths, rates, seeds, steps, base, score, cells, best)


def tail_loss(losses: Sequence[float], steps: int) -> float:
    """The mean of the last quarter (at least one) of a run's ``steps`` mini-batch losses;
    ``inf`` if the run stopped early (diverged) or a loss is not finite."""
    last = losses[-max(1, steps // 4) :]
    if len(losses) < steps or not all(math.isfinite(x) for x in last):
        return math.inf
    return sum(last) / len(last)


def _cell(width: int, rate: float, losses: list[float]) -> Cell:
    finite = [x for x in losses if math.isfinite(x)]
    mean = sum(losses) / len(losses) if len(finite) == len(losses) else math.inf
    diverged = len(losses) - len(finite)
    return Cell(width, rate, tuple(losses), mean, min(losses), max(losses), diverged)


def _best(row: Sequence[Cell]) -> Best:
    index = min(range(len(row)), key=lambda j: row[j].mean)
    seeds = range(len(row[index].losses))
    per_seed = tuple(row[min(range(len(row)), key=lambda j: row[j].losses[s])].rate for s in seeds)
    clear = all(
        row[index].losses[s] < c.losses[s] for s in seeds for c in row if c is not row[index]
    )
    edge = index in (0, len(row) - 1)
    return Best(row[index].width, row[index].rate, index, per_seed, clear, edge)
