"""The runner: every block in a fresh process, everything it writes caught, every end named.

Each test runs real code in a child of the warm parent the build uses (`Pool`), or in a child
forked from this process (`run`, as question proofs do).
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from execdocs import offline, runner, sandbox
from execdocs.runner import Job, Kind

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def pool():
    warm = runner.Pool(2)
    yield warm
    warm.close()


def go(pool, code: str, **limits) -> runner.Outcome:
    return pool.submit(Job(code, "t", **limits)).result(timeout=120)


def test_stdout_is_caught_in_order_from_every_writer(pool):
    code = (
        'print("one")\n'
        'import sys; sys.stdout.write("two\\n")\n'
        'import pprint; pprint.pprint({"three": 3})\n'
        'import ctypes; ctypes.CDLL(None).printf(b"four from C\\n")\n'
        'print("five", end=None)\n'
        'import os; os.write(1, b"six\\n")\n'
    )
    outcome = go(pool, code)
    assert outcome.ok, outcome.problem
    assert outcome.output == "one\ntwo\n{'three': 3}\nfour from C\nfive\nsix\n"


def test_stderr_and_warnings_are_kept_apart_from_stdout(pool):
    code = (
        "import sys, warnings\n"
        'print("out")\n'
        'print("err", file=sys.stderr)\n'
        'warnings.warn("careful")\n'
        "warnings.warn('old', DeprecationWarning)\n"
    )
    outcome = go(pool, code)
    assert outcome.output == "out\n"
    assert outcome.stderr == "err\n"
    assert [(w.category, w.message, w.lineno) for w in outcome.warnings] == [
        ("UserWarning", "careful", 4),
        ("DeprecationWarning", "old", 5),
    ]


def test_a_dependency_deprecation_is_recorded_with_its_place(pool):
    """Python hides a DeprecationWarning raised in a library by default; a block's run records
    it, so the build notices a dependency's deprecation instead of publishing past it."""
    code = (
        "import types\n"
        'dep = types.ModuleType("dep")\n'
        'source = \'import warnings\\ndef old():\\n    warnings.warn("gone soon", '
        "DeprecationWarning)\\n'\n"
        'exec(compile(source, "/opt/dep/dep.py", "exec"), dep.__dict__)\n'
        "dep.old()\n"
        'print("ran")\n'
    )
    outcome = go(pool, code)
    assert outcome.ok, outcome.problem
    assert [(w.category, w.filename, w.lineno) for w in outcome.warnings] == [
        ("DeprecationWarning", "/opt/dep/dep.py", 3)
    ]


def test_every_block_starts_from_the_same_state(pool):
    dirty = (
        "import os, sys, torch, warnings, matplotlib\n"
        "torch.set_default_dtype(torch.float64)\n"
        "torch.set_printoptions(precision=2)\n"
        "torch.set_num_threads(2)\n"
        'warnings.simplefilter("error")\n'
        'matplotlib.rcParams["lines.linewidth"] = 9\n'
        'os.environ["LRLAB_LEAK"] = "1"\n'
        'os.chdir("/")\n'
        'sys.modules["leaked_module"] = sys\n'
        'print("dirtied")\n'
    )
    probe = (
        "import os, sys, torch, warnings, matplotlib\n"
        "print(torch.get_default_dtype(), torch.tensor([1 / 3]), torch.get_num_threads())\n"
        'print(matplotlib.rcParams["lines.linewidth"], os.environ.get("LRLAB_LEAK"))\n'
        'print(os.getcwd() != "/", "leaked_module" in sys.modules)\n'
        'warnings.warn("still a warning, not an error")\n'
    )
    before = go(pool, probe)
    assert go(pool, dirty).ok
    after = go(pool, probe)
    assert after.ok, after.problem
    assert after.output == before.output
    assert after.output.splitlines() == [
        "torch.float32 tensor([0.3333]) 1",
        "1.5 None",
        "True False",
    ]


def test_a_dataclass_under_postponed_annotations_works(pool):
    code = (
        "from __future__ import annotations\n"
        "from dataclasses import dataclass\n"
        "@dataclass\n"
        "class Point:\n"
        "    x: int\n"
        "print(Point(1))\n"
    )
    assert go(pool, code).output == "Point(x=1)\n"


