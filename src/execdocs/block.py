"""Inside a block's own process: its set-up, the one run of its code, and how that run ended.

`setup` turns a freshly forked child into a block's process: its own process group, stdout and
stderr caught at the file-descriptor level, the memory limit, its confinement to its own folder
(`execdocs.sandbox`). `run_here` is the one function that runs code: the site's prelude, then
the block under its time limit, its warnings recorded one by one, no network
(`execdocs.offline`), and every way it can end judged into a `Problem` (`_judge`), including
what the sandbox refused and a thread or process left running.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import faulthandler
import io
import os
import pickle
import resource
import signal
import sys
import tempfile
import threading
import time
import traceback
import warnings
from pathlib import Path
from types import ModuleType
from typing import Any, BinaryIO

from execdocs import numerics, offline, processes, sandbox
from execdocs.jobs import GIB, Job, Kind, Problem, Warned
from execdocs.processes import LIBC


class BlockTimeout(BaseException):
    """Raised in a block past its time limit (a BaseException: ``except Exception`` in the
    block cannot swallow it)."""


_confine = True  # a warm parent started --unconfined (make bench) runs blocks without sandbox
_confined: str | None = None  # the folder a confined block may write, in its process
_protections = sandbox.Protections(0)


def run_unconfined() -> None:
    """Set up the blocks this process forks without `execdocs.sandbox` (a warm parent started
    ``--unconfined``: only `make bench`, to measure what confinement costs)."""
    global _confine
    _confine = False


_inherited: Job | None = None
"""The block this process runs (set in the child only), for code the block itself runs through
`execdocs.runner.run` (question proofs): it starts from the same seeded state, under the same
numerics."""


def inherited_prelude() -> str:
    return _inherited.prelude if _inherited else ""


def inherited_numerics() -> tuple[tuple[str, str], ...]:
    return _inherited.numerics if _inherited else ()


def run_here(job: Job, result: BinaryIO, data_home: str) -> None:
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
    left = [
        p for p in processes.descendants(os.getpid()) if processes.state(p) not in ("Z", "X", "")
    ]
    if left:
        named = ", ".join(f"{pid} ({processes.command(pid)})" for pid in left)
        return Problem(
            Kind.LEFT_RUNNING,
            f"child process {named} was still running when the block ended (wait for it; "
            "however it detached, it was killed with the block)",
        )
    return None


def _libc_flush() -> None:
    LIBC.fflush(None)


def setup(job: Job, out: int, err: int, folder: str) -> None:
    """Make this fresh child a block's process: its own process group, the subreaper of all it
    starts, stdin empty, stdout and stderr (Python's and C's, unbuffered, so they interleave in
    order) into the capture files, a fatal-error traceback to stderr, the memory limit, and
    (last) its confinement to writing ``folder`` (`execdocs.sandbox`), where TMPDIR points."""
    global _confined, _protections
    os.setsid()
    processes.subreaper()
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
        LIBC.setvbuf(ctypes.c_void_p.in_dll(LIBC, "stdout"), None, 2, 0)  # _IONBF
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
