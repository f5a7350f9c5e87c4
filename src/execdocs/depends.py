"""The files a page is made from: every file opened for reading while it renders, and every
file a memo stands for (a memo that skips the read names the file with `note`)."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

_reading: list[set[str]] = []
"""The sets being filled, innermost last (empty: nothing is recorded)."""

_WRITES = os.O_WRONLY | os.O_RDWR | os.O_APPEND | os.O_CREAT
_hooked = False


def note(path: str | os.PathLike[str]) -> None:
    """Count ``path`` among the inputs of whatever is being recorded (if anything is)."""
    if _reading:
        _reading[-1].add(os.path.abspath(os.fspath(path)))


def _audit(event: str, args: tuple) -> None:
    if event != "open" or not _reading:
        return
    path, mode, flags = args
    if not isinstance(path, str | bytes | os.PathLike):
        return  # a file descriptor: nothing to name
    if mode is None:
        if flags & _WRITES:  # os.open for writing
            return
    elif any(c in mode for c in "wax+"):
        return
    note(os.fsdecode(path))


def start() -> set[str]:
    """Record, into the set returned, the absolute path of every file this process opens for
    reading (any thread) or `note`s, until `stop`. The innermost recording gets each path."""
    global _hooked
    if not _hooked:
        sys.addaudithook(_audit)  # for the life of the process: audit hooks cannot be removed
        _hooked = True
    found: set[str] = set()
    _reading.append(found)
    return found


def stop(found: set[str]) -> set[str]:
    """End the recording `start` returned ``found`` for; returns it."""
    if any(found is recording for recording in _reading):
        _reading[:] = [recording for recording in _reading if recording is not found]
    return found


@contextmanager
def reading() -> Iterator[set[str]]:
    """`start` and `stop` around a block: the set it yields holds what the block read."""
    found = start()
    try:
        yield found
    finally:
        stop(found)
