"""Every executed block in a process of its own, forked from a warm parent.

One function runs code: `_run_here`, in a child process forked for that one block. The child
starts from exactly the parent's state (torch imported, one optimizer step taken, helpers
loaded), so nothing one block does (``torch.set_default_dtype``, print options, warnings
filters, matplotlib rcParams, ``sys.modules``, the working directory, the environment) can reach
another, and a block's output is a function of its code alone. Everything the block writes is
caught at the file-descriptor level (``print``, ``sys.stdout.write``, C extensions), its warnings
are recorded one by one, and however it ends (an exception, ``sys.exit``, ``os._exit(0)``, a
segfault, an abort, a memory blow-up, a thread or process left running, code stuck in C past
its time limit, an attempt to reach another machine: see `execdocs.offline`) the parent gets
an `Outcome` that says so; the child is killed with its whole process group afterwards.

Two ways to use it:

* `run` forks from the calling process and waits (question proofs, tests, the snippet tests);
* `Pool` starts a *warm parent* (``python -m execdocs.runner``) that imports torch once, takes
  one optimizer step, and then forks a child per submitted `Job`, several at once (the build
  and `mkdocs serve`; the warm parent outlives rebuilds).

Fork safety: the warm parent forks with exactly one OS thread. Before it imports anything it
sets ``OPENBLAS_NUM_THREADS``, ``OMP_NUM_THREADS`` and ``MKL_NUM_THREADS`` to 1 (unless already
set), so the BLAS and OpenMP libraries numpy, scipy and torch load start no thread pool (scipy's
OpenBLAS otherwise starts one per CPU at import); it pins torch to one intra-op and one inter-op
thread before any torch work (a child that wants more threads creates its own pool); and it
never starts a thread of its own.

Numerics: the warm parent sets the site's numerics mode (``--numerics``) before it imports
anything, and every run checks it is under the mode its `Job` names (`execdocs.numerics`): a
process that ran torch without it gets a ``Numerics`` failure instead of CPU-dependent numbers.

Fork cost: a block pays one fork and one exit of the warm parent. Its anonymous memory is
collapsed into huge pages once it is warm (`huge_pages`), which halves that on this machine.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import enum
import errno
import faulthandler
import gc
import importlib
import io
import os
import pickle
import re
import resource
import selectors
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import warnings
from collections.abc import Iterable
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any, BinaryIO

from execdocs import numerics, offline, sandbox

GIB = 1024**3
DEFAULT_MEMORY = 4 * GIB
"""Memory a block may allocate beyond the warm parent's own (``memory="8G"`` on a fence)."""

GRACE = 1.0
"""Seconds past its time limit before a block that ignores the timeout signal is killed."""

PRELOAD = ("torch", "numpy", "matplotlib")
"""What the warm parent imports before it forks (besides the modules a `Pool` is given)."""

ONE_THREAD = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
"""Set in the warm parent before it imports anything, unless already set: the BLAS and OpenMP
libraries then start no thread pool, so the parent never forks with one (see the module
docstring). Its children inherit them."""


class Kind(enum.StrEnum):
    """Every way a block can fail: a closed set, named in each failure message."""

    EXCEPTION = "Exception"  # the block raised (or raised another exception than raises=)
    SYNTAX = "SyntaxError"
    SYSTEM_EXIT = "SystemExit"  # sys.exit(...)
    EXIT = "Exit"  # the process ended without finishing the block: os._exit(n)
    CRASH = "Crash"  # killed by a signal: segfault, abort, ...
    TIMEOUT = "Timeout"
    MEMORY = "MemoryLimit"
    LEFT_RUNNING = "LeftRunning"  # a thread or child process still running at the end
    NETWORK = "Network"  # the block tried to reach another machine (the build has no network)
    MISSING_EXCEPTION = "MissingException"  # raises= declared, nothing raised
    RUNNER = "Runner"  # the warm parent itself failed (not the block's fault)
    NUMERICS = "Numerics"  # the process runs torch outside the site's numerics mode
    SANDBOX = "Sandbox"  # the kernel refused a write, connection or signal outside the block
    # found by the engine around a run
    WARNING = "Warning"  # a warning the fence did not declare with warns=
    MISSING_WARNING = "MissingWarning"  # warns= declared, no such warning
    EMPTY_OUTPUT = "EmptyOutput"  # nothing printed where the page shows output
    MISSING_INCLUDE = "MissingInclude"
    OPTION = "Option"  # a fence option with a bad value
    NOTEBOOK_CELL = "NotebookCell"
    QUESTION = "Question"  # a question file that does not load, or whose run does not prove it


