"""Every executed block in a process of its own, forked from a warm parent: the way in.

One function runs code: `execdocs.block.run_here`, in a child process forked for that one block.
The child starts from exactly the parent's state (torch imported, one optimizer step taken,
helpers loaded), so nothing one block does (``torch.set_default_dtype``, print options, warnings
filters, matplotlib rcParams, ``sys.modules``, the working directory, the environment) can reach
another, and a block's output is a function of its code alone. Everything the block writes is
caught at the file-descriptor level (``print``, ``sys.stdout.write``, C extensions), its warnings
are recorded one by one, and however it ends (an exception, ``sys.exit``, ``os._exit(0)``, a
segfault, an abort, a memory blow-up, a thread or process left running, code stuck in C past
its time limit, an attempt to reach another machine: see `execdocs.offline`) the parent gets
an `Outcome` that says so; the child is killed with its whole process group afterwards.

Two ways to use it:

* `run` forks from the calling process and waits (question proofs, tests, the snippet tests);
* `Pool` starts a *warm parent* (``python -m execdocs.runner``, `main`) that imports torch once,
  takes one optimizer step, and then forks a child per submitted `Job`, several at once (the
  build and `mkdocs serve`; the warm parent outlives rebuilds).

Numerics: the warm parent sets the site's numerics mode (``--numerics``) before it imports
anything, and every run checks it is under the mode its `Job` names (`execdocs.numerics`): a
process that ran torch without it gets a ``Numerics`` failure instead of CPU-dependent numbers.

The pieces, one job each (this module re-exports what the rest of the engine uses):

    jobs       what a block is asked to run and what running it did (`Job`, `Outcome`, `Kind`)
    warm       what the warm parent does once before it forks (`warm`, `huge_pages`)
    lane       the warm parent's loop: jobs in, children forked, outcomes out (`serve`)
    fork       one block from the parent's side: fork, deadline, reap, read (`launch`, `run`)
    block      inside the block's process: set-up, the code run, how it ended (`run_here`)
    processes  what a block left running, found and killed
"""

from __future__ import annotations

import argparse
import contextlib
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterable
from concurrent.futures import Future

from execdocs import block, numerics, processes
from execdocs.block import inherited_numerics, inherited_prelude
from execdocs.fork import run
from execdocs.jobs import DEFAULT_MEMORY, GIB, Job, Kind, Outcome, Problem
from execdocs.lane import WAIT, Frames, frame, serve
from execdocs.warm import ONE_THREAD, huge_pages, warm

__all__ = [
    "DEFAULT_MEMORY",
    "GIB",
    "ONE_THREAD",
    "Job",
    "Kind",
    "Outcome",
    "Pool",
    "Problem",
    "huge_pages",
    "inherited_numerics",
    "inherited_prelude",
    "main",
    "run",
    "warm",
]

_state = processes.state  # a process's state letter, which tests/test_runner.py reads


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
        on the CPU the caller leaves while it waits (see `execdocs.lane.serve`)."""
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
            self._proc.stdin.write(frame(request))
            self._proc.stdin.flush()
        except (BrokenPipeError, OSError):
            self._fail_all("the warm parent process stopped")

    @property
    def alive(self) -> bool:
        return self._proc.poll() is None

    def _read_replies(self) -> None:
        stream = self._proc.stdout
        assert stream is not None
        frames = Frames()
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
    if args.unconfined:
        block.run_unconfined()
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
    # run as `execdocs.runner`, not `__main__`, so no class of this module exists twice
    from execdocs.runner import main as _main

    _main()
