"""`mkdocs serve` shows the truth: an edited helper or snippet is re-executed, a prose edit is not.

The served project has its own copy of the lrlab sources first on PYTHONPATH, so the test can
edit a helper without touching the real package.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT
from test_engine import make_site
from test_sandbox import DAEMON, running
from tools.bench import free_port

pytestmark = pytest.mark.build

PAGE = """\
# Served

Some prose.

```python exec="1" result="text" id="table"
--8<-- "served/table.py"
```
"""
SNIPPET = 'from lrlab.tables import table\nprint(table(("a", "b"), [("1", "2")]))\n'


class Server:
    """A running `mkdocs serve` whose log lines are collected as they come."""

    def __init__(self, root: Path) -> None:
        self.port = free_port()
        env = dict(
            os.environ,
            PYTHONPATH=str(root / "src"),
            NO_MKDOCS_2_WARNING="1",
            LRLAB_CACHE_DIR=str(root / "cache"),
            LRLAB_CACHE="on",
        )
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{self.port}"],
            cwd=root,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.log: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.log.append(line)

    def page(self) -> str:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/", timeout=5) as response:
            return response.read().decode()

    def wait_for(self, text: str, builds: int, timeout: float = 60) -> str:
        """Wait until the page contains ``text`` after at least ``builds`` builds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError("mkdocs serve exited:\n" + "".join(self.log))
            if self.builds() >= builds:
                try:
                    page = self.page()
                except OSError:
                    page = ""
                if text in page:
                    return page
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared:\n" + "".join(self.log))

    def builds(self) -> int:
        return sum("execdocs:" in line and "executed" in line for line in self.log)

    def last_build(self) -> str:
        return [line for line in self.log if "execdocs:" in line and "executed" in line][-1]

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=20)


@pytest.fixture
def served(tmp_path):
    root = make_site(tmp_path, {"index.md": PAGE}, {"served/table.py": SNIPPET})
    shutil.copytree(
        ROOT / "src/lrlab", root / "src/lrlab", ignore=shutil.ignore_patterns("__pycache__")
    )
    config = root / "mkdocs.yml"
    config.write_text(config.read_text() + "watch:\n  - snippets\n  - src\n")
    server = Server(root)
    yield root, server
    server.stop()


def test_serve_reruns_edited_helpers_and_snippets_but_not_prose(served):
    root, server = served
    server.wait_for("-  -", builds=1)  # the table's rule line, drawn with "-"
    assert "1 executed" in server.last_build()

    tables = root / "src/lrlab/tables.py"
    tables.write_text(tables.read_text().replace('"-" * w', '"=" * w'))
    server.wait_for("=  =", builds=2)
    assert "1 executed" in server.last_build()

    snippet = root / "snippets/served/table.py"
    snippet.write_text(SNIPPET.replace('("1", "2")', '("3", "4")'))
    server.wait_for("3  4", builds=3)
    assert "1 executed" in server.last_build()

    page = root / "docs/index.md"
    page.write_text(PAGE.replace("Some prose.", "Edited prose."))
    server.wait_for("Edited prose.", builds=4)
    assert "0 executed, 1 from cache" in server.last_build()


def parents_started(server: Server) -> int:
    return sum("warm parent ready" in line for line in server.log)


def test_serve_keeps_one_warm_parent_until_a_helper_changes(served):
    root, server = served
    server.wait_for("-  -", builds=1)
    deadline = time.monotonic() + 60
    while parents_started(server) < 1 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert parents_started(server) == 1

    snippet = root / "snippets/served/table.py"
    snippet.write_text(SNIPPET.replace('("1", "2")', '("5", "6")'))
    server.wait_for("5  6", builds=2)
    assert parents_started(server) == 1  # a snippet edit forks the same warm parent

    tables = root / "src/lrlab/tables.py"
    tables.write_text(tables.read_text().replace('"-" * w', '"=" * w'))
    server.wait_for("=  =", builds=3)
    assert parents_started(server) == 2  # a helper edit starts a new one


def test_a_missing_url_requested_during_a_strict_rebuild_does_not_abort_it(served):
    root, server = served
    config = root / "mkdocs.yml"
    server.wait_for("-  -", builds=1)
    server.stop()
    config.write_text("strict: true\n" + config.read_text())
    server = Server(root)
    try:
        server.wait_for("-  -", builds=1)
        snippet = root / "snippets/served/table.py"
        slow = "import time\ntime.sleep(1.5)\n" + SNIPPET.replace('("1", "2")', '("7", "8")')
        snippet.write_text(slow)
        deadline = time.monotonic() + 30
        while server.builds() < 2 and time.monotonic() < deadline:
            # a browser asking for a page that does not exist while the rebuild runs
            with contextlib.suppress(OSError):
                urllib.request.urlopen(f"http://127.0.0.1:{server.port}/no-such-page/", timeout=5)
            time.sleep(0.1)
        server.wait_for("7  8", builds=2)
        assert not any("Aborted" in line for line in server.log), "".join(server.log)
        assert any("code 404" in line for line in server.log)  # it was requested, and logged
    finally:
        server.stop()


def test_twenty_edits_of_a_block_that_starts_a_daemon_leave_no_process(served):
    """Each run of the block leaves a detached `sleep` (a double fork and setsid); the engine
    kills it when the block ends, so after 20 rebuilds none is running."""
    root, server = served
    server.wait_for("-  -", builds=1)
    marker = str(time.time_ns() % 10**6 + 2000)
    snippet = root / "snippets/served/table.py"
    for edit in range(1, 21):
        snippet.write_text(DAEMON.format(marker=marker) + f"print('edit {edit}')\n")
        server.wait_for("Served", builds=1 + edit)
    assert running(f"sleep {marker}") == []
    assert sum("LeftRunning" in line for line in server.log) >= 20
