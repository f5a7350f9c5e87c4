"""The warm parent every block forks from, kept for the life of this process.

It is the one thing the engine keeps between builds, and on purpose: `mkdocs serve` makes a new
plugin (and a new `execdocs.engine.Build`) for every rebuild, and a warm parent that lived only
as long as one of them would make every edit pay torch's start-up again. It is restarted when
a helper module changes (it holds the helpers imported) or when the build asks for another
number of workers, other preloaded modules or another numerics mode.
"""

from __future__ import annotations

import atexit
from collections.abc import Mapping

from execdocs import runner
from execdocs.cache import digest
from execdocs.closure import package_dir

_parent: runner.Pool | None = None
_stamp = ""


def helper_stamp(helpers: tuple[str, ...]) -> str:
    """Changes whenever a helper file changes."""
    roots = [package_dir(name) for name in helpers]
    files = sorted(p for root in roots if root for p in root.rglob("*.py"))
    return digest([(p.as_posix(), p.stat().st_mtime_ns, p.stat().st_size) for p in files])


def warm_parent(
    workers: int, preload: tuple[str, ...], numerics: Mapping[str, str], stamp: str
) -> runner.Pool:
    """The running warm parent, started (or restarted) to match what the build asks."""
    global _parent, _stamp
    wanted = (workers, preload, dict(numerics))
    if _parent is not None and (
        not _parent.alive
        or _stamp != stamp
        or (_parent.workers, _parent.preload, _parent.numerics) != wanted
    ):
        _parent.close()
        _parent = None
    if _parent is None:
        # the build renders between waits: it keeps a CPU (lane)
        _parent = runner.Pool(workers, preload, numerics=numerics, lane=True)
        _stamp = stamp
    return _parent


def close() -> None:
    """Stop the warm parent and its children (at the end of `mkdocs serve` and at exit)."""
    global _parent
    if _parent is not None:
        _parent.close()
        _parent = None


atexit.register(close)
