"""`mkdocs serve` shows the truth: an edited helper or snippet is re-executed, a prose edit is not.

The served project has its own copy of the lrlab sources first on PYTHONPATH, so the test can
edit a helper without touching the real package.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT, project_env, run_build
from execdocs.shards import site_differences
from test_engine import fence_line, make_site
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
        env = project_env(root)
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


# One `mkdocs serve` session in a process of its own, without the HTTP server: what the dev
# server's builder does on each change (reload the configuration, build into the same folder),
# after each edit of a list, and again whenever a rebuild asks the server for another one;
# prints what each edit's rebuilds rendered again, as JSON lines.
SESSION = r"""
import json, logging, sys, threading
from pathlib import Path
from mkdocs.commands import serve
from mkdocs.config import load_config

class Server:  # what the plugin's on_serve sees of the dev server
    _rebuild_cond = threading.Condition()
    _want_rebuild = False

said = []
handler = logging.Handler(logging.WARNING)
handler.emit = lambda record: said.append(record.getMessage())
logging.getLogger("mkdocs").addHandler(handler)

project, site, edits = Path(sys.argv[1]), sys.argv[2], json.loads(sys.argv[3])
load = lambda: load_config(config_file=str(project / "mkdocs.yml"), site_dir=site)
first = load()
first.plugins.on_startup(command="serve", dirty=False)
plugin = first.plugins["execdocs"]
server = Server()
first.plugins.on_serve(server, config=first, builder=None)
try:
    serve.build(first, serve_url="http://127.0.0.1:8000/")
    server._want_rebuild = False
    for path, old, new in edits:
        target = project / path
        if old is None:
            target.write_text(new)
        else:
            assert old in target.read_text(), (path, old)
            target.write_text(target.read_text().replace(old, new))
        said.clear()
        serve.build(load(), serve_url="http://127.0.0.1:8000/")
        rendered = list(plugin.pages.rendered)
        then = []
        while server._want_rebuild:  # the rebuild it asked for
            server._want_rebuild = False
            serve.build(load(), serve_url="http://127.0.0.1:8000/")
            then += plugin.pages.rendered
        notices = sorted(
            p.relative_to(site).as_posix()
            for p in Path(site).rglob("*.html")
            if "lrlab-failure" in p.read_text()
        )
        print(json.dumps({"rendered": rendered, "then": then, "said": said, "notices": notices}))
finally:
    first.plugins.on_shutdown()
"""

INCREMENTAL_CONFIG = """\
site_name: incremental
theme: material
plugins:
  - search
  - execdocs-llms
  - execdocs:
      helpers: [lrlab]
      notebooks: ["lesson/*.md"]
  - mkdocs-jupyter:
      include: ["*.ipynb"]
      ignore: ["*.md"]
      execute: false
markdown_extensions:
  - toc:
      permalink: true
  - pymdownx.snippets:
      base_path: [snippets]
      check_paths: true
"""
LESSON = """\
# Concept

## Overshooting is not diverging

The loop below fits y = 2x.

```python exec="1" result="text" id="fit"
--8<-- "q/fixed_lr_0_1_y2x.py"
```
"""
PRACTICE = """\
# Practice