class BlockTimeout(BaseException):
    """Raised in a block past its time limit (a BaseException: ``except Exception`` in the
    block cannot swallow it)."""


@dataclass(frozen=True)
class Job:
    """What to run, and within which limits."""

    code: str
    name: str  # the block id, used in the code's file name (``<block NAME>``)
    timeout: float = 6.0  # seconds; 0 = none
    memory: int = DEFAULT_MEMORY  # bytes the block may allocate; 0 = no limit
    raises: str = ""  # the exception the block must raise (its last line joins the output)
    prelude: str = ""  # code run first, untimed and with its output dropped (seeding)
    numerics: tuple[tuple[str, str], ...] = ()  # the mode the process must run under
    writable: tuple[str, ...] = ()  # folders it may write besides its own (tests; never a page)

    @property
    def filename(self) -> str:
        return f"<block {self.name}>"


@dataclass(frozen=True)
class Warned:
    """One warning a block did not catch."""

    category: str
    message: str
    filename: str
    lineno: int


@dataclass(frozen=True)
class Problem:
    """How a block failed. ``lineno`` is the line of the block's own code (0 if unknown);
    ``frames`` the traceback's (file, line) pairs, innermost last."""

    kind: Kind
    message: str
    lineno: int = 0
    frames: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class Outcome:
    """What running a block did."""

    output: str  # everything written to stdout, in order
    stderr: str = ""  # everything written to stderr (warnings are in `warnings` instead)
    warnings: tuple[Warned, ...] = ()
    seconds: float = 0.0
    problem: Problem | None = None
    raised: str = ""  # the last line of the expected exception, when raises= was met

    @property
    def ok(self) -> bool:
        return self.problem is None

    @property
    def exception(self) -> str:
        """The exception the code raised, as a result a caller may keep (``"TypeError: ..."``,
        a syntax error with its line), or "" if it raised none or ended some other way."""
        problem = self.problem
        if problem is None:
            return ""
        if problem.kind == Kind.SYNTAX:
            return f"SyntaxError: {problem.message} (line {problem.lineno})"
        return problem.message if problem.kind == Kind.EXCEPTION else ""


# --------------------------------------------------------------------------- in the child


_inherited: Job | None = None
"""The block this process runs (set in the child only), for code the block itself runs through
`run` (question proofs): it starts from the same seeded state, under the same numerics."""


def inherited_prelude() -> str:
    return _inherited.prelude if _inherited else ""


def inherited_numerics() -> tuple[tuple[str, str], ...]:
    return _inherited.numerics if _inherited else ()


def _run_here(job: Job, result: BinaryIO, data_home: str) -> None:
    """Run ``job`` in this (freshly forked) process and write its pickled result. Called with
    fd 1 and 2 already pointing at the parent's capture files; never returns normally.
    ``data_home`` is an empty folder the dataset caches point at (see `execdocs.offline`)."""
    global _inherited
    _inherited = job
    offline.install(job.filename)  # no connection or name lookup leaves the machine
    for name in offline.DATA_HOMES:
        os.environ[name] = data_home
    warned: list[Warned] = []

    def record(message: Any, category: type, filename: str, lineno: int, *_: Any) -> None:
        warned.append(Warned(category.__name__, str(message), filename, lineno))

    warnings.resetwarnings()
    warnings.simplefilter("default")  # every warning once per place, dependencies' included
    warnings.showwarning = record
    module = ModuleType("__main__")
    module.__dict__["__builtins__"] = __builtins__
    sys.modules["__main__"] = module
    sys.argv = [job.filename]
    problem: Problem | None = None
    raised = ""
    started = time.perf_counter()
    refused = numerics.problem(dict(job.numerics))
    try:
        if refused:
            raise numerics.NumericsError(refused)
        if job.prelude:
            exec(compile(job.prelude, "<prelude>", "exec"), {"__name__": "__prelude__"})
        compiled = compile(job.code, job.filename, "exec")
    except SyntaxError as error:
        problem = Problem(Kind.SYNTAX, str(error.msg), error.lineno or 0)
    except numerics.NumericsError as error:
        problem = Problem(Kind.NUMERICS, str(error))
    else:
        _alarm(job.timeout)
        started = time.perf_counter()
        try:
            exec(compiled, module.__dict__)
        except BaseException as error:
            problem, raised = _judge(job, error)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        if job.raises and problem is None and not raised:
            problem = Problem(
                Kind.MISSING_EXCEPTION,
                f"the block declares raises={job.raises!r} but ran without raising it",
            )
    seconds = time.perf_counter() - started
    attempt = offline.first_attempt()
    if attempt is not None and (problem is None or problem.kind != Kind.NETWORK):
        # the block (or a library) caught the refusal, or turned it into another error: the
        # attempt is what went wrong
        where, line = attempt
        line = line or (problem.lineno if problem else 0)
        problem = Problem(Kind.NETWORK, offline.refusal(where, caught=True), line)
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    _libc_flush()
    if problem is None:
        problem = _left_running()
    record = {"warnings": warned, "seconds": seconds, "problem": problem, "raised": raised}
    pickle.dump(record, result)
    result.flush()


