"""Formatting of training traces as plain-text or Markdown tables (returned, never printed)."""

from __future__ import annotations

import html
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


_MARKDOWN_RULE = {"l": ":---", "r": "---:", "c": ":---:"}


def _alignments(align: str | Sequence[str] | None, columns: int) -> list[str]:
    """One of "l", "r", "c" per column; right-aligned everywhere when ``align`` is None."""
    if align is None:
        return ["r"] * columns
    letters = list(align)
    if len(letters) != columns:
        raise ValueError(f"align needs one letter per column ({columns}), got {align!r}")
    if any(a not in _MARKDOWN_RULE for a in letters):
        raise ValueError(f"align letters must be 'l', 'r' or 'c', got {align!r}")
    return letters


_HTML_ALIGN = {"l": "left", "r": "right", "c": "center"}


def _html_cell(tag: str, cell: str, how: str) -> str:
    bold = len(cell) > 4 and cell.startswith("**") and cell.endswith("**")
    text = html.escape(cell[2:-2] if bold else cell)
    text = f"<strong>{text}</strong>" if bold else text
    return f'<{tag} style="text-align: {_HTML_ALIGN[how]}">{text}</{tag}>'


def _html_table(headers: Sequence[str], rows: Sequence[Sequence[str]], how: list[str]) -> str:
    head = "".join(_html_cell("th", h, a) for h, a in zip(headers, how, strict=True))
    body = "".join(
        "<tr>" + "".join(_html_cell("td", c, a) for c, a in zip(row, how, strict=True)) + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _pad(cell: str, width: int, how: str) -> str:
    if how == "l":
        return cell.ljust(width)
    if how == "c":
        return cell.center(width)
    return cell.rjust(width)


def table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    style: Literal["text", "markdown", "html"] = "text",
    align: str | Sequence[str] | None = None,
) -> str:
    """Render string cells as an aligned text table, a Markdown table, or an HTML table (for a
    block whose output is HTML, where Markdown is not rendered: cells are escaped, and a cell
    written ``**like this**`` is bold, as in the Markdown table).

    ``align`` gives each column's alignment as a letter, "l" (left), "r" (right) or "c"
    (centre), as a string such as ``"lrr"`` or a list; by default every column is right-aligned
    (numbers line up on their last digit)."""
    if any(len(row) != len(headers) for row in rows):
        raise ValueError("every row needs one cell per header")
    how = _alignments(align, len(headers))
    if style == "markdown":
        lines = [
            "| " + " | ".join(headers) + " |",
            "|" + "|".join(_MARKDOWN_RULE[a] for a in how) + "|",
        ]
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        return "\n".join(lines)
    if style == "html":
        return _html_table(headers, rows, how)
    if style != "text":
        raise ValueError(f"style must be 'text', 'markdown' or 'html', got {style!r}")
    widths = [max(len(h), *(len(row[i]) for row in rows)) for i, h in enumerate(headers)]

    def line(cells: Sequence[str]) -> str:
        text = "  ".join(_pad(c, w, a) for c, w, a in zip(cells, widths, how, strict=True))
        return text if how[-1] == "r" else text.rstrip()  # no padding after a left-aligned end

    lines = [line(headers), "  ".join("-" * w for w in widths)]
    lines += [line(row) for row in rows]
    return "\n".join(lines)


def trace_table(
    records: Sequence[EpochRecord],
    style: Literal["text", "markdown"] = "text",
    digits: int = 4,
) -> str:
    """A per-epoch trace (epoch, lr used, loss, lr after step) as a text or Markdown table."""
    return table(TRACE_HEADERS, _trace_rows(records, digits), style)