@pytest.mark.parametrize(
    ("code", "kind", "line", "fragment"),
    [
        ('print("a")\nimport os\nos._exit(0)\n', Kind.EXIT, 0, "exit status 0"),
        ("import os\nos._exit(3)\n", Kind.EXIT, 0, "exit status 3"),
        ("import ctypes\n\nctypes.string_at(0)\n", Kind.CRASH, 3, "segmentation fault"),
        ("import os\nos.abort()\n", Kind.CRASH, 2, "abort"),
        ("import sys\nsys.exit(2)\n", Kind.SYSTEM_EXIT, 2, "sys.exit(2)"),
        ('x = 1\nraise ValueError("no")\n', Kind.EXCEPTION, 2, "ValueError: no"),
        ("x = (\n", Kind.SYNTAX, 1, "never closed"),
        ("blob = bytearray(8 * 1024**3)\n", Kind.MEMORY, 1, "memory limit"),
        ("import torch\nx = torch.empty(2 * 1024**3)\n", Kind.MEMORY, 2, "memory limit"),
        (
            "import threading, time\nthreading.Thread(target=time.sleep, args=(60,)).start()\n",
            Kind.LEFT_RUNNING,
            0,
            "thread",
        ),
        (
            'import subprocess\nsubprocess.Popen(["sleep", "60"])\n',
            Kind.LEFT_RUNNING,
            0,
            "child process",
        ),
        ("import time\n\ntime.sleep(60)\n", Kind.TIMEOUT, 3, "1 s limit"),
        (
            "import signal, time\nsignal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGALRM])\n"
            "time.sleep(60)\n",
            Kind.TIMEOUT,
            3,
            "ignores the timeout signal",
        ),
    ],
    ids=[
        "os-exit-0",
        "os-exit-3",
        "segfault",
        "abort",
        "sys-exit",
        "exception",
        "syntax",
        "memory",
        "torch-memory",
        "thread",
        "child",
        "timeout",
        "stuck-in-c",
    ],
)
def test_every_way_a_block_ends_is_named(pool, code, kind, line, fragment):
    outcome = go(pool, code, timeout=1, memory=runner.GIB)
    assert outcome.problem is not None, outcome
    assert outcome.problem.kind == kind, outcome.problem
    assert outcome.problem.lineno == line, outcome.problem
    assert fragment in outcome.problem.message


def test_what_a_failed_block_printed_is_kept(pool):
    outcome = go(pool, 'print("before")\nimport os\nos._exit(0)\n')
    assert outcome.output == "before\n"


def test_a_left_process_is_killed_with_its_block(pool):
    outcome = go(pool, 'import subprocess\nprint(subprocess.Popen(["sleep", "60"]).pid)\n')
    assert outcome.problem.kind == Kind.LEFT_RUNNING
    pid = int(outcome.output)
    deadline = time.monotonic() + 5
    while runner._state(pid) not in ("", "Z", "X") and time.monotonic() < deadline:
        time.sleep(0.05)
    assert runner._state(pid) in ("", "Z", "X"), f"sleep {pid} survived its block"


def test_raises_is_met_or_named(pool):
    met = go(pool, 'print("x")\n{}["k"]\n', raises="KeyError")
    assert met.ok
    assert met.output == "x\nKeyError: 'k'\n"
    missing = go(pool, 'print("x")\n', raises="KeyError")
    assert missing.problem.kind == Kind.MISSING_EXCEPTION
    other = go(pool, 'raise ValueError("v")\n', raises="KeyError")
    assert other.problem.kind == Kind.EXCEPTION
    assert "expected KeyError, got ValueError: v" in other.problem.message


def test_children_never_hang_on_torch_threads(pool):
    """Fork safety: children that start their own intra-op pool and run parallel kernels all
    finish (a pool inherited across fork would deadlock them)."""
    code = (
        "import torch\n"
        "torch.set_num_threads(2)\n"
        "a = torch.randn(384, 384)\n"
        "for _ in range(20):\n"
        "    a = torch.tanh(a @ a)\n"
        "print(a.shape)\n"
    )
    futures = [pool.submit(Job(code, f"par{i}", timeout=60)) for i in range(8)]
    outcomes = [f.result(timeout=120) for f in futures]
    assert all(o.ok and o.output == "torch.Size([384, 384])\n" for o in outcomes), outcomes


