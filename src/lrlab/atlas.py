"""The scheduler atlas: which schedulers torch ships, and each one's curve checked against its
formula.

`scheduler_classes` discovers the public scheduler classes from the installed
``torch.optim.lr_scheduler``; `missing_pages` says which of them have no atlas page (the atlas
index fails the build on any). `checked_curve` runs a scheduler, compares every rate with an
independent formula from `lrlab.formulas` (raising `FormulaMismatch` on any difference) and
returns the chart, its values table and a sentence saying how many steps agreed.

Readers see optimizer steps (and epochs) numbered from 1; the formulas use ``t``, the number of
``scheduler.step()`` calls made before a step, so step ``n`` has ``t = n - 1``.
"""

from __future__ import annotations

import html
import inspect
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lrlab.formulas import Formula
from lrlab.plots import (
    FIGURE_WIDTH,
    FONT_SIZE,
    INK,
    MAX_TICKS,
    PALETTE,
    chart,
    svg_figure,
    svg_text,
    wrapped,
)
from lrlab.training import lr_schedule

REL_TOL = 1e-9
"""Largest relative difference allowed between executed and formula rates (float round-off of
PyTorch's step-by-step recurrences; a real disagreement is many orders of magnitude larger)."""

ABS_TOL = 1e-15
"""Absolute slack, for rates at or next to zero."""


STEP_AXIS = "optimizer step (the first is 1)"
"""The x-axis label of a chart over optimizer steps."""

EXCLUDED = {
    "LRScheduler": "the base class every scheduler derives from; it has no schedule of its own "
    "(its get_lr() raises NotImplementedError)",
    "_LRScheduler": "a private, empty subclass of LRScheduler kept so that old code importing "
    "it still runs",
}
"""Exported scheduler-like names that get no page, and why (shown on the atlas index)."""


class FormulaMismatch(AssertionError):
    """An executed schedule and its formula disagree."""


@dataclass(frozen=True)
class Agreement:
    """How closely an executed schedule matched its formula."""

    steps: int
    max_abs_diff: float


def scheduler_classes() -> list[str]:
    """Public scheduler classes of the installed torch, sorted by name: every exported name that
    is a class deriving from ``LRScheduler`` (``ReduceLROnPlateau`` included), minus `EXCLUDED`."""
    import torch.optim.lr_scheduler as module

    found = set()
    for name, value in vars(module).items():
        if name.startswith("_") or name in EXCLUDED or not inspect.isclass(value):
            continue
        if value.__module__ != module.__name__:
            continue  # imported helpers such as typing classes
        if issubclass(value, module.LRScheduler | module.ReduceLROnPlateau):
            found.add(name)
    return sorted(found)


def excluded_classes() -> dict[str, str]:
    """The scheduler-like names the atlas leaves out and why, limited to those this torch has."""
    import torch.optim.lr_scheduler as module

    return {name: why for name, why in EXCLUDED.items() if hasattr(module, name)}


def page_name(cls: str) -> str:
    """The atlas page file of a scheduler class, relative to the docs folder."""
    return f"atlas/{cls.lower()}.md"


def docs_dir(start: Path | None = None) -> Path:
    """The docs folder of the project that contains ``start`` (default: the working directory),
    found by walking up to the nearest ``mkdocs.yml``."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "mkdocs.yml").is_file():
            return folder / "docs"
    raise FileNotFoundError(f"no mkdocs.yml in {here} or any folder above it")


def missing_pages(classes: Sequence[str], docs: Path) -> list[str]:
    """Classes whose atlas page is absent or does not include the class's checked curve."""
    missing = []
    for cls in classes:
        page = docs / page_name(cls)
        curve = f'"atlas/{cls.lower()}/curve.py"'
        if not page.is_file() or curve not in page.read_text(encoding="utf-8"):
            missing.append(cls)
    return missing


def agreement(
    executed: Sequence[float], expected: Sequence[float], label: str = "schedule"
) -> Agreement:
    """Compare two rate sequences step by step; raise `FormulaMismatch` naming the first step
    that differs by more than `REL_TOL` (relative) and `ABS_TOL`."""
    if len(executed) != len(expected):
        raise FormulaMismatch(
            f"{label}: {len(executed)} executed rates but {len(expected)} from the formula"
        )
    worst = 0.0
    for t, (run, formula) in enumerate(zip(executed, expected, strict=True)):
        diff = abs(run - formula)
        if diff > ABS_TOL + REL_TOL * max(abs(run), abs(formula)):
            raise FormulaMismatch(
                f"{label}: at optimizer step {t + 1} (t={t}) PyTorch used {run!r} "
                f"but the formula gives {formula!r}"
            )
        worst = max(worst, diff)
    return Agreement(len(executed), worst)


