"""A block touches nothing but its own folder: the kernel (Landlock, `execdocs.sandbox`) refuses
its writes anywhere else, its TCP connections and its signals to the build, and every process
it starts is gone when it ends, however it detached.

The unit tests run blocks through the runner; the build test builds a real project whose pages
each hold one block that tries to escape, and checks the exit status, the `docs/<page>.md:<line>`
of each failure, that every other page was built, and that the files outside the blocks'
folders and the process table are as they were.
"""

from __future__ import annotations

import errno
import hashlib
import textwrap
import time
from pathlib import Path

import pytest

from conftest import run_build
from execdocs import runner, sandbox
from execdocs.runner import Job, Kind
from test_engine import make_site

FOUND = sandbox.protections()
needs_files = pytest.mark.skipif(not FOUND.files, reason="this kernel has no Landlock")
needs_signals = pytest.mark.skipif(not FOUND.signals, reason="this kernel lacks Landlock ABI 6")


def run(code: str, **limits) -> runner.Outcome:
    return runner.run(Job(textwrap.dedent(code), "escape", **limits))


def running(marker: str) -> list[int]:
    """The processes whose command line holds ``marker``."""
    found = []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            if marker in proc.joinpath("cmdline").read_bytes().replace(b"\0", b" ").decode():
                found.append(int(proc.name))
        except OSError:
            continue
    return found


def test_what_protects_is_said_in_one_line():
    line = FOUND.describe()
    if FOUND.files:
        assert f"Landlock ABI {FOUND.abi}" in line
        assert line.startswith("files")
    else:
        assert line.startswith("none: this kernel has no Landlock")


@needs_files
def test_a_write_outside_the_blocks_folder_fails_at_its_line_and_changes_nothing(tmp_path):
    target = tmp_path / "page.md"
    target.write_text("the author's words\n")
    outcome = run(f"import pathlib\nx = 1\npathlib.Path({str(target)!r}).write_text('')\n")
    assert outcome.problem is not None
    assert outcome.problem.kind == Kind.SANDBOX
    assert outcome.problem.lineno == 3
    assert f"tried to write {target}" in outcome.problem.message
    assert target.read_text() == "the author's words\n"


@needs_files
def test_the_blocks_own_temporary_folder_is_writable():
    outcome = run(
        """\
        import os, tempfile
        with tempfile.NamedTemporaryFile("w", delete=False) as f:
            f.write("ok")
        print(open(f.name).read(), os.path.dirname(f.name) == os.environ["TMPDIR"])
        with open(os.devnull, "w") as null:
            null.write("dropped")
        """
    )
    assert outcome.ok, outcome.problem
    assert outcome.output == "ok True\n"


@needs_files
def test_a_block_can_neither_delete_nor_rename_outside_its_folder(tmp_path):
    keep = tmp_path / "keep.py"
    keep.write_text("print(1)\n")
    for code in (
        f"import os\nos.remove({str(keep)!r})\n",
        f"import os\nos.rename({str(tmp_path)!r}, {str(tmp_path) + '-moved'!r})\n",
    ):
        outcome = run(code)
        assert outcome.problem is not None
        assert outcome.problem.kind == Kind.SANDBOX, outcome.problem
        assert outcome.problem.lineno == 2
    assert keep.read_text() == "print(1)\n"


@pytest.mark.skipif(not FOUND.network, reason="this kernel lacks Landlock ABI 4")
def test_a_socket_opened_from_c_is_refused_by_the_kernel():
    """The Python guard (`execdocs.offline`) never sees a connection made by C code; the
    kernel refuses it anyway (here, to this machine's loopback, which it cannot tell apart)."""
    outcome = run(
        """\
        import ctypes, socket, struct
        libc = ctypes.CDLL(None, use_errno=True)
        fd = libc.socket(socket.AF_INET, socket.SOCK_STREAM, 0)
        address = struct.pack("!HH4s8x", socket.AF_INET, 9, socket.inet_aton("127.0.0.1"))
        address = address[1::-1] + address[2:]  # sa_family is in host order
        print(libc.connect(fd, address, len(address)), ctypes.get_errno())
        """
    )
    assert outcome.ok, outcome.problem
    assert outcome.output == f"-1 {errno.EACCES}\n"


@needs_signals
def test_a_block_cannot_signal_the_process_that_runs_it():
    outcome = run("import os\nos.kill(os.getppid(), 0)\n")
    assert outcome.problem is not None
    assert outcome.problem.kind == Kind.SANDBOX
    assert "signal a process outside its own" in outcome.problem.message


DAEMON = """\
import os, time
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        os.execvp("sleep", ["sleep", "{marker}"])
    os._exit(0)
os.wait()
time.sleep(0.1)
"""
"""A block that leaves a detached process: a double fork, setsid, then ``sleep MARKER``."""


def test_a_detached_grandchild_is_named_and_killed_with_its_block():
    marker = f"{time.time_ns() % 10**6 + 1000}"
    outcome = run(DAEMON.format(marker=marker))
    assert outcome.problem is not None
    assert outcome.problem.kind == Kind.LEFT_RUNNING
    assert f"sleep {marker}" in outcome.problem.message
    assert running(f"sleep {marker}") == []