def test_a_block_can_run_code_in_a_process_of_its_own(pool):
    code = (
        "from execdocs import runner\n"
        'inner = runner.run(runner.Job("import os\\nprint(6 * 7)\\nos._exit(0)", "inner"))\n'
        "print(inner.output.strip(), inner.problem.kind)\n"
    )
    outcome = go(pool, code, timeout=20)
    assert outcome.ok, outcome.problem
    assert outcome.output == "42 Exit\n"


def test_a_dead_warm_parent_fails_jobs_instead_of_hanging():
    dying = runner.Pool(1)
    assert dying.submit(Job("print(1)", "first")).result(timeout=120).ok
    dying._proc.kill()
    dying._proc.wait()
    outcome = dying.submit(Job("print(1)", "after")).result(timeout=30)
    assert outcome.problem is not None
    assert outcome.problem.kind == Kind.RUNNER
    dying.close()


def test_a_caller_with_a_lane_keeps_a_cpu_until_it_waits(tmp_path):
    """With ``lane`` (the build, which renders between its waits) a pool of two runs one child
    while the caller works; the job the caller then waits for starts at once, beside the one
    running, instead of behind it."""
    held, release, second = (tmp_path / name for name in ("held", "release", "second"))
    hold = (
        f"import pathlib, time\npathlib.Path({str(held)!r}).touch()\n"
        f"while not pathlib.Path({str(release)!r}).exists():\n    time.sleep(0.01)\n"
    )
    mark = f"import pathlib\npathlib.Path({str(second)!r}).touch()\nprint('second')\n"
    warm = runner.Pool(2, lane=True)
    try:
        writes = (str(tmp_path),)
        first = warm.submit(Job(hold, "hold", timeout=60, writable=writes))
        queued = warm.submit(Job(mark, "mark", writable=writes))
        deadline = time.monotonic() + 120
        while not held.exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(0.5)  # time enough for a second child, were the caller's CPU not kept
        assert held.exists()
        assert not second.exists()
        assert warm.result(queued).output == "second\n"
        assert not first.done()  # it ran beside the first job, not after it
        release.touch()
        assert warm.result(first).ok
    finally:
        release.touch()
        warm.close()


# ---------------------------------------------------------------- no network


@pytest.mark.parametrize(
    ("code", "where", "line"),
    [
        (
            'import socket\ns = socket.socket()\n\ns.connect(("93.184.216.34", 80))\n',
            "93.184.216.34:80",
            4,
        ),
        (
            'import socket\nsocket.create_connection(("example.com", 80))\n',
            "example.com:80",
            2,
        ),
        (
            "import socket\ns = socket.socket(socket.AF_INET6)\n"
            's.connect_ex(("2001:db8::1", 443, 0, 0))\n',
            "2001:db8::1:443",
            3,
        ),
        ('import socket\nsocket.getaddrinfo("example.com", "https")\n', "example.com:https", 2),
        ('import socket\nsocket.gethostbyname("example.com")\n', "example.com", 2),
        (
            'import urllib.request\n\nurllib.request.urlopen("https://example.com/d.csv")\n',
            "example.com:443",
            3,
        ),
    ],
    ids=["connect", "create-connection", "connect-ex-v6", "getaddrinfo", "gethostbyname", "url"],
)
def test_a_block_that_reaches_another_machine_fails_at_its_line(pool, code, where, line):
    outcome = go(pool, code)
    assert outcome.problem is not None, outcome
    assert outcome.problem.kind == Kind.NETWORK, outcome.problem
    assert outcome.problem.lineno == line
    assert outcome.problem.message == offline.refusal(where)
    assert "the build has no network" in outcome.problem.message
    assert offline.__file__ not in {name for name, _ in outcome.problem.frames}


def test_this_machine_stays_reachable(pool):
    """Loopback names, and AF_UNIX sockets, are not the network (a socket file may be made in
    the block's own temporary folder)."""
    code = (
        "import os, socket, tempfile\n"
        'print(len(socket.getaddrinfo("localhost", 80)) > 0)\n'
        "a, b = socket.socketpair()\n"
        'a.sendall(b"unix")\nprint(b.recv(4).decode())\n'
        'path = os.path.join(tempfile.mkdtemp(), "s")\n'
        "listener = socket.socket(socket.AF_UNIX)\nlistener.bind(path)\nlistener.listen()\n"
        "client = socket.socket(socket.AF_UNIX)\nclient.connect(path)\nprint(client.fileno() > 0)\n"
    )
    outcome = go(pool, code)
    assert outcome.ok, outcome.problem
    assert outcome.output == "True\nunix\nTrue\n"