def check_formula(
    factory: Callable[[Any], Any], formula: Formula, steps: int, lr: float, label: str
) -> tuple[list[float], list[float], Agreement]:
    """Run ``factory(optimizer)`` for ``steps`` optimizer steps on a one-parameter SGD starting
    at ``lr`` and compare with ``formula``. Returns (executed, formula rates, agreement)."""
    executed = lr_schedule(factory, steps=steps, lr=lr)
    expected = [formula(t) for t in range(steps)]
    return executed, expected, agreement(executed, expected, label)


def _fmt(value: float) -> str:
    return f"{value:.6g}"


def curve_html(
    title: str,
    executed: Sequence[float],
    expected: Sequence[float],
    result: Agreement,
    *,
    logy: bool = False,
    formula_name: str = "the formula",
) -> str:
    """The chart of an executed schedule over optimizer steps 1, 2, …, its values table (step,
    ``t``, executed and formula rates side by side) and a sentence reporting the agreement."""
    svg = rates_svg({"executed": executed}, title, logy=logy)
    rows = [
        (str(t + 1), str(t), _fmt(a), _fmt(b))
        for t, (a, b) in enumerate(zip(executed, expected, strict=True))
    ]
    headers = ("step", "t", "lr used (PyTorch)", f"lr from {formula_name}")
    figure = chart(svg, title, headers, rows)
    sentence = (
        f'<p class="lrlab-check">Checked at build time: {html.escape(formula_name)} gives '
        f"the rate PyTorch used at all {result.steps} steps (largest difference "
        f"{result.max_abs_diff:.1e}).</p>"
    )
    return f"{figure}\n{sentence}"


def checked_curve(
    title: str,
    factory: Callable[[Any], Any],
    formula: Formula,
    *,
    steps: int,
    lr: float,
    logy: bool = False,
    formula_name: str = "the formula",
) -> str:
    """`check_formula` then `curve_html`: the chart block of an atlas page. Raises
    `FormulaMismatch` (failing the build) if the formula and PyTorch disagree at any step."""
    executed, expected, result = check_formula(factory, formula, steps, lr, title)
    return curve_html(title, executed, expected, result, logy=logy, formula_name=formula_name)


def metric_schedule(
    build: Callable[[Any], Any], metrics: Sequence[float], lr: float
) -> list[float]:
    """The rate each step uses under the scheduler ``build(optimizer)`` makes when
    ``metrics[t]`` is passed to ``scheduler.step`` after step ``t`` (one more rate than
    metrics): how ReduceLROnPlateau is driven."""
    import torch

    param = torch.nn.Parameter(torch.zeros(1))
    optimizer = torch.optim.SGD([param], lr=lr)
    scheduler = build(optimizer)
    rates = [float(optimizer.param_groups[0]["lr"])]
    for value in metrics:
        optimizer.step()
        scheduler.step(value)
        rates.append(float(optimizer.param_groups[0]["lr"]))
    return rates


def plateau_schedule(metrics: Sequence[float], lr: float, **options: Any) -> list[float]:
    """The rate each step uses under ``ReduceLROnPlateau(optimizer, **options)`` when
    ``metrics[t]`` is reported after step ``t`` (one more rate than metrics)."""
    import torch

    def build(optimizer: Any) -> Any:
        return torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, **options)

    return metric_schedule(build, metrics, lr)


def _step_ticks(count: int) -> list[int]:
    """At most `MAX_TICKS` round tick positions for steps 1 … ``count``, starting at 1."""
    from matplotlib.ticker import MaxNLocator

    locator = MaxNLocator(MAX_TICKS - 1, integer=True, steps=[1, 2, 5, 10])
    ticks = [int(x) for x in locator.tick_values(1, count) if 1 <= x <= count]
    if not ticks or ticks[0] != 1:
        gap = ticks[1] - ticks[0] if len(ticks) > 1 else count
        if ticks and ticks[0] - 1 < gap / 2:
            ticks = ticks[1:]
        ticks = [1, *ticks]
    return ticks


