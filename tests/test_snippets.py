"""Every snippet runs on its own and prints exactly its recorded output.

The recorded outputs live in tests/__snapshots__/ and are re-recorded by `make golden`.
Each snippet runs the way the build runs a block (`execdocs.runner`: a process of its own, forked
from a warm parent), so a snippet that crashes or ends its process fails its own test and
cannot end the test run; one test also checks a plain `python snippets/<file>.py`.

A snippet's output is kept in the engine's content-addressed cache (`execdocs.cache`, in
`.cache/snippet-runs/`) under a key of everything it depends on: its code, this test's prelude,
the helper sources it can import, the engine's run modules, torch's version and the numerics
mode. So a snippet runs again only when one of those changes; ``LRLAB_CACHE=off`` runs them all.
"""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import NUMERICS, ROOT, SITE, SNIPPETS
from execdocs import runner
from execdocs.cache import Cache, Keys
from execdocs.closure import HelperClosure
from execdocs.fences import declared_raises

SNIPPET_FILES = sorted(SNIPPETS.rglob("*.py"))
# a state no snippet relies on: each must seed what it uses
PRELUDE = "from lrlab.repro import seed_everything\nseed_everything(12345)\n"
KEYS = Keys(dataclasses.replace(SITE, prelude=PRELUDE), HelperClosure(SITE.helpers))
RUNS = Cache(None if os.environ.get("LRLAB_CACHE") == "off" else ROOT / ".cache/snippet-runs")


class WarmPool:
    """The site's warm parent, started by the first snippet with no cached run (none, when
    every snippet's key has one)."""

    def __init__(self) -> None:
        self.started: runner.Pool | None = None

    def submit(self, job: runner.Job):
        if self.started is None:
            self.started = runner.Pool(os.cpu_count() or 1, numerics=SITE.numerics)
        return self.started.submit(job)

    def close(self) -> None:
        if self.started is not None:
            self.started.close()


@pytest.fixture(scope="module")
def pool():
    warm = WarmPool()
    yield warm
    warm.close()


RAISES = declared_raises(ROOT / "docs")


def run_snippet(pool: WarmPool, path: Path, cached: bool = True) -> str:
    """What ``path`` prints (from its cached run, if ``cached`` and its key has one); fails the
    test with the runner's message if it does not finish (or, for a snippet its page declares
    ``raises=``, if it does not raise that)."""
    under = path.relative_to(SNIPPETS).as_posix() if path.is_relative_to(SNIPPETS) else ""
    raises = RAISES.get(under, "")
    code = path.read_text(encoding="utf-8")
    key = KEYS.key(code, {"raises": raises, "timeout": 60, "run": "snippet test"})
    entry = RUNS.get(key) if cached else None
    if entry is not None:
        return entry["output"]
    job = runner.Job(code, path.name, timeout=60, prelude=PRELUDE, raises=raises, numerics=NUMERICS)
    outcome = pool.submit(job).result()
    if outcome.problem is not None:
        problem = outcome.problem
        pytest.fail(f"{path}:{problem.lineno} {problem.kind}: {problem.message}")
    RUNS.put(key, {"output": outcome.output})
    return outcome.output


@pytest.mark.parametrize(
    "path",
    SNIPPET_FILES,
    ids=[
        p.relative_to(SNIPPETS).with_suffix("").as_posix().replace("/", ".") for p in SNIPPET_FILES
    ],
)
def test_snippet_output_is_recorded(pool, path, text_snapshot):
    output = run_snippet(pool, path)
    assert output.strip(), f"{path.relative_to(ROOT)} printed nothing"
    assert output == text_snapshot


def test_snippets_exist():
    assert len(SNIPPET_FILES) >= 8
    assert set(RAISES) <= {p.relative_to(SNIPPETS).as_posix() for p in SNIPPET_FILES}


def test_a_snippet_that_ends_its_process_fails_only_its_own_test(pool, tmp_path):
    path = tmp_path / "ends.py"
    path.write_text('print("bye")\nimport os\nos._exit(0)\n')
    with pytest.raises(pytest.fail.Exception, match=r"ends\.py:0 Exit: .*exit status 0"):
        run_snippet(pool, path)
    assert run_snippet(pool, SNIPPET_FILES[0], cached=False).strip()  # the next one still runs


def test_standalone_python_run_matches_the_runners_run(pool):
    path = SNIPPETS / "lesson/concept/steplr_y2x.py"
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    standalone = subprocess.run(
        [sys.executable, str(path)], capture_output=True, text=True, check=True, env=env
    ).stdout
    assert standalone == run_snippet(pool, path, cached=False)


def test_a_pages_snippet_folder_is_its_slug():
    """One rule for folders: the snippets of docs/<page>.md live in snippets/<page>/, spelt the
    same (so a page, its snippets and its question files are found from each other)."""
    files = [*SNIPPETS.rglob("*.py"), *SNIPPETS.rglob("*.yml")]
    folders = {p.parent.relative_to(SNIPPETS) for p in files}
    pages = {p.with_suffix("") for p in (ROOT / "docs").rglob("*.md")}
    unmatched = sorted(f.as_posix() for f in folders if ROOT / "docs" / f not in pages)
    assert not unmatched, f"snippet folders with no page of that name: {unmatched}"
