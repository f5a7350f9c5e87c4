"""Charts as inline SVG strings, drawn by matplotlib from numbers a run produced.

The SVG is byte-for-byte deterministic (fixed hash salt, no date metadata), keeps its text as
text, and draws axes, ticks and labels in ``currentColor`` so a chart reads in Material's light
and dark palettes alike. Every chart comes with its values as an HTML table, for readers who
cannot see the plot.
"""

from __future__ import annotations

import html
import io
import re
import textwrap
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

# Colour-blind-safe hues (Okabe-Ito) that keep contrast on both white and near-black.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#8C6D31")
INK = "#010101"
"""Charts draw their ink in this colour; `svg_text` swaps it for ``currentColor``."""

FIGURE_WIDTH = 5.2
"""Chart width in inches (499 CSS px): narrow, so that on a 390 px phone, where a chart is
shrunk to the column, its text shrinks least."""

FONT_SIZE = 11.5
"""Points (15.3 CSS px at full size); with `FIGURE_WIDTH`, text stays 11 px or more on a 390 px
wide screen."""

TITLE_WIDTH = 52
"""Characters per line of a chart title (longer titles wrap instead of running off the chart)."""

MAX_TICKS = 6
"""At most this many ticks per axis (fewer labels, so they need not be small)."""


def wrapped(title: str) -> str:
    """A chart title broken into lines that fit `FIGURE_WIDTH`."""
    return textwrap.fill(title, TITLE_WIDTH)


def height_for(base: float, title: str, entries: int) -> float:
    """A figure's height in inches: ``base`` for the axes, plus room for the wrapped title's
    lines and for a legend of ``entries`` labels under the chart (two a row; none for one)."""
    return base + 0.2 * (wrapped(title).count("\n") + 1) + 0.3 * legend_rows(entries)


def legend_rows(entries: int) -> int:
    """Rows of a legend drawn under the chart, two labels a row (none for a single line)."""
    return -(-entries // 2) if entries > 1 else 0


def finish(fig: Any, ax: Any, title: str, entries: int) -> None:
    """The wrapped title, the legend under the axes (where it hides no line) and the layout."""
    ax.set_title(wrapped(title), fontsize=FONT_SIZE)
    rows = legend_rows(entries)
    if rows:
        fig.legend(loc="lower center", ncol=2, frameon=False)
        fig.tight_layout(rect=(0, 0.3 * rows / fig.get_figheight(), 1, 1))
    else:
        fig.tight_layout()


@dataclass(frozen=True)
class Series:
    """One line: a label, its y values, and optionally its x values (default 1..n)."""

    label: str
    y: Sequence[float]
    x: Sequence[float] | None = None

    def xs(self) -> list[float]:
        return list(self.x) if self.x is not None else list(range(1, len(self.y) + 1))


def _as_series(data: Mapping[str, Sequence[float]] | Sequence[Series]) -> list[Series]:
    if isinstance(data, Mapping):
        return [Series(label, values) for label, values in data.items()]
    return list(data)


@contextmanager
def svg_figure(
    width: float = FIGURE_WIDTH, height: float = 3.2, font_size: float = FONT_SIZE
) -> Iterator[tuple[Any, Any]]:
    """A matplotlib figure and axes styled for the site: transparent, text as text, ink drawn
    in a placeholder colour that `svg_text` turns into ``currentColor``."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    with plt.rc_context(
        {
            "svg.hashsalt": "lrlab",
            "svg.fonttype": "none",
            "font.size": font_size,
            "text.color": INK,
            "axes.edgecolor": INK,
            "axes.labelcolor": INK,
            "xtick.color": INK,
            "ytick.color": INK,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "path.simplify": True,
        }
    ):
        fig, ax = plt.subplots(figsize=(width, height))
        fig.patch.set_alpha(0)
        ax.patch.set_alpha(0)
        try:
            yield fig, ax
        finally:
            plt.close(fig)


def svg_text(fig: Any, title: str) -> str:
    """The figure as deterministic inline SVG in ``currentColor``, labelled for screen readers."""
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]  # drop the XML prolog and doctype: it is inlined in HTML
    svg = svg.replace(INK, "currentColor")
    return re.sub(r"<svg ", f'<svg role="img" aria-label="{html.escape(title)}" ', svg, count=1)


def line_svg(
    data: Mapping[str, Sequence[float]] | Sequence[Series],
    *,
    title: str,
    xlabel: str,
    ylabel: str,
    logy: bool = False,
    steps: bool = False,
    height: float = 3.2,
) -> str:
    """An SVG line chart of one or more series (``steps=True`` draws a staircase), `FIGURE_WIDTH`
    wide; ``height`` is the axes' share, the title and legend get room of their own."""
    from matplotlib.ticker import MaxNLocator

    series = _as_series(data)
    if not series:
        raise ValueError("line_svg needs at least one series")
    with svg_figure(FIGURE_WIDTH, height_for(height, title, len(series))) as (fig, ax):
        for index, s in enumerate(series):
            color = PALETTE[index % len(PALETTE)]
            if steps:
                ax.step(s.xs(), list(s.y), where="post", label=s.label, color=color, lw=1.8)
            else:
                ax.plot(s.xs(), list(s.y), label=s.label, color=color, lw=1.8)
        if logy:
            ax.set_yscale("log")
        else:
            ax.yaxis.set_major_locator(MaxNLocator(MAX_TICKS - 1))
        ax.xaxis.set_major_locator(MaxNLocator(MAX_TICKS - 1))
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        ax.grid(alpha=0.25, color=INK)
        finish(fig, ax, title, len(series))
        return svg_text(fig, title)


def values_table(headers: Sequence[str], rows: Sequence[Sequence[str]], caption: str) -> str:
    """A plain HTML table of a chart's values."""
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in rows
    )
    return (
        f"<table><caption>{html.escape(caption)}</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def chart(svg: str, caption: str, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A figure (the SVG and its caption) followed by its values table in a collapsed block."""
    return (
        f'<figure class="lrlab-chart">{svg}<figcaption>{html.escape(caption)}</figcaption>'
        f'</figure>\n<details class="lrlab-values"><summary>Values behind the chart</summary>'
        f"{values_table(headers, rows, caption)}</details>"
    )