def _judge(job: Job, error: BaseException) -> tuple[Problem | None, str]:
    """What an exception out of the block means: a problem, or the expected exception."""
    walk = traceback.walk_tb(error.__traceback__)
    frames = tuple((frame.f_code.co_filename, line) for frame, line in walk)
    lineno = next((line for name, line in reversed(frames) if name == job.filename), 0)
    if isinstance(error, BlockTimeout):
        return Problem(
            Kind.TIMEOUT,
            f"still running after the {job.timeout:g} s limit "
            '(set timeout="..." on the fence if it really needs longer)',
            lineno,
            frames,
        ), ""
    if isinstance(error, offline.NoNetwork):
        frames = tuple(f for f in frames if f[0] != offline.__file__)  # the guard's own
        return Problem(Kind.NETWORK, offline.refusal(error.where), lineno, frames), ""
    if isinstance(error, SystemExit):
        return Problem(
            Kind.SYSTEM_EXIT,
            f"the block called sys.exit({error.code!r}); a page block must not end the build",
            lineno,
            frames,
        ), ""
    names = {cls.__name__ for cls in type(error).__mro__}
    refused = _sandbox_refusal(error)
    if refused and not (job.raises and job.raises in names):
        return Problem(Kind.SANDBOX, refused, lineno, frames), ""
    if job.raises and job.raises in names:
        return None, traceback.format_exception_only(type(error), error)[-1]
    message = f"{type(error).__name__}: {error}"
    if job.raises:
        message = f"expected {job.raises}, got {message}"
    kind = Kind.EXCEPTION
    if isinstance(error, MemoryError) or "can't allocate memory" in str(error):
        kind = Kind.MEMORY
        message = (
            f"the block ran out of its {job.memory / GIB:g} GiB memory limit ({message}); "
            'set memory="8G" on the fence if it really needs more'
        )
    return Problem(kind, message, lineno, frames), ""


def _sandbox_refusal(error: BaseException) -> str:
    """What the block tried that its confinement refused, or "" (see `execdocs.sandbox`)."""
    if not isinstance(error, PermissionError) or _confined is None:
        return ""
    if error.filename is not None:
        target = os.path.abspath(os.fsdecode(error.filename))
        if target == _confined or target.startswith(_confined + os.sep):
            return ""  # its own folder: an ordinary permission error
        with contextlib.suppress(ValueError):
            shown = os.path.relpath(target)
            target = target if shown.startswith("..") else shown
        return (
            f"the block tried to write {target}; blocks may write only their own temporary "
            "folder (TMPDIR, tempfile)"
        )
    # no file named: Landlock refuses a TCP bind or connect with EACCES, a signal with EPERM
    if error.errno == errno.EACCES and _protections.network:
        return (
            "the block tried to open or accept a TCP connection; the kernel refuses them in a "
            "block (the build has no network)"
        )
    if error.errno == errno.EPERM and _protections.signals:
        return (
            "the block tried to signal a process outside its own (the build, or the warm "
            "parent); a block may signal only the processes it started"
        )
    return ""


def _alarm(seconds: float) -> None:
    if seconds <= 0:
        return

    def on_alarm(signum: int, frame: Any) -> None:
        raise BlockTimeout(seconds)

    signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)


def _left_running() -> Problem | None:
    """A thread or child process the block started and left running, if any: it would keep
    `python snippet.py` from ending, or outlive the block (both are killed with it)."""
    threads = [
        t.name
        for t in threading.enumerate()
        if t is not threading.main_thread() and t.is_alive() and not t.daemon
    ]
    if threads:
        return Problem(
            Kind.LEFT_RUNNING,
            f"thread {', '.join(map(repr, threads))} was still running when the block ended "
            "(join it, or make it a daemon); it was killed with the block",
        )
    left = [p for p in _descendants(os.getpid()) if _state(p) not in ("Z", "X", "")]
    if left:
        named = ", ".join(f"{pid} ({_command(pid)})" for pid in left)
        return Problem(
            Kind.LEFT_RUNNING,
            f"child process {named} was still running when the block ended (wait for it; "
            "however it detached, it was killed with the block)",
        )
    return None


