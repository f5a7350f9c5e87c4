"""IPython cell magics for the generated notebooks: show a cell's printed HTML or Markdown
rendered, as the page does (``%load_ext lrlab.ipython``, then ``%%lrlab_html`` on a cell)."""

from __future__ import annotations

import contextlib
import io
from typing import Any


def _run_captured(shell: Any, cell: str, show: Any) -> None:
    """Run ``cell`` in the user's namespace and ``show`` what it printed, even when it raises
    (a ``raises=`` block prints, then fails). The exception then propagates from the magic, so
    the notebook shows it once, as the cell's error, and a run stops on an unexpected one."""
    buffer = io.StringIO()
    try:
        with contextlib.redirect_stdout(buffer):
            shell.ex(cell)
    finally:
        if buffer.getvalue():
            show(buffer.getvalue())


def load_ipython_extension(shell: Any) -> None:
    from IPython.display import HTML, Markdown, display

    def lrlab_html(line: str, cell: str) -> None:
        """Run the cell and display what it printed as HTML."""
        _run_captured(shell, cell, lambda text: display(HTML(text)))

    def lrlab_markdown(line: str, cell: str) -> None:
        """Run the cell and display what it printed as Markdown."""
        _run_captured(shell, cell, lambda text: display(Markdown(text)))

    shell.register_magic_function(lrlab_html, magic_kind="cell")
    shell.register_magic_function(lrlab_markdown, magic_kind="cell")
