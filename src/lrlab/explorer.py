"""Parameter explorers: every point of a small grid run with real PyTorch at build time, stored in
the page, redrawn in the browser by ``docs/javascripts/explorer.js``.

PyTorch does not run in a browser, so an interactive curve can only show real numbers if they were
recorded when the site was built. `scheduler_explorer` takes a scheduler call written as Python
with ``{placeholders}`` (``"StepLR(optimizer, step_size={step_size}, gamma={gamma})"``) and a grid
of values for them; it runs the call at every grid point, checks every rate against the page's
formula (raising `lrlab.atlas.FormulaMismatch`, which fails the build, on any difference) and
returns the explorer's HTML with the runs in it. The call shown for a point is the code that ran.
A point where PyTorch refuses the parameters keeps PyTorch's own error message, beside the page's
own sentence of why (``refusal``); a grid that is empty, names a parameter the call does not use
(or the other way round), where PyTorch refuses every point, or refuses one the page does not
explain, raises `GridError`. `training_explorer` does the same for whole training runs. Every
explorer says what one recorded run is (how many steps, which optimizer) in its note and beside
each curve.

Rates are stored at the precision the values tables show (6 significant digits), as text.
"""

from __future__ import annotations

import html
import itertools
import json
import math
import re
import string
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from lrlab.atlas import STEP_AXIS, agreement, metric_schedule
from lrlab.training import lr_schedule

MAX_POINTS = 120
"""Most grid points one explorer may hold (page size and build time grow with it)."""

REFUSALS = (ArithmeticError, LookupError, RuntimeError, TypeError, ValueError)
"""What PyTorch raises when it refuses parameters (shown at that grid point); anything else,
such as a `NameError` in the call or a `FormulaMismatch`, fails the build."""


class GridError(ValueError):
    """An explorer's grid that cannot be what the author meant."""


@dataclass(frozen=True)
class Panel:
    """One chart of an explorer: its axis labels, log scale, and the values table's headers."""

    ylabel: str
    xlabel: str = STEP_AXIS
    logy: bool = False
    value_header: str = "lr used (PyTorch)"
    index_header: str = "step"
    show_t: bool = True


def _fmt(value: float) -> str:
    if not math.isfinite(value):
        raise GridError(f"a recorded value is {value!r}: the chart cannot draw it")
    return f"{value:.6g}"


def _label(value: Any) -> str:
    return value if isinstance(value, str) else str(value)


def _check_grid(
    name: str, grid: Mapping[str, Sequence[Any]], default: Mapping[str, Any]
) -> list[tuple[str, list[Any]]]:
    if not re.fullmatch(r"[a-z0-9-]+", name):
        raise GridError(f"explorer name {name!r}: use lower-case letters, digits and '-'")
    if not grid:
        raise GridError(f"explorer {name}: the grid is empty")
    axes = []
    for param, values in grid.items():
        values = list(values)
        if not values:
            raise GridError(f"explorer {name}: parameter {param!r} has no values")
        labels = [_label(v) for v in values]
        if len(set(labels)) != len(labels):
            raise GridError(f"explorer {name}: parameter {param!r} repeats a value: {labels}")
        axes.append((param, values))
    points = math.prod(len(values) for _, values in axes)
    if points > MAX_POINTS:
        raise GridError(f"explorer {name}: {points} grid points, more than {MAX_POINTS}")
    if set(default) != set(grid):
        raise GridError(
            f"explorer {name}: the default sets {sorted(default)} but the grid has {sorted(grid)}"
        )
    for param, values in axes:
        if default[param] not in values:
            raise GridError(
                f"explorer {name}: default {param}={default[param]!r} is not on the grid {values}"
            )
    return axes


def _placeholders(call: str) -> set[str]:
    return {field.split("!")[0] for _, field, _, _ in string.Formatter().parse(call) if field}


