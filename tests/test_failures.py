"""`execdocs.failures`: a failed run, or an undeclared warning, said with where it happened."""

from __future__ import annotations

from pathlib import Path

from execdocs.failures import (
    Failure,
    block_error,
    check_warnings,
    notice_html,
    stderr_summary,
    stderr_text,
    warning_file,
)
from execdocs.fences import PlacedFence
from execdocs.runner import Kind, Outcome, Problem

ROOT = Path("/project")
FENCE = PlacedFence("docs/p.md", 4, (("snippets/a/x.py", 1), ("snippets/a/x.py", 2)))


def warned(*warnings: tuple[str, str, str, int]) -> dict:
    return {"output": "", "stderr": "", "warnings": [list(w) for w in warnings]}


def test_an_undeclared_warning_fails_at_its_snippet_line():
    error = check_warnings(warned(("UserWarning", "careful", "", 2)), FENCE, "")
    assert error is not None
    assert error.kind == str(Kind.WARNING)
    assert error.code_line == "snippets/a/x.py:2"
    assert 'warns="UserWarning"' in error.message


def test_a_declared_warning_passes_and_a_missing_one_fails():
    entry = warned(("UserWarning", "careful", "", 2))
    assert check_warnings(entry, FENCE, "UserWarning, FutureWarning") is not None
    assert check_warnings(entry, FENCE, "UserWarning") is None
    missing = check_warnings(warned(), FENCE, "UserWarning")
    assert missing is not None
    assert missing.kind == str(Kind.MISSING_WARNING)


def test_a_dependency_warning_names_its_file():
    entry = warned(("DeprecationWarning", "old", "torch/optim/lr_scheduler.py", 120))
    error = check_warnings(entry, FENCE, "")
    assert error is not None
    assert "torch/optim/lr_scheduler.py:120" in error.message
    assert stderr_text(entry, FENCE).startswith("torch/optim/lr_scheduler.py:120: Deprec")
    assert stderr_summary({**entry, "stderr": "x"}) == "1 warning, stderr"


def test_warning_files_are_named_the_same_on_every_machine():
    assert warning_file("<block a/x>", ROOT) == ""
    site = "/venv/lib/python3.11/site-packages/torch/x.py"
    assert warning_file(site, ROOT) == "torch/x.py"
    assert warning_file("/project/src/lrlab/plots.py", ROOT) == "src/lrlab/plots.py"


def test_an_exception_in_a_helper_names_the_helper_line():
    frames = (("<block a/x>", 2), ("/project/src/lrlab/plots.py", 40))
    problem = Problem(Kind.EXCEPTION, "ValueError: bad", 2, frames)
    error = block_error(Outcome("", problem=problem), FENCE, ROOT)
    assert error.code_line == "snippets/a/x.py:2"
    assert error.message == "ValueError: bad (raised in src/lrlab/plots.py:40)"


def test_a_download_a_helper_tries_names_the_helper_line():
    frames = (("<block a/x>", 2), ("/project/src/lrlab/data.py", 12), ("/lib/socket.py", 827))
    problem = Problem(Kind.NETWORK, "the block tried to reach example.com:443; ...", 2, frames)
    error = block_error(Outcome("", problem=problem), FENCE, ROOT)
    assert error.kind == "Network"
    assert error.code_line == "snippets/a/x.py:2"
    assert error.message.endswith("; ... (from src/lrlab/data.py:12)")


def test_the_notice_escapes_what_it_names():
    failure = Failure("docs/p.md:4", "a/x", "Exception", "<b>bad</b>", "snippets/a/x.py:2")
    assert failure.describe() == "docs/p.md:4 [a/x] Exception at snippets/a/x.py:2: <b>bad</b>"
    assert "&lt;b&gt;bad&lt;/b&gt;" in notice_html(failure)
