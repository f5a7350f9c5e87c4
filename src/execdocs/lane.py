"""The warm parent's loop: jobs in, a child forked for each up to the workers, outcomes out.

Requests and replies are length-prefixed pickles (`frame`, `Frames`) on the warm parent's stdin
and stdout. `serve` starts jobs in the order they came, except the one the caller waits for:
the caller keeps a CPU while it works and lends it to that job while it waits (the lane).
"""

from __future__ import annotations

import os
import pickle
import selectors
import struct
import time
from typing import Any

from execdocs import processes
from execdocs.fork import Running, launch
from execdocs.jobs import Job


def frame(obj: Any) -> bytes:
    blob = pickle.dumps(obj)
    return struct.pack("!Q", len(blob)) + blob


def write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


class Frames:
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
    processes.become_reaper()  # what a dead block left running is reparented here, and killed
    os.set_blocking(requests, False)
    frames = Frames()
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
            processes.blocks.add(child.pid)
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
            processes.blocks.discard(child.pid)
            outcome = child.finish()
            if open_:
                write_all(replies, frame((rid, outcome)))
            if rid == waited:
                waited = None
        now = time.monotonic()
        for _, child in running.values():
            if child.deadline <= now and not child.killed:
                child.kill()