```question
q/fixed-lr-0-1.yml
```
"""


def serve_session(root: Path, edits: list[tuple[str, str | None, str]]) -> list:
    """Run `SESSION` on ``root`` into ``root``/served: one first build, then the rebuilds of
    each edit; then check the served site is a full build's, file for file."""
    site = root / "served"
    result = subprocess.run(
        [sys.executable, "-c", SESSION, str(root), str(site), json.dumps(edits)],
        cwd=root,
        env=project_env(root),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    rebuilds = [json.loads(line) for line in result.stdout.splitlines()]
    full = root / "full"
    built = run_build(root, full, **project_env(root))
    assert built.returncode == 0, built.stderr
    assert site_differences(full, site) == []
    return rebuilds


@pytest.fixture
def lesson_site(tmp_path):
    """A small site with every kind of input: prose, snippets, a question file and its proof,
    a helper package of its own (first on PYTHONPATH), notebooks, search, llms.txt."""
    practice = ROOT / "snippets/lesson/practice"
    root = make_site(
        tmp_path / "project",
        {"index.md": PAGE, "other.md": "# Other\n\nPlain prose.\n"},
        {
            "served/table.py": SNIPPET,
            "q/fixed_lr_0_1_y2x.py": (practice / "fixed_lr_0_1_y2x.py").read_text(),
            "q/fixed-lr-0-1.yml": (practice / "fixed-lr-0-1.yml").read_text(),
        },
    )
    (root / "mkdocs.yml").write_text(INCREMENTAL_CONFIG)
    (root / "docs/lesson").mkdir()
    (root / "docs/lesson/concept.md").write_text(LESSON)
    (root / "docs/lesson/practice.md").write_text(PRACTICE)
    shutil.copytree(
        ROOT / "src/lrlab", root / "src/lrlab", ignore=shutil.ignore_patterns("__pycache__")
    )
    return root


def test_a_serve_session_of_edits_ends_byte_identical_to_a_full_build(lesson_site):
    """A prose line, a snippet, a question file, a page's title, a new page and a helper are
    edited in one session, each followed by a rebuild that renders only what the edit changed;
    the served site then equals a full build of the same sources, file for file."""
    served, question = lesson_site / "served", "q/fixed-lr-0-1.yml"
    rebuilds = serve_session(
        lesson_site,
        [
            ("docs/other.md", "Plain prose.", "Edited prose."),
            ("snippets/served/table.py", '("1", "2")', '("3", "4")'),
            (f"snippets/{question}", "What does its loss do", "How does its loss move"),
            ("docs/other.md", "# Other", "# Elsewhere"),  # every page's navigation shows it
            ("docs/new.md", None, "# New\n\nA page added while serving.\n"),
            ("src/lrlab/tables.py", '"-" * w', '"=" * w'),
        ],
    )
    rendered = [set(r["rendered"]) for r in rebuilds]
    every = {"index.md", "other.md", "lesson/concept.md", "lesson/practice.md"}
    every |= {"notebooks/lesson/concept.ipynb", "notebooks/lesson/practice.ipynb"}
    assert rendered[0] == {"other.md"}
    assert rendered[1] == {"index.md"}
    assert rendered[2] == {"lesson/practice.md"}  # the page the author edits, first
    assert rebuilds[2]["then"] == ["notebooks/lesson/practice.ipynb"]  # its notebook next
    assert rendered[3] == {"other.md"}  # read again; then every page's HTML is made again
    assert rendered[4] == every | {"new.md"}
    assert rendered[5] == every | {"new.md"}
    assert "=  =" in (served / "index.html").read_text()
    assert "How does its loss move" in (served / "lesson/practice/index.html").read_text()
    assert "Elsewhere" in (served / "lesson/concept/index.html").read_text()  # its navigation


def test_an_edit_that_breaks_a_page_is_shown_on_it_and_the_fix_brings_it_back(lesson_site):
    """A failing block, a bad question file and a missing include, each made and then undone
    during one session: the rebuild renders the broken page alone, with the failure notice on
    it and its docs/<page>.md:<line> in the log; undone, the page is back as a full build
    makes it."""
    question, include = "snippets/q/fixed-lr-0-1.yml", '--8<-- "served/table.py"'
    rebuilds = serve_session(
        lesson_site,
        [
            ("snippets/served/table.py", "from lrlab", "raise RuntimeError('broken')\nfrom lrlab"),
            ("docs/other.md", "Plain prose.", "Edited prose."),
            ("snippets/served/table.py", "raise RuntimeError('broken')\n", ""),
            (question, "answer: B", "answer: Z"),
            (question, "answer: Z", "answer: B"),
            ("docs/index.md", include, '--8<-- "served/missing.py"'),
            ("docs/index.md", '--8<-- "served/missing.py"', include),
        ],
    )
    rendered = [set(r["rendered"]) for r in rebuilds]
    said = ["\n".join(r["said"]) for r in rebuilds]
    index = f"docs/index.md:{fence_line(PAGE, 'exec=')}"
    assert rendered[0] == {"index.md"}
    assert f"{index} [table] Exception" in said[0]
    assert "RuntimeError: broken" in said[0]
    assert rebuilds[0]["notices"] == ["index.html"]  # the failure notice, on that page
    assert rendered[1] == {"other.md", "index.md"}  # a broken page is made until it passes
    assert rendered[2] == {"index.md"}
    assert said[2] == ""
    assert rendered[3] == {"lesson/practice.md"}  # (its notebook cannot be made)
    bad = "docs/lesson/practice.md:3 [q/fixed-lr-0-1] Question: snippets/q/fixed-lr-0-1.yml:"
    assert bad in said[3]
    assert rebuilds[3]["notices"] == ["lesson/practice/index.html"]
    assert rendered[4] == {"lesson/practice.md"}  # its notebook is again what it was: kept
    assert rendered[5] == {"index.md"}
    missing = f"docs/index.md:{fence_line(PAGE, '--8<--')} [include served/missing.py]"
    assert f"{missing} MissingInclude" in said[5], said[5]
    assert rebuilds[5]["notices"] == ["index.html"]
    assert rebuilds[6]["notices"] == []
    assert rendered[6] == {"index.md"}
    assert said[6] == ""