def _html(
    name: str,
    note: str,
    axes: list[tuple[str, list[Any]]],
    default: Mapping[str, Any],
    panels: Sequence[Panel],
    points: list[dict[str, Any]],
    title: str,
    recorded: str,
    **extra: Any,
) -> str:
    """The explorer's markup: the note, controls (hidden until the script runs), a live status
    line, a chart and values table per panel, and the runs as JSON. ``recorded`` says what one
    run is ("50 optimizer steps of SGD from lr=0.1"); the status line repeats it."""
    controls = []
    for param, values in axes:
        ident = f"lrlab-x-{name}-{param}"
        index = values.index(default[param])
        label = _label(values[index])
        controls.append(
            f'<div class="lrlab-explorer-control"><label for="{ident}"><code>{html.escape(param)}'
            f'</code></label><input type="range" id="{ident}" data-param="{html.escape(param)}" '
            f'min="0" max="{len(values) - 1}" step="1" value="{index}" '
            f'aria-valuetext="{html.escape(label)}"><output for="{ident}">{html.escape(label)}'
            "</output></div>"
        )
    charts = "".join(
        '<figure class="lrlab-chart lrlab-explorer-chart"><div class="lrlab-explorer-plot"></div>'
        f"<figcaption>{html.escape(title)}: {html.escape(panel.ylabel)} at the grid point "
        "chosen above</figcaption></figure>"
        '<details class="lrlab-values"><summary>Values behind the chart</summary>'
        "<table><caption></caption><thead></thead><tbody></tbody></table></details>"
        for panel in panels
    )
    data = {
        "title": title,
        "recorded": recorded,
        "params": [{"name": p, "values": [_label(v) for v in vs]} for p, vs in axes],
        "default": [vs.index(default[p]) for p, vs in axes],
        "panels": [
            {
                "ylabel": p.ylabel,
                "xlabel": p.xlabel,
                "logy": p.logy,
                "value": p.value_header,
                "index": p.index_header,
                "t": p.show_t,
            }
            for p in panels
        ],
        "points": points,
        **extra,
    }
    payload = json.dumps(data, separators=(",", ":"), ensure_ascii=False).replace("</", "<\\/")
    return (
        f'<div class="lrlab-explorer" id="lrlab-x-{name}">'
        f'<p class="lrlab-explorer-note">{note}</p>'
        '<noscript><p class="lrlab-explorer-note">The controls need JavaScript; the chart '
        "above shows the default grid point.</p></noscript>"
        '<div class="lrlab-explorer-ui" hidden>'
        f'<fieldset class="lrlab-explorer-controls"><legend>{html.escape(title)}: choose a grid '
        f"point</legend>{''.join(controls)}</fieldset>"
        '<p class="lrlab-explorer-status" aria-live="polite"></p>'
        '<pre class="lrlab-explorer-error" hidden></pre>'
        f"{charts}</div>"
        f'<script type="application/json" class="lrlab-explorer-data">{payload}</script></div>'
    )


def _rates_of(
    call: str,
    lr: float,
    steps: int,
    metrics: Sequence[float] | None,
) -> list[float]:
    import torch.optim.lr_scheduler as module

    namespace = {n: getattr(module, n) for n in dir(module) if not n.startswith("_")}

    def build(optimizer: Any) -> Any:
        return eval(call, {**namespace, "optimizer": optimizer})  # the code the page shows

    if metrics is None:
        return lr_schedule(build, steps=steps, lr=lr)
    return metric_schedule(build, metrics, lr)