def _descendants(pid: int, depth: int = 0) -> list[int]:
    """Every process below ``pid`` (only ``depth`` levels if given), zombies included (a
    block's process is a subreaper, so one that detached with a double fork or setsid is still
    below it). Read with plain `os` calls: this runs at the end of every block."""
    found: list[int] = []
    todo = [(pid, 0)]
    while todo:
        parent, level = todo.pop()
        try:
            tasks = os.listdir(f"/proc/{parent}/task")
        except OSError:
            continue
        for task in tasks:
            try:
                with open(f"/proc/{parent}/task/{task}/children", "rb") as file:
                    below = [int(p) for p in file.read().split()]
            except OSError:
                continue
            found += below
            if not depth or level + 1 < depth:
                todo += [(p, level + 1) for p in below]
    return found


def _command(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode().strip()[:60]
    except OSError:
        return "?"


def _kill_tree(pid: int) -> None:
    """Kill every process below ``pid``: stop them first, so none forks past the walk."""
    for _ in range(20):
        below = _descendants(pid)
        if not below:
            return
        for sig in (signal.SIGSTOP, signal.SIGKILL):
            for child in below:
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.kill(child, sig)
        for child in below:  # reap ours (a grandchild is reaped by its own parent, or us)
            with contextlib.suppress(ChildProcessError, OSError):
                os.waitpid(child, os.WNOHANG)


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return ""


_LIBC = ctypes.CDLL(None)


def _libc_flush() -> None:
    _LIBC.fflush(None)


_PR_SET_CHILD_SUBREAPER = 36
_confine = True  # a warm parent started --unconfined (make bench) runs blocks without sandbox
_confined: str | None = None  # the folder a confined block may write, in its process
_protections = sandbox.Protections(0)


def _child_setup(job: Job, out: int, err: int, folder: str) -> None:
    """Make this fresh child a block's process: its own process group, the subreaper of all it
    starts, stdin empty, stdout and stderr (Python's and C's, unbuffered, so they interleave in
    order) into the capture files, a fatal-error traceback to stderr, the memory limit, and
    (last) its confinement to writing ``folder`` (`execdocs.sandbox`), where TMPDIR points."""
    global _confined, _protections
    os.setsid()
    _LIBC.prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.dup2(out, 1)
    os.dup2(err, 2)
    for fd in (null, out, err):
        os.close(fd)
    sys.stdin = open(0, encoding="utf-8", closefd=False)  # noqa: SIM115
    sys.stdout = io.TextIOWrapper(
        io.FileIO(1, "w", closefd=False), encoding="utf-8", write_through=True
    )
    sys.stderr = io.TextIOWrapper(
        io.FileIO(2, "w", closefd=False), encoding="utf-8", write_through=True
    )
    with contextlib.suppress(ValueError):
        _LIBC.setvbuf(ctypes.c_void_p.in_dll(_LIBC, "stdout"), None, 2, 0)  # _IONBF
    faulthandler.enable(file=sys.stderr, all_threads=True)
    if job.memory > 0:
        limit = _address_space() + job.memory
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)  # a block inside a block: the outer limit holds
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    tmp = os.path.join(folder, "tmp")
    os.mkdir(tmp)
    for name in ("TMPDIR", "TEMP", "TMP"):
        os.environ[name] = tmp
    tempfile.tempdir = None  # gettempdir() looks again
    if _confine:
        _protections = sandbox.confine(folder, *job.writable)
    _confined = folder if _protections.files else None


def _address_space() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmSize:"):
            return int(line.split()[1]) * 1024
    return 0


# --------------------------------------------------------------------------- in the parent


