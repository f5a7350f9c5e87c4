"""One block from the parent's side: fork it, kill it past its deadline, reap it, read its end.

`launch` forks the block's process; `Running.finish` reaps it and everything it left and reads
what it did into an `Outcome`, however it ended: its own report, or a crash, an exit or a kill
said from its exit status and stderr. `run` does all of it for one job and waits."""

from __future__ import annotations

import contextlib
import os
import pickle
import re
import selectors
import shutil
import signal
import tempfile
import time
import traceback
from collections.abc import Iterable
from dataclasses import dataclass

from execdocs import block, processes
from execdocs.jobs import Job, Kind, Outcome, Problem

GRACE = 1.0
"""Seconds past its time limit before a block that ignores the timeout signal is killed."""


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
        processes.kill_tree(self.pid)  # however they detached, its processes are still below it
        processes.kill_group(self.pid)

    def finish(self) -> Outcome:
        """Reap the child (and anything it left in its process group) and say what it did."""
        _, status = os.waitpid(self.pid, 0)
        processes.kill_group(self.pid)
        processes.kill_orphans()
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
            block.setup(job, os.dup(files[0]), os.dup(files[1]), folder)
            with os.fdopen(files[2], "wb", closefd=False) as result:
                block.run_here(job, result, data_home)
            processes.kill_tree(os.getpid())  # (reported by block.run_here as LeftRunning)
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
