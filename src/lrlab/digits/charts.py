"""The second lesson's charts, each an SVG with its values table, as HTML.

A range test's curve, the spread of a comparison over seeds, the rates of runs."""

from __future__ import annotations

from collections.abc import Sequence

from lrlab.digits.lr_range import RangeTest
from lrlab.digits.training import Run, spread


def range_test_chart(test: RangeTest, marks: dict[str, float], caption: str) -> str:
    """The range test's smoothed loss against the rate on a log axis, with a dashed line at each
    of ``marks`` (label -> rate), followed by its values table (HTML)."""
    from lrlab.plots import INK, PALETTE, chart, finish, height_for, svg_figure, svg_text

    entries = 1 + bool(test.raw) + len(marks)
    with svg_figure(height=height_for(3.4, caption, entries)) as (fig, ax):
        ax.plot(test.rates, test.smoothed, color=PALETTE[0], lw=1.8, label="smoothed loss")
        if test.raw:
            ax.plot(test.rates, test.raw, color=PALETTE[0], lw=0.8, alpha=0.35, label="batch loss")
        for index, (label, rate) in enumerate(marks.items(), start=1):
            color = PALETTE[index % len(PALETTE)]
            ax.axvline(rate, color=color, ls="--", lw=1.4, label=f"{label}: {rate:.3g}")
        ax.set_xscale("log")
        ax.set_xlabel("learning rate (log scale)")
        ax.set_ylabel("train loss")
        ax.grid(alpha=0.25, color=INK)
        finish(fig, ax, caption, entries)
        svg = svg_text(fig, caption)
    rows = [
        (str(i + 1), f"{rate:.4g}", f"{test.raw[i]:.4f}" if test.raw else "", f"{loss:.4f}")
        for i, (rate, loss) in enumerate(zip(test.rates, test.smoothed, strict=True))
    ]
    return chart(svg, caption, ("step", "learning rate", "batch loss", "smoothed loss"), rows)


def spread_chart(
    values: dict[str, Sequence[float]], *, caption: str, ylabel: str, digits: int = 3
) -> str:
    """For each label, every seed's value as a dot, their mean as a bar and the range as a line:
    the spread of a comparison over seeds, never one lucky seed (HTML, with its values)."""
    from lrlab.plots import INK, PALETTE, chart, finish, height_for, svg_figure, svg_text

    labels = list(values)
    with svg_figure(height=height_for(3.2, caption, 0)) as (fig, ax):
        for i, label in enumerate(labels):
            ys = list(values[label])
            color = PALETTE[i % len(PALETTE)]
            ax.vlines(i, min(ys), max(ys), color=color, lw=2.2)
            ax.scatter([i] * len(ys), ys, color=color, s=18, zorder=3)
            mean = sum(ys) / len(ys)
            ax.hlines(mean, i - 0.25, i + 0.25, color=INK, lw=1.6)
        ax.set_xticks(range(len(labels)), labels)
        ax.set_xlim(-0.6, len(labels) - 0.4)
        ax.set_ylabel(ylabel)
        ax.grid(alpha=0.25, color=INK, axis="y")
        finish(fig, ax, caption, 0)
        svg = svg_text(fig, caption)
    seeds = max(len(v) for v in values.values())
    # one column per label, one row per seed, then the summary rows: narrow on a phone
    rows = [
        (f"seed {k + 1}", *(f"{values[label][k]:.{digits}f}" for label in labels))
        for k in range(seeds)
    ]
    summaries = {label: spread(values[label]) for label in labels}
    for index, name in enumerate(("mean", "min", "max")):
        rows.append((name, *(f"{summaries[label][index]:.{digits}f}" for label in labels)))
    return chart(svg, caption, ("", *labels), rows)


def rates_chart(runs: dict[str, Run], *, caption: str, every: int = 1) -> str:
    """The rate each run used at every step, one line per run (HTML, with its values table
    sampled every ``every`` steps)."""
    from lrlab.plots import Series, chart, line_svg

    series = [Series(name, run.rates) for name, run in runs.items()]
    svg = line_svg(series, title=caption, xlabel="optimizer step", ylabel="learning rate")
    steps = max(run.steps for run in runs.values())
    picked = sorted({*range(0, steps, every), steps - 1})
    rows = [
        (str(i + 1), *(f"{run.rates[i]:.4g}" if i < run.steps else "" for run in runs.values()))
        for i in picked
    ]
    return chart(svg, caption, ("step", *runs), rows)
