"""Plain-text line charts, in the style of the lesson seeds, drawn from real numbers.

`ascii_chart` is a pure function of its inputs, so a chart on a page can be checked by drawing it
again from the values in the table beside it.
"""

from __future__ import annotations

from collections.abc import Sequence


def ascii_chart(
    values: Sequence[float],
    *,
    height: int = 8,
    label_digits: int = 3,
    xlabel: str = "epoch",
    column_width: int = 3,
) -> str:
    """A text chart: one column per value (x = 1..n), one row per level from the largest value
    (top) to the smallest (bottom); each value is a ``*`` in the row whose level is nearest.
    Row labels are the levels, and the x axis labels the first, every fifth and the last x."""
    if not values:
        raise ValueError("ascii_chart needs at least one value")
    if height < 2:
        raise ValueError(f"height must be at least 2, got {height}")
    top, bottom = max(values), min(values)
    span = top - bottom
    levels = [top - span * i / (height - 1) for i in range(height)]
    rows_of = [0 if span == 0 else round((top - v) / span * (height - 1)) for v in values]
    labels = [f"{level:.{label_digits}f}" for level in levels]
    pad = max(len(label) for label in labels)
    lines = []
    for row, label in enumerate(labels):
        cells = "".join(("*" if r == row else " ").center(column_width) for r in rows_of).rstrip()
        lines.append(f"{label.rjust(pad)} |{cells}")
    lines.append(" " * pad + " +" + "-" * (column_width * len(values)))
    ticks = [" " * column_width] * len(values)
    for x in range(1, len(values) + 1):
        if x in (1, len(values)) or x % 5 == 0:
            ticks[x - 1] = str(x).center(column_width)
    lines.append(" " * pad + "  " + "".join(ticks).rstrip() + f"  {xlabel}")
    return "\n".join(lines)