# ----------------------------------------------------------------------- in a real build

ESCAPES = {
    "truncate": "import pathlib\npathlib.Path({root!r}, 'docs', 'fine.md').write_text('')\n",
    "cache": "import pathlib\npathlib.Path({root!r}, '.cache', 'lrlab', 'EVIL').write_text('x')\n",
    "delete": "import os\nos.remove(os.path.join({root!r}, 'snippets', 'keep.py'))\n",
    "uncache": "import os\nos.remove(os.path.join({root!r}, '.cache', 'lrlab', 'entry'))\n",
    "home": "import pathlib\npathlib.Path.home().joinpath('lrlab-escape-{marker}').touch()\n",
    "rename": "import os\nos.rename({site!r}, {site!r} + '-moved')\n",
}
"""Each tries to change a file outside its folder: a `Sandbox` failure at line 2 of its block."""

LEFT = {
    "daemon": DAEMON.replace("{marker}", "{marker}1"),
    "popen": (
        "import subprocess, time\n"
        "subprocess.Popen(['sleep', '{marker}2'], start_new_session=True)\ntime.sleep(0.2)\n"
    ),
}
"""Each leaves a process running: a `LeftRunning` failure, and the process is gone."""


def snapshot(root: Path) -> dict[str, str]:
    """Every file under ``root`` (but the built site and the engine's cache) and its digest."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not {"site", ".cache"} & set(p.relative_to(root).parts)
    }


def page(code: str) -> str:
    return f'# A block\n\n```python exec="1" result="text"\n{code}```\n'


@needs_files
@pytest.mark.build
def test_blocks_that_escape_fail_the_build_each_named_and_change_nothing(tmp_path):
    root = tmp_path / "project"
    site = root / "site"
    marker = str(time.time_ns() % 10**6 + 1000)
    escapes = {
        name: code.format(root=str(root), site=str(site), marker=marker)
        for name, code in ESCAPES.items()
    }
    left = {name: code.format(marker=marker) for name, code in LEFT.items()}
    if FOUND.signals:
        escapes["signal"] = "import os\nos.kill(os.getppid(), 9)\n"
    pages = {f"{name}.md": page(code) for name, code in {**escapes, **left}.items()}
    pages["fine.md"] = page("print('built')\n")
    make_site(root, pages, {"keep.py": "print('kept')\n"})
    site.mkdir()
    (root / ".cache" / "lrlab").mkdir(parents=True)
    (root / ".cache" / "lrlab" / "entry").write_text("a cache entry\n")
    (site / "old.txt").write_text("an earlier build\n")
    home_file = Path.home() / f"lrlab-escape-{marker}"
    before = snapshot(root)

    result = run_build(root, site, LRLAB_CACHE="on")

    assert result.returncode != 0
    for name in escapes:
        assert f"docs/{name}.md:3 [" in result.stderr, (name, result.stderr[-3000:])
        line = next(x for x in result.stderr.splitlines() if f"docs/{name}.md:3 [" in x)
        assert "Sandbox" in line, line
    for name in left:
        line = next(x for x in result.stderr.splitlines() if f"docs/{name}.md:3 [" in x)
        assert "LeftRunning" in line, line
    assert "execdocs: blocks confined: files" in result.stderr
    assert snapshot(root) == before
    assert not home_file.exists()
    assert not (root / ".cache" / "lrlab" / "EVIL").exists()
    assert (root / ".cache" / "lrlab" / "entry").read_text() == "a cache entry\n"
    assert not Path(str(site) + "-moved").exists()
    assert "built" in (site / "fine" / "index.html").read_text()
    assert running(f"sleep {marker}") == []


@pytest.mark.parametrize(
    ("abi", "said"),
    [
        (0, "none: this kernel has no Landlock"),
        (3, "files: Landlock ABI 3; kernel lacks network (ABI 4), signals (ABI 6)"),
        (4, "files, network: Landlock ABI 4; kernel lacks signals (ABI 6)"),
        (7, "files, network, signals: Landlock ABI 7"),
    ],
)
def test_each_kernel_is_told_what_protects_it(abi, said):
    assert sandbox.Protections(abi).describe().startswith(said)


def test_no_landlock_warns_once_and_strict_sandbox_refuses(monkeypatch, caplog):
    from mkdocs.exceptions import Abort

    from execdocs import plugin
    from execdocs.settings import Settings

    monkeypatch.setattr(sandbox, "protections", lambda: sandbox.Protections(0))
    monkeypatch.setattr(plugin, "_warned_unconfined", False)
    with caplog.at_level("WARNING", logger=plugin.log.name):
        plugin._say_what_protects(Settings())
        plugin._say_what_protects(Settings())
    warned = [r.getMessage() for r in caplog.records if "not confined" in r.getMessage()]
    assert len(warned) == 1
    with pytest.raises(Abort, match="strict_sandbox is set and blocks cannot be confined"):
        plugin._say_what_protects(Settings(strict_sandbox=True))
