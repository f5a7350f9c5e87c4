"""Every snippet runs on its own and prints exactly its recorded output.

The recorded outputs live in tests/__snapshots__/ and are re-recorded by `make golden`.
Snippets run in this one process (importing torch once), each as `__main__` with fresh globals,
which is what `python snippets/<file>.py` does; one test also checks a real subprocess.
"""

from __future__ import annotations

import contextlib
import io
import os
import runpy
import subprocess
import sys

import pytest

from conftest import ROOT, SNIPPETS
from lrlab.repro import seed_everything

SNIPPET_FILES = sorted(SNIPPETS.rglob("*.py"))


def run_snippet(path) -> str:
    seed_everything(12345)  # a state no snippet relies on: each must seed what it uses
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        runpy.run_path(str(path), run_name="__main__")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "path",
    SNIPPET_FILES,
    ids=[
        p.relative_to(SNIPPETS).with_suffix("").as_posix().replace("/", ".") for p in SNIPPET_FILES
    ],
)
def test_snippet_output_is_recorded(path, text_snapshot):
    output = run_snippet(path)
    assert output.strip(), f"{path.relative_to(ROOT)} printed nothing"
    assert output == text_snapshot


def test_snippets_exist():
    assert len(SNIPPET_FILES) >= 8


def test_standalone_python_run_matches_in_process_run():
    path = SNIPPETS / "lesson/concept/steplr_y2x.py"
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    standalone = subprocess.run(
        [sys.executable, str(path)], capture_output=True, text=True, check=True, env=env
    ).stdout
    assert standalone == run_snippet(path)
