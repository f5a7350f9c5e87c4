"""Formatting of training traces as plain-text or Markdown tables (returned, never printed)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from lrlab.training import EpochRecord

TRACE_HEADERS = ("epoch", "lr used", "loss", "lr after step")


def _trace_rows(records: Sequence[EpochRecord], digits: int) -> list[tuple[str, ...]]:
    return [
        (
            str(r.epoch),
            f"{r.lr_used:.{digits}f}",
            f"{r.loss:.{digits}f}",
            f"{r.lr_after:.{digits}f}",
        )
        for r in records
    ]


def table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    style: Literal["text", "markdown"] = "text",
) -> str:
    """Render string cells as an aligned text table or a Markdown table (numbers right-aligned)."""
    if any(len(row) != len(headers) for row in rows):
        raise ValueError("every row needs one cell per header")
    if style == "markdown":
        lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---:" for _ in headers) + "|"]
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        return "\n".join(lines)
    if style != "text":
        raise ValueError(f"style must be 'text' or 'markdown', got {style!r}")
    widths = [max(len(h), *(len(row[i]) for row in rows)) for i, h in enumerate(headers)]
    lines = ["  ".join(h.rjust(w) for h, w in zip(headers, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.rjust(w) for c, w in zip(row, widths, strict=True)) for row in rows]
    return "\n".join(lines)


def trace_table(
    records: Sequence[EpochRecord],
    style: Literal["text", "markdown"] = "text",
    digits: int = 4,
) -> str:
    """A per-epoch trace (epoch, lr used, loss, lr after step) as a text or Markdown table."""
    return table(TRACE_HEADERS, _trace_rows(records, digits), style)