def comparison_svg(
    schedules: dict[str, Sequence[float]],
    title: str,
    *,
    logy: bool = False,
    xlabel: str = STEP_AXIS,
) -> str:
    """Several executed schedules on one chart with a shared axis numbered from 1 (entry ``i``
    of each schedule is drawn at ``i + 1``), the legend under the axes, where it hides no
    line."""
    if not schedules:
        raise ValueError("comparison_svg needs at least one schedule")
    return rates_svg(schedules, title, logy=logy, xlabel=xlabel)


def rates_svg(
    schedules: dict[str, Sequence[float]],
    title: str,
    *,
    logy: bool = False,
    xlabel: str = STEP_AXIS,
) -> str:
    """Rates as staircases over steps (or epochs) 1, 2, …: the atlas's chart. Drawn like
    `lrlab.plots.line_svg`, but narrower with larger text and fewer ticks (legible on a phone),
    and with the legend, if there is more than one schedule, under the axes."""
    from matplotlib.ticker import MaxNLocator

    if not schedules:
        raise ValueError("rates_svg needs at least one schedule")
    legend_rows = -(-len(schedules) // 2) if len(schedules) > 1 else 0  # two entries a row
    title_lines = wrapped(title).count("\n") + 1
    height = 3.2 + 0.2 * title_lines + 0.3 * legend_rows
    with svg_figure(FIGURE_WIDTH, height, FONT_SIZE) as (fig, ax):
        longest = max(len(rates) for rates in schedules.values())
        for index, (label, rates) in enumerate(schedules.items()):
            color = PALETTE[index % len(PALETTE)]
            # Step n is drawn over [n, n + 1), so the last step is as wide as the others.
            xs = range(1, len(rates) + 2)
            ys = [*rates, rates[-1]] if len(rates) else []
            ax.step(xs, ys, where="post", label=label, color=color, lw=1.6)
        if logy:
            ax.set_yscale("log")
        else:
            ax.yaxis.set_major_locator(MaxNLocator(MAX_TICKS - 1))
        ax.set_xlim(1, longest + 1)
        ax.set_xticks(_step_ticks(longest))
        ax.set_title(wrapped(title), fontsize=FONT_SIZE)
        ax.set_xlabel(xlabel)
        ax.set_ylabel("learning rate")
        ax.grid(alpha=0.25, color=INK)
        if legend_rows:
            fig.legend(loc="lower center", ncol=2, frameon=False)
            fig.tight_layout(rect=(0, 0.3 * legend_rows / height, 1, 1))
        else:
            fig.tight_layout()
        return svg_text(fig, title)


def signature(cls: str) -> str:
    """A scheduler's constructor as PyTorch declares it (no type hints), as a Markdown code
    span, e.g. ``StepLR(optimizer, step_size, gamma=0.1, last_epoch=-1)``."""
    import torch.optim.lr_scheduler as module

    params = inspect.signature(getattr(module, cls)).parameters.values()
    shown = ", ".join(str(p.replace(annotation=inspect.Parameter.empty)) for p in params)
    return f"`{cls}({shown})`"


def composes_in_chain(
    factory: Callable[[Any], Any],
    other: Callable[[Any], Any],
    steps: int = 12,
    lr: float = 0.1,
) -> tuple[bool, bool]:
    """Whether ``ChainedScheduler`` multiplies the effects of ``factory`` and ``other``: for
    the chain ``[factory, other]`` and for ``[other, factory]``, is every rate equal to
    ``lr · (rate alone / lr) · (other alone / lr)``?"""
    from torch.optim.lr_scheduler import ChainedScheduler

    alone = lr_schedule(factory, steps, lr)
    partner = lr_schedule(other, steps, lr)
    product = [a * b / lr for a, b in zip(alone, partner, strict=True)]

    def matches(rates: Sequence[float]) -> bool:
        return all(
            abs(r - p) <= ABS_TOL + REL_TOL * abs(p) for r, p in zip(rates, product, strict=True)
        )

    first = lr_schedule(lambda opt: ChainedScheduler([factory(opt), other(opt)]), steps, lr)
    second = lr_schedule(lambda opt: ChainedScheduler([other(opt), factory(opt)]), steps, lr)
    return matches(first), matches(second)
