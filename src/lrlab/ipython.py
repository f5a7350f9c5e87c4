"""IPython cell magics for the generated notebooks: show a cell's printed HTML or Markdown
rendered, as the page does (``%load_ext lrlab.ipython``, then ``%%lrlab_html`` on a cell)."""

from __future__ import annotations

import contextlib
import io
from typing import Any


def _run_captured(shell: Any, cell: str) -> str:
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        result = shell.run_cell(cell)
    result.raise_error()
    return buffer.getvalue()


def load_ipython_extension(shell: Any) -> None:
    from IPython.display import HTML, Markdown, display

    def lrlab_html(line: str, cell: str) -> None:
        """Run the cell and display what it printed as HTML."""
        display(HTML(_run_captured(shell, cell)))

    def lrlab_markdown(line: str, cell: str) -> None:
        """Run the cell and display what it printed as Markdown."""
        display(Markdown(_run_captured(shell, cell)))

    shell.register_magic_function(lrlab_html, magic_kind="cell")
    shell.register_magic_function(lrlab_markdown, magic_kind="cell")