@dataclass
class Running:
    """A forked child running one job."""

    job: Job
    pid: int
    pidfd: int
    files: tuple[int, int, int]  # stdout, stderr, result (memory files the parent reads)
    deadline: float  # when the child is killed, whatever it is doing
    folder: str  # the only folder it may write (its TMPDIR and dataset caches), removed with it
    killed: bool = False

    def kill(self, dump: bool = True) -> None:
        """End the child now. With ``dump``, first ask for its Python stack (faulthandler
        prints it on SIGABRT, even from inside C code), so the failure can name the line."""
        self.killed = True
        if dump:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGABRT)
            with selectors.DefaultSelector() as selector:
                selector.register(self.pidfd, selectors.EVENT_READ)
                selector.select(0.5)
        _kill_tree(self.pid)  # however they detached, its processes are still below it
        _kill_group(self.pid)

    def finish(self) -> Outcome:
        """Reap the child (and anything it left in its process group) and say what it did."""
        _, status = os.waitpid(self.pid, 0)
        _kill_group(self.pid)
        _kill_orphans()
        os.close(self.pidfd)
        shutil.rmtree(self.folder, ignore_errors=True)
        out, err, res = (_read(fd) for fd in self.files)
        stdout = out.decode("utf-8", "backslashreplace")
        stderr = err.decode("utf-8", "backslashreplace")
        if self.killed:
            line = _fault_line(stderr, self.job.filename)
            return Outcome(
                stdout,
                _without_fault(stderr),
                problem=Problem(
                    Kind.TIMEOUT,
                    f"still running after the {self.job.timeout:g} s limit, in code that "
                    "ignores the timeout signal; the process was killed "
                    '(set timeout="..." on the fence if it really needs longer)',
                    line,
                ),
            )
        if res:
            data = pickle.loads(res)
            return Outcome(
                stdout + data["raised"],
                stderr,
                tuple(data["warnings"]),
                data["seconds"],
                data["problem"],
                data["raised"],
            )
        return Outcome(stdout, _without_fault(stderr), problem=_death(status, stderr, self.job))


def _death(status: int, stderr: str, job: Job) -> Problem:
    """Why a child ended before it finished its block."""
    line = _fault_line(stderr, job.filename)
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        name = signal.Signals(number).name
        what = {
            "SIGSEGV": "a segmentation fault",
            "SIGABRT": "an abort",
            "SIGBUS": "a bus error",
            "SIGFPE": "a floating-point exception",
            "SIGKILL": "SIGKILL (out of memory, or killed from outside)",
        }.get(name, name)
        return Problem(Kind.CRASH, f"the block's process was killed by {what} ({name})", line)
    code = os.WEXITSTATUS(status)
    return Problem(
        Kind.EXIT,
        f"the block ended its process with exit status {code} (os._exit or a C-level exit) "
        "before it finished; a page block must not end the build",
        line,
    )


_FAULT_FRAME = re.compile(r'^\s*File "(?P<file>[^"]+)", line (?P<line>\d+)', re.M)


def _fault_line(stderr: str, filename: str) -> int:
    """The block line faulthandler's dump names (innermost frame first), or 0."""
    for match in _FAULT_FRAME.finditer(stderr):
        if match["file"] == filename:
            return int(match["line"])
    return 0


_FAULT_DUMP = re.compile(r"^Fatal Python error: ", re.M)


def _without_fault(stderr: str) -> str:
    """stderr without faulthandler's dump (the failure message says what happened)."""
    match = _FAULT_DUMP.search(stderr)
    return stderr[: match.start()] if match else stderr


_reaping = False  # this process is a subreaper of the blocks it forks (the warm parent)
_blocks: set[int] = set()  # the block processes it runs now


def _kill_orphans() -> None:
    """In a warm parent: kill and reap every child that is not a running block, the processes
    of a block that died before it could end them (they were reparented here)."""
    if not _reaping:
        return
    for pid in _descendants(os.getpid(), depth=1):
        if pid not in _blocks:
            _kill_tree(pid)
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError, OSError):
                os.waitpid(pid, 0)


def _kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)


def _read(fd: int) -> bytes:
    os.lseek(fd, 0, os.SEEK_SET)
    chunks = []
    while chunk := os.read(fd, 1 << 20):
        chunks.append(chunk)
    os.close(fd)
    return b"".join(chunks)


