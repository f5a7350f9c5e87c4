"""The processes a block leaves behind: found below the process that started them, and killed.

A block's process and the warm parent are both *subreapers* (`subreaper`): whatever a block
starts stays below one of them however it detaches (a double fork, ``setsid``), so a walk of
``/proc`` finds it (`descendants`) and `kill_tree` ends it. The warm parent also kills what a
block that died left reparented to it (`kill_orphans`).
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
from pathlib import Path

LIBC = ctypes.CDLL(None)
"""The C library this process runs (``prctl``, ``fflush``, ``madvise``)."""

_PR_SET_CHILD_SUBREAPER = 36


def subreaper() -> None:
    """Make this process the parent of every orphan below it (Linux ``PR_SET_CHILD_SUBREAPER``)."""
    LIBC.prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def descendants(pid: int, depth: int = 0) -> list[int]:
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


def command(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode().strip()[:60]
    except OSError:
        return "?"


def kill_tree(pid: int) -> None:
    """Kill every process below ``pid``: stop them first, so none forks past the walk."""
    for _ in range(20):
        below = descendants(pid)
        if not below:
            return
        for sig in (signal.SIGSTOP, signal.SIGKILL):
            for child in below:
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.kill(child, sig)
        for child in below:  # reap ours (a grandchild is reaped by its own parent, or us)
            with contextlib.suppress(ChildProcessError, OSError):
                os.waitpid(child, os.WNOHANG)


def state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return ""


_reaping = False  # this process is a subreaper of the blocks it forks (the warm parent)
blocks: set[int] = set()  # the block processes it runs now


def become_reaper() -> None:
    """Make this process (a warm parent) the subreaper of the blocks it forks: what a dead
    block left running is reparented here, and `kill_orphans` kills it."""
    global _reaping
    _reaping = True
    subreaper()


def kill_orphans() -> None:
    """In a warm parent: kill and reap every child that is not a running block, the processes
    of a block that died before it could end them (they were reparented here)."""
    if not _reaping:
        return
    for pid in descendants(os.getpid(), depth=1):
        if pid not in blocks:
            kill_tree(pid)
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError, OSError):
                os.waitpid(pid, 0)


def kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)