LOOPBACK_TCP = (
    "import socket\n"
    'server = socket.socket()\nserver.bind(("127.0.0.1", 0))\nserver.listen()\n'
    "port = server.getsockname()[1]\n"
    'socket.create_connection(("127.0.0.1", port)).close()\n'
    'print("connected")\n'
)


def test_loopback_tcp_is_refused_by_the_kernel_where_it_can(pool):
    """Landlock's TCP rules name ports, not addresses: where the kernel has them (ABI 4), TCP
    bind and connect are refused in a block, loopback included; where it has not, loopback
    works as the Python guard lets it."""
    outcome = go(pool, LOOPBACK_TCP)
    if sandbox.protections().network:
        assert outcome.problem is not None
        assert outcome.problem.kind == Kind.SANDBOX
        assert outcome.problem.lineno == 3  # the bind
        assert "TCP connection" in outcome.problem.message
    else:
        assert outcome.ok, outcome.problem
        assert outcome.output == "connected\n"


@pytest.mark.parametrize("host", ["127.0.0.1", "127.1.2.3", "::1", "localhost", "::ffff:127.0.0.1"])
def test_loopback_names_and_addresses_are_local(host):
    assert offline.is_local(host)


@pytest.mark.parametrize(
    "host", ["example.com", "10.0.0.1", "8.8.8.8", "2001:db8::1", "openml.org"]
)
def test_other_machines_are_not_local(host):
    assert not offline.is_local(host)


def test_a_caught_attempt_still_fails_the_block(pool):
    code = (
        "import socket\n"
        "for _ in range(3):\n"
        "    try:\n"
        '        socket.create_connection(("example.com", 80))\n'
        "    except BaseException:\n"
        "        pass\n"
        'print("carried on")\n'
    )
    outcome = go(pool, code)
    assert outcome.output == "carried on\n"
    assert outcome.problem is not None
    assert outcome.problem.kind == Kind.NETWORK
    assert outcome.problem.lineno == 4
    assert "example.com:80 (and caught the refusal)" in outcome.problem.message


def test_a_refusal_turned_into_another_error_is_still_a_network_failure(pool):
    """Question code runs with exceptions as results: a library that wraps the refusal in an
    error of its own must not turn a download into an answer."""
    code = (
        "import socket\n"
        "try:\n"
        '    socket.create_connection(("example.com", 80))\n'
        "except BaseException as error:\n"
        '    raise RuntimeError("download failed") from error\n'
    )
    outcome = go(pool, code)
    assert outcome.problem.kind == Kind.NETWORK
    assert outcome.exception == ""  # not a result a question could select an option by


def test_fetch_openml_fails_at_once_instead_of_retrying(pool):
    """scikit-learn retries a URLError three times, a second apart, warning each time: the
    refusal is no URLError, so it goes straight out of the fetcher, with no retry warning."""
    code = 'from sklearn.datasets import fetch_openml\n\nfetch_openml("mnist_784")\n'
    outcome = go(pool, code, timeout=60)
    assert outcome.problem is not None, outcome
    assert outcome.problem.kind == Kind.NETWORK, outcome.problem
    assert outcome.problem.lineno == 3
    assert "openml.org:443; the build has no network" in outcome.problem.message
    assert outcome.warnings == ()


def test_dataset_caches_point_at_an_empty_folder_of_the_blocks_own(pool):
    """A dataset downloaded once on an author's machine is not found by a block either."""
    code = (
        "import os\n"
        "from sklearn.datasets import get_data_home\n"
        "homes = {os.environ[n] for n in ('SCIKIT_LEARN_DATA', 'TORCH_HOME', 'HF_HOME')}\n"
        "(home,) = homes\n"
        "print(home, get_data_home() == home, os.listdir(home))\n"
        'open(os.path.join(home, "left-behind"), "w").close()\n'
    )
    first, second = (go(pool, code) for _ in range(2))
    assert first.ok, first.problem
    home, same, listing = first.output.split()
    assert (same, listing) == ("True", "[]")
    assert second.output.split()[1:] == ["True", "[]"]  # nothing of the first block is there
    assert not Path(home).exists()  # removed with its block