def launch(job: Job, close: Iterable[int] = ()) -> Running:
    """Fork a child that runs ``job`` (closing ``close`` in it: descriptors it must not
    inherit) and return at once."""
    files = tuple(os.memfd_create(name, 0) for name in ("stdout", "stderr", "result"))
    folder = tempfile.mkdtemp(prefix="execdocs-block-")
    data_home = os.path.join(folder, "no-data")
    os.mkdir(data_home)
    pid = os.fork()
    if pid == 0:  # the child: never returns
        code = 0
        try:
            for fd in close:
                os.close(fd)
            _child_setup(job, os.dup(files[0]), os.dup(files[1]), folder)
            with os.fdopen(files[2], "wb", closefd=False) as result:
                _run_here(job, result, data_home)
            _kill_tree(os.getpid())  # (reported by _run_here as LeftRunning)
        except BaseException as error:  # the runner itself failed: say so, exit non-zero
            traceback.print_exc()
            problem = Problem(Kind.RUNNER, f"could not run the block: {error!r}")
            record = {"warnings": [], "seconds": 0.0, "problem": problem, "raised": ""}
            with contextlib.suppress(BaseException):
                os.lseek(files[2], 0, os.SEEK_SET)
                os.write(files[2], pickle.dumps(record))
            code = 70
        os._exit(code)
    deadline = time.monotonic() + job.timeout + GRACE if job.timeout > 0 else float("inf")
    return Running(job, pid, os.pidfd_open(pid), files, deadline, folder)


def run(job: Job) -> Outcome:
    """Run ``job`` in a child forked from this process and wait for it."""
    child = launch(job)
    try:
        with selectors.DefaultSelector() as selector:
            selector.register(child.pidfd, selectors.EVENT_READ)
            left = child.deadline - time.monotonic()
            if not selector.select(None if left == float("inf") else max(left, 0)):
                child.kill()
    except BaseException:  # the caller's own time limit, say: the child must not outlive it
        child.kill(dump=False)
        child.finish()
        raise
    return child.finish()


# --------------------------------------------------------------------------- the warm parent


def warm(modules: Iterable[str] = ()) -> None:
    """What the warm parent does once: one torch thread (before any torch work, so no thread
    pool exists when it forks), the one-off costs of a first optimizer step, matplotlib's
    non-interactive backend, and the given modules imported."""
    import torch

    torch.set_num_threads(1)
    torch.set_num_interop_threads(1)
    # the one-off costs of a first training step (optimizer machinery, the autograd engine,
    # the dispatch of common layers and losses, a data loader): once, here, not per block
    model = torch.nn.Sequential(torch.nn.Linear(2, 4), torch.nn.ReLU(), torch.nn.Linear(4, 2))
    data = torch.utils.data.TensorDataset(torch.zeros(4, 2), torch.tensor([0, 1, 0, 1]))
    for optimizer in (
        torch.optim.SGD(model.parameters(), lr=0.1),
        torch.optim.Adam(model.parameters()),
    ):
        scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=1)
        for x, y in torch.utils.data.DataLoader(data, batch_size=2, shuffle=True):
            optimizer.zero_grad()
            out = model(x)
            loss = torch.nn.functional.cross_entropy(out, y) + torch.nn.functional.mse_loss(
                out, out.detach()
            )
            loss.backward()
            optimizer.step()
        scheduler.step()
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    # the first pyplot figure loads fonts, styles and renderers: once, here; pyplot then holds
    # no figure, so a child's first figure is number 1 as in a fresh interpreter
    figure, axes = plt.subplots()
    axes.plot([0, 1], [1, 0], label="warm")
    axes.legend()
    axes.set_title("warm")
    figure.savefig(io.StringIO(), format="svg")
    plt.close("all")
    for name in (*PRELOAD, *modules):
        importlib.import_module(name)
    # Children would otherwise copy every page of the parent's heap the first time their
    # garbage collector walks it: what exists now is never collected, in parent or child.
    gc.collect()
    gc.freeze()
    huge_pages()


MADV_COLLAPSE = 25  # Linux 6.1 and later
_HUGE = 2 << 20  # the size of an x86-64 (and arm64) huge page