def scheduler_explorer(
    name: str,
    call: str,
    grid: Mapping[str, Sequence[Any]],
    default: Mapping[str, Any],
    formula: Callable[..., Any],
    *,
    lr: float,
    steps: int | None = None,
    metrics: Sequence[float] | None = None,
    logy: bool = False,
    formula_name: str = "the formula",
    refusal: Callable[..., str] | None = None,
) -> str:
    """The explorer of one scheduler. ``call`` is the scheduler's construction with a
    ``{param}`` placeholder for each grid parameter (``{mode!r}`` quotes a string); it runs on a
    one-parameter SGD starting at ``lr`` for ``steps`` optimizer steps, or, with ``metrics``
    (ReduceLROnPlateau), with ``scheduler.step(metric)`` after each of them.

    ``formula(t, **params)`` gives the rate of step ``t`` (with ``metrics``:
    ``formula(metrics, **params)`` gives all rates); every point PyTorch accepts is checked
    against it. ``refusal(**params)`` says in the page's words why PyTorch refuses a point (it
    is shown beside PyTorch's message); a grid with a refused point needs it. Returns the HTML;
    raises `GridError` for a grid that cannot be meant and `lrlab.atlas.FormulaMismatch` where
    PyTorch and the formula differ."""
    axes = _check_grid(name, grid, default)
    used = _placeholders(call)
    if used != set(grid):
        raise GridError(
            f"explorer {name}: the call uses {sorted(used)} but the grid sets {sorted(grid)} "
            f"(missing from the call: {sorted(set(grid) - used)}; "
            f"missing from the grid: {sorted(used - set(grid))})"
        )
    if (steps is None) == (metrics is None):
        raise GridError(f"explorer {name}: give either steps or metrics")
    points: list[dict[str, Any]] = []
    worst, checked, default_call = 0.0, 0, ""
    for combo in itertools.product(*(values for _, values in axes)):
        params = dict(zip((p for p, _ in axes), combo, strict=True))
        code = call.format(**params)
        if params == dict(default):
            default_call = code
        try:
            executed = _rates_of(code, lr, steps or 0, metrics)
        except REFUSALS as error:
            point = {"c": code, "e": f"{type(error).__name__}: {error}"}
            if refusal is not None:
                point["w"] = refusal(**params)
            points.append(point)
            continue
        if metrics is None:
            expected = [formula(t, **params) for t in range(len(executed))]
        else:
            expected = formula(metrics, **params)
        result = agreement(executed, expected, f"{name} at {code}")
        worst, checked = max(worst, result.max_abs_diff), checked + 1
        points.append({"c": code, "r": [" ".join(_fmt(v) for v in executed)]})
    refused = [p for p in points if "e" in p]
    if not checked:
        raise GridError(
            f"explorer {name}: PyTorch refused every grid point (first: {refused[0]['c']}: "
            f"{refused[0]['e']}); is the call right?"
        )
    if not default_call or any(p["c"] == default_call for p in refused):
        raise GridError(f"explorer {name}: PyTorch refused the default point {default_call}")
    if refused and refusal is None:
        raise GridError(
            f"explorer {name}: PyTorch refuses {refused[0]['c']} ({refused[0]['e']}); give "
            "refusal= to say why in the page's own words"
        )
    count = len(points)
    refused_note = (
        f" At {len(refused)} of them PyTorch refused the parameters; why, and its own message, "
        "are shown there instead of a chart."
        if refused
        else ""
    )
    stepping = "scheduler.step()" if metrics is None else "scheduler.step(metric)"
    recorded = (
        f"{steps if metrics is None else len(metrics)} optimizer steps of SGD from lr={lr!r}, "
        f"{stepping} after each"
    )
    note = (
        f"Every curve here is a recorded PyTorch run: the build ran the scheduler at all {count} "
        f"points of the grid below, each run {recorded}, and "
        f"{html.escape(formula_name)} gave the rate PyTorch used at every step of every run it "
        f"accepted ({checked} runs, largest difference {worst:.1e}).{refused_note} The starting "
        "position is the chart above; rates are shown to 6 significant digits."
    )
    panel = Panel("learning rate", logy=logy)
    title = call.split("(", 1)[0]
    return _html(
        name,
        note,
        axes,
        default,
        [panel],
        points,
        title,
        recorded,
        lr=lr,
        steps=steps,
        metrics=None if metrics is None else [float(m) for m in metrics],
    )


def training_explorer(
    name: str,
    grid: Mapping[str, Sequence[Any]],
    default: Mapping[str, Any],
    run: Callable[..., Sequence[Sequence[float]]],
    describe: Callable[..., str],
    panels: Sequence[Panel],
    note: str,
    title: str,
    recorded: str,
) -> str:
    """An explorer of whole training runs: ``run(**params)`` returns one sequence of values per
    panel (a loss per epoch, say), ``describe(**params)`` the code or setting it ran, and
    ``recorded`` what one run is ("20 epochs of SGD, both models"), shown beside each curve.
    Returns the HTML; raises `GridError` for a grid that cannot be meant or a run whose length or
    count of series does not match the panels."""
    axes = _check_grid(name, grid, default)
    points = []
    for combo in itertools.product(*(values for _, values in axes)):
        params = dict(zip((p for p, _ in axes), combo, strict=True))
        series = list(run(**params))
        if len(series) != len(panels):
            raise GridError(f"explorer {name}: {len(series)} series for {len(panels)} panels")
        points.append(
            {
                "c": describe(**params),
                "r": [" ".join(_fmt(v) for v in values) for values in series],
            }
        )
    return _html(name, html.escape(note), axes, default, panels, points, title, recorded)