def test_the_guard_is_the_block_process_alone():
    """`run` forks from the calling process (question proofs do): the caller keeps its
    network, and its own calls are never recorded as the block's."""
    outcome = runner.run(Job('import socket\nsocket.getaddrinfo("example.com", 80)\n', "g"))
    assert outcome.problem.kind == Kind.NETWORK
    assert socket.getaddrinfo is offline._getaddrinfo
    assert socket.socket.connect is offline._connect
    assert offline.first_attempt() is None


# ---------------------------------------------------------------- fork safety


def site_preload() -> list[str]:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    (plugin,) = [
        p["execdocs"] for p in config["plugins"] if isinstance(p, dict) and "execdocs" in p
    ]
    return plugin["preload"]


@contextlib.contextmanager
def ready_warm_parent(env: dict[str, str] | None = None):
    """A warm parent with the site's preloads, once it is ready to fork (it forks only when
    asked, after it says so)."""
    preload = [f"--preload={name}" for name in site_preload()]
    parent = subprocess.Popen(
        [sys.executable, "-m", "execdocs.runner", "--workers", "1", *preload],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
    )
    try:
        for line in parent.stderr:
            if "warm parent ready" in line:
                break
        yield parent
    finally:
        parent.stdin.close()
        parent.wait(timeout=30)


def test_the_warm_parent_forks_with_one_thread():
    """numpy's and scipy's OpenBLAS start a thread per CPU at import unless told otherwise;
    with the site's preloads, the warm parent still has exactly one OS thread when it is ready
    to fork. (OpenBLAS also stops its threads when a process forks, so this is read before
    the first fork, which a child could not see.)"""
    env = {k: v for k, v in os.environ.items() if k not in runner.ONE_THREAD}
    with ready_warm_parent(env) as parent:
        assert os.listdir(f"/proc/{parent.pid}/task") == [str(parent.pid)]


def huge_pages_available() -> bool:
    """Whether this kernel can collapse memory into huge pages (MADV_COLLAPSE: Linux 6.1)."""
    enabled = Path("/sys/kernel/mm/transparent_hugepage/enabled")
    release = tuple(int(part) for part in re.findall(r"\d+", os.uname().release)[:2])
    return enabled.is_file() and "[never]" not in enabled.read_text() and release >= (6, 1)


@pytest.mark.skipif(not huge_pages_available(), reason="the kernel has no MADV_COLLAPSE")
def test_the_warm_parent_holds_its_memory_in_huge_pages():
    """What makes a block's fork and exit cheap (`runner.huge_pages`): most of the warm
    parent's anonymous memory is in 2 MiB pages by the time it forks."""
    with ready_warm_parent() as parent:
        rollup = Path(f"/proc/{parent.pid}/smaps_rollup").read_text()
    sizes = {k: int(v.split()[0]) for k, v in re.findall(r"^(\w+):\s+(.*)$", rollup, re.M)}
    assert sizes["AnonHugePages"] > sizes["Anonymous"] / 2


def test_children_never_hang_on_blas_threads():
    """Children of a warm parent holding numpy, scipy and scikit-learn run BLAS and LAPACK
    and load the bundled digits, one after another and two at a time."""
    code = (
        "import numpy as np, scipy.linalg\n"
        "from sklearn.datasets import load_digits\n"
        "a = np.random.default_rng(0).standard_normal((300, 300))\n"
        "x = scipy.linalg.solve(a @ a.T + np.eye(300), np.ones(300))\n"
        "u, s, vt = np.linalg.svd(a)\n"
        "print(x.shape, s.shape, load_digits().data.shape)\n"
    )
    warm = runner.Pool(2, ("sklearn.datasets", "scipy.linalg"))
    try:
        futures = [warm.submit(Job(code, f"blas{i}", timeout=60)) for i in range(6)]
        outcomes = [f.result(timeout=180) for f in futures]
    finally:
        warm.close()
    for outcome in outcomes:
        assert outcome.ok, outcome.problem
        assert outcome.output == "(300,) (300,) (1797, 64)\n"
