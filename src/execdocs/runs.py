"""What the build and a fence's formatter share: run options, records, and `FenceBuild`.

`RunOptions` says how a fence's code runs, `Records` what a build has done so far, and
`FenceBuild` what a formatter may ask of the build.

The engine (`execdocs.engine.Build`) implements `FenceBuild` and calls the ``question`` fence
(`execdocs.question_fence`) with itself; the fence knows the build only through this module, so
imports run one way: engine -> question_fence -> runs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from execdocs import depends
from execdocs.failures import Failure
from execdocs.fences import PlacedFence
from execdocs.report import BlockRun
from execdocs.runner import DEFAULT_MEMORY
from execdocs.settings import SettingError, Settings, parse_size


@dataclass(frozen=True)
class RunOptions:
    """A fence's options that govern its run (read alike from the fence and the pre-scan)."""

    timeout: float
    raises: str = ""
    memory: int = DEFAULT_MEMORY
    record: bool = False  # an exception is a result to keep (question options), not a failure
    reads: tuple[tuple[str, str], ...] = ()  # (file under the project, its digest) of reads=

    @classmethod
    def parse(
        cls, options: dict[str, str], settings: Settings, file_hash: Callable[[Path], str]
    ) -> RunOptions:
        """Raises ``ValueError`` with a message for the author on a bad value. ``file_hash`` is
        the build's (`execdocs.cache.Keys.file_hash`), so a declared file is read once a build."""
        raw = options.get("timeout")
        try:
            timeout = float(raw) if raw is not None else settings.timeout
        except ValueError:
            raise SettingError(f"timeout must be a number of seconds, got {raw!r}") from None
        memory = parse_size(options["memory"]) if "memory" in options else settings.memory
        reads = read_files(options["reads"], settings.root, file_hash) if "reads" in options else ()
        return cls(timeout, options.get("raises", ""), memory, reads=reads)

    @property
    def key(self) -> dict[str, Any]:
        """What joins the cache key (the memory limit only decides whether a run may finish)."""
        key = {"raises": self.raises, "timeout": self.timeout, "record": self.record}
        if self.reads:
            key["reads"] = self.reads
        return key


def read_files(
    patterns: str, root: Path, file_hash: Callable[[Path], str]
) -> tuple[tuple[str, str], ...]:
    """The files a block says it reads (``reads="docs/atlas/*.md"``: globs under the project,
    separated by commas), each with a digest of its content, so that the block's cache key
    changes with them (a key covers a block's code and helpers, not the files it opens). Each
    file counts among its page's inputs (`execdocs.depends`). Raises `SettingError` for a
    pattern that matches no file."""
    found: dict[str, str] = {}
    for pattern in (p.strip() for p in patterns.split(",")):
        matched = sorted(path for path in root.glob(pattern) if path.is_file()) if pattern else []
        if not matched:
            raise SettingError(f"reads={patterns!r}: {pattern!r} matches no file under {root}")
        for path in matched:
            depends.note(path)
            found[path.relative_to(root).as_posix()] = file_hash(path)
    return tuple(sorted(found.items()))


@dataclass
class Records:
    """What a build has done so far, for the report and the failure list."""

    page: str = "<no page>"  # the page being rendered
    fences: dict[tuple[str, int], PlacedFence] = field(default_factory=dict)
    failures: list[Failure] = field(default_factory=list)
    runs: list[BlockRun] = field(default_factory=list)
    notebooks: list[BlockRun] = field(default_factory=list)  # one row per generated notebook
    executed: int = 0  # blocks this build ran (the others reused a run)
    question_ids: dict[str, str] = field(default_factory=dict)  # question id -> its file
    # section -> {question file: (keyed letter, number of options)}, for the balance check
    keyed: dict[str, dict[str, tuple[str, int]]] = field(default_factory=dict)
    # (where the question is included, its block, its file, its teaches): checked once the
    # pages are built, against their headings' anchors
    teaches: list[tuple[str, str, str, str]] = field(default_factory=list)
    # every block and question as shown, for the outputs manifest (`execdocs.outputs.shown`)
    shown: list[dict[str, Any]] = field(default_factory=list)


class FenceBuild(Protocol):
    """What a fence's formatter uses of the build running it (`execdocs.engine.Build`)."""

    settings: Settings
    records: Records

    def submit(self, code: str, block: str, run: RunOptions) -> str: ...

    def run_cached(
        self, code: str, block: str, fence: PlacedFence | None, run: RunOptions
    ) -> tuple[dict[str, Any], bool, str]: ...

    def cost(self, key: str, entry: dict[str, Any]) -> tuple[str, float, bool]: ...

    def record(self, failure: Failure) -> None: ...

    def provenance(self, seconds: float, cached: bool) -> str: ...