def huge_pages() -> int:
    """Back this process's anonymous memory (its heap and torch's) with 2 MiB pages where the
    kernel can, and return how many regions it collapsed (0 where it cannot: an older kernel,
    huge pages turned off).

    A fork copies one page-table entry per page of anonymous memory and a child's exit frees
    them all again; with 2 MiB pages that is 512 times fewer. For this warm parent (about
    300 MiB of it) fork and exit went from 33 ms to 13 ms of system time on this machine, which
    is paid once per block (`make bench`'s ``fork_ms``). A child still copies only the 4 KiB
    it writes: the kernel splits a shared huge page on the first write to it. Call it last,
    once the memory it collapses will not be freed."""
    madvise = _LIBC.madvise
    madvise.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
    collapsed = 0
    for line in Path("/proc/self/maps").read_text().splitlines():
        fields = line.split()
        named = len(fields) > 5 and fields[5] != "[heap]"  # a file, the stack, the vdso...
        if fields[1] != "rw-p" or named:
            continue
        low, high = (int(address, 16) for address in fields[0].split("-"))
        low = -(-low // _HUGE) * _HUGE  # the whole huge pages inside the region
        high = high // _HUGE * _HUGE
        if high > low and madvise(low, high - low, MADV_COLLAPSE) == 0:
            collapsed += 1
    return collapsed


def _frame(obj: Any) -> bytes:
    blob = pickle.dumps(obj)
    return struct.pack("!Q", len(blob)) + blob


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


class _Frames:
    """Length-prefixed pickles read off a non-blocking descriptor."""

    def __init__(self) -> None:
        self.buffer = b""

    def feed(self, data: bytes) -> list[Any]:
        self.buffer += data
        found = []
        while len(self.buffer) >= 8:
            (size,) = struct.unpack("!Q", self.buffer[:8])
            if len(self.buffer) < 8 + size:
                break
            found.append(pickle.loads(self.buffer[8 : 8 + size]))
            self.buffer = self.buffer[8 + size :]
        return found


WAIT = "wait"
"""A request that names a job already sent, instead of a `Job`: the caller now waits for it."""


def serve(requests: int, replies: int, workers: int, lane: bool = False) -> None:
    """The warm parent's loop: read ``(id, Job)`` requests, keep up to ``workers`` children
    running, kill those past their deadline, and reply ``(id, Outcome)`` as each ends. Ends
    (killing its children) when the requests stream closes.

    Jobs start in the order they came. With ``lane``, the caller is a process that works
    between its waits (a build renders pages), so it keeps one of the ``workers`` CPUs for
    itself: one child fewer runs while it works. When it waits for a job (an ``(id, WAIT)``
    request), its CPU is free: that job goes first, started at once if it had not started, and
    it runs in the caller's place until its outcome is sent. So the caller never waits behind
    every job sent before its own, and the CPUs are neither idle nor shared three ways."""
    global _reaping
    _reaping = True  # what a dead block left running is reparented here, and killed
    _LIBC.prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    os.set_blocking(requests, False)
    frames = _Frames()
    queue: dict[int, Job] = {}  # request id -> job, in the order they start
    running: dict[int, tuple[int, Running]] = {}  # pidfd -> (request id, child)
    waited: int | None = None  # the job the caller waits for
    selector = selectors.DefaultSelector()
    selector.register(requests, selectors.EVENT_READ)
    open_ = True
    while open_ or queue or running:
        room = workers - (lane and waited is None and workers > 1)
        while queue and len(running) < room:
            rid = next(iter(queue))
            child = launch(queue.pop(rid), close=(requests, replies))
            _blocks.add(child.pid)
            running[child.pidfd] = (rid, child)
            selector.register(child.pidfd, selectors.EVENT_READ)
        deadline = min((c.deadline for _, c in running.values()), default=float("inf"))
        wait = None if deadline == float("inf") else max(deadline - time.monotonic(), 0)
        for key, _ in selector.select(wait):
            if key.fd == requests:
                data = os.read(requests, 1 << 20)
                if not data:  # the build is gone: stop everything
                    open_ = False
                    selector.unregister(requests)
                    queue.clear()
                    for _, child in running.values():
                        child.kill(dump=False)
                    continue
                for rid, job in frames.feed(data):
                    if job != WAIT:
                        queue[rid] = job
                    elif rid in queue:  # it goes first
                        queue = {rid: queue.pop(rid), **queue}
                        waited = rid
                    elif any(rid == r for r, _ in running.values()):
                        waited = rid  # (else it has ended: its outcome is on its way)
                continue
            rid, child = running.pop(key.fd)
            selector.unregister(key.fd)
            _blocks.discard(child.pid)
            outcome = child.finish()
            if open_:
                _write_all(replies, _frame((rid, outcome)))
            if rid == waited:
                waited = None
        now = time.monotonic()
        for _, child in running.values():
            if child.deadline <= now and not child.killed:
                child.kill()


class Request(Future[Outcome]):
    """The outcome of a job sent to a warm parent, with the id the parent knows the job by."""

    def __init__(self, request_id: int) -> None:
        super().__init__()
        self.request_id = request_id


class Pool:
    """A warm parent process and the futures of the jobs submitted to it.

    Start-up (torch, one optimizer step, the preloaded modules) runs in the background from
    the moment the pool is made; jobs wait for it. A pool outlives builds (`mkdocs serve`);
    `close` ends it and every child it still runs.
    """

    def __init__(
        self,
        workers: int,
        preload: Iterable[str] = (),
        env: dict[str, str] | None = None,
        lane: bool = False,
        numerics: dict[str, str] | None = None,
        confined: bool = True,
    ):
        """``confined=False`` runs blocks without `execdocs.sandbox` (only `make bench`, to
        measure what confinement costs)."""
        self.workers = workers
        self.preload = tuple(preload)
        self.numerics = dict(numerics or {})
        self.lane = lane
        self._futures: dict[int, Future[Outcome]] = {}
        self._lock = threading.Lock()
        self._next = 0
        self._proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "execdocs.runner",
                "--workers",
                str(workers),
                *(f"--preload={name}" for name in self.preload),
                *(f"--numerics={name}={value}" for name, value in sorted(self.numerics.items())),
                *(["--lane"] if lane else []),
                *([] if confined else ["--unconfined"]),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
        )
        self._reader = threading.Thread(target=self._read_replies, daemon=True, name="lrlab-pool")
        self._reader.start()

    def submit(self, job: Job) -> Future[Outcome]:
        with self._lock:
            rid = self._next
            self._next += 1
            future = Request(rid)
            self._futures[rid] = future
            self._send((rid, job))
        return future

    def result(self, future: Future[Outcome]) -> Outcome:
        """Wait for ``future``, a job of this pool; with ``lane``, its job goes first and runs
        on the CPU the caller leaves while it waits (see `serve`)."""
        with self._lock:
            rid = future.request_id if isinstance(future, Request) else None
            if self.lane and self._futures.get(rid) is future and not future.done():
                self._send((rid, WAIT))
        return future.result()

    def _send(self, request: tuple[int, Job | str]) -> None:
        """Write one request to the warm parent (with the lock held)."""
        if not self.alive:
            self._fail_all("the warm parent process is not running")
            return
        try:
            assert self._proc.stdin is not None
            self._proc.stdin.write(_frame(request))
            self._proc.stdin.flush()
        except (BrokenPipeError, OSError):
            self._fail_all("the warm parent process stopped")

    @property
    def alive(self) -> bool:
        return self._proc.poll() is None

    def _read_replies(self) -> None:
        stream = self._proc.stdout
        assert stream is not None
        frames = _Frames()
        while data := stream.read1(1 << 20):
            for rid, outcome in frames.feed(data):
                with self._lock:
                    future = self._futures.pop(rid, None)
                if future is not None:
                    future.set_result(outcome)
        self._proc.wait()
        with self._lock:
            self._fail_all(f"the warm parent process ended (exit status {self._proc.returncode})")

    def _fail_all(self, why: str) -> None:
        for future in self._futures.values():
            if not future.done():
                future.set_result(Outcome("", problem=Problem(Kind.RUNNER, why)))
        self._futures.clear()

    def close(self) -> None:
        if self._proc.stdin is not None and not self._proc.stdin.closed:
            with contextlib.suppress(OSError):
                self._proc.stdin.close()  # the warm parent kills its children and ends
        try:
            self._proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()
        self._reader.join(timeout=10)


def main(argv: list[str] | None = None) -> None:
    # first of all: nothing that loads a BLAS or OpenMP library has been imported yet
    for name, value in ONE_THREAD.items():
        os.environ.setdefault(name, value)
    parser = argparse.ArgumentParser(description="The warm parent that forks every block.")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--preload", action="append", default=[])
    parser.add_argument("--lane", action="store_true", help="the caller keeps a CPU (`serve`)")
    parser.add_argument("--unconfined", action="store_true", help="no sandbox (`make bench`)")
    parser.add_argument(
        "--numerics", action="append", default=[], help="NAME=VALUE, set before torch's import"
    )
    args = parser.parse_args(argv)
    global _confine
    _confine = not args.unconfined
    # the numerics mode, before torch (or anything that loads MKL) is imported
    numerics.pin(dict(item.split("=", 1) for item in args.numerics))
    # The protocol keeps its own descriptors; fd 0 and 1 are freed so that nothing printed
    # while warming up (or by a child before it redirects) can corrupt it.
    requests, replies = os.dup(0), os.dup(1)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.dup2(2, 1)
    os.close(null)
    started = time.perf_counter()
    warm(args.preload)
    took = time.perf_counter() - started
    print(f"INFO    -  execdocs: warm parent ready in {took:.1f} s", file=sys.stderr)
    serve(requests, replies, max(1, args.workers), args.lane)


if __name__ == "__main__":
    # run as `execdocs.runner`, not `__main__`, so the outcomes it pickles name their real module
    from execdocs.runner import main as _main

    _main()
