"""The content-addressed cache of block outputs, and the key that makes it never stale.

A block's key (`Keys.key`) is a digest of everything that can change its output: its code and
run options, the source of every helper module the code can import (`execdocs.closure`), the
code run before every block, the environment variables and package versions the site lists
(``key_env:``, ``key_packages:``), the platform (Python's minor version, the machine
architecture, the numerics mode: `execdocs.numerics.platform_key`) and the engine's own source.
Nothing else: an entry stored under Python 3.11.7 is reused under 3.11.9, and one stored on an
x86-64 machine is never served on an aarch64 one, or under another numerics mode. An entry is
a JSON file named by its key (`Cache`), written atomically, so caches from several machines
merge by copying files (`execdocs.shards`).
"""

from __future__ import annotations

import hashlib
import json
import os
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from execdocs import numerics
from execdocs.closure import ENGINE_DIR, HelperClosure
from execdocs.settings import Settings

ENTRY_SOURCES = (
    "runner.py",  # and the modules of a run, which it imports:
    "jobs.py",
    "warm.py",
    "lane.py",
    "fork.py",
    "block.py",
    "processes.py",
    "offline.py",
    "engine.py",
    "runs.py",
    "cache.py",
    "numerics.py",
)
"""The engine modules that decide what an entry records (its output, stderr, warnings, time):
an edit to one re-runs every block."""


def digest(value: Any) -> str:
    """The SHA-256 of ``value`` as canonical JSON (see `stable` for what is not JSON)."""
    blob = json.dumps(value, sort_keys=True, default=stable).encode()
    return hashlib.sha256(blob).hexdigest()


def stable(value: Any) -> str:
    """A JSON fallback that names functions and classes (a memory address would change every
    build; anything else without a stable repr only costs a re-run, never a stale one)."""
    name = getattr(value, "__qualname__", None)
    return f"{getattr(value, '__module__', '')}.{name}" if name else repr(value)


class Cache:
    """Entries on disk, one JSON file per key; ``folder=None`` keeps nothing."""

    def __init__(self, folder: Path | None, refresh: bool = False) -> None:
        self.folder = folder
        self.refresh = refresh  # never read an entry, but store every new one

    def _path(self, key: str) -> Path | None:
        return None if self.folder is None else self.folder / key[:2] / f"{key}.json"

    def get(self, key: str) -> dict[str, Any] | None:
        path = self._path(key)
        if path is None or self.refresh or not path.is_file():
            return None
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            return None  # a torn entry is simply re-run and overwritten
        return entry if isinstance(entry, dict) and "output" in entry else None

    def put(self, key: str, entry: dict[str, Any]) -> None:
        path = self._path(key)
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(entry, sort_keys=True), encoding="utf-8")
        tmp.replace(path)  # atomic: a reader never sees half an entry


class Keys:
    """Cache keys for one build: sources are hashed and the site's values read once."""

    def __init__(self, settings: Settings, closure: HelperClosure) -> None:
        self.settings = settings
        self.closure = closure
        self._hashes: dict[Path, str] = {}
        self._values: dict[str, str] | None = None

    def file_hash(self, path: Path) -> str:
        known = self._hashes.get(path)
        if known is None:
            known = self._hashes[path] = hashlib.sha256(path.read_bytes()).hexdigest()
        return known

    def values(self) -> dict[str, str]:
        """What the site says every output depends on besides its code: the environment
        variables (``key_env:``, with their defaults) and package versions (``key_packages:``)."""
        if self._values is None:
            env = self.settings.key_env
            values = {name: os.environ.get(name, default) for name, default in env.items()}
            for package in self.settings.key_packages:
                try:
                    values[package] = version(package)
                except PackageNotFoundError:
                    values[package] = "not installed"
            self._values = values
        return self._values

    def key(self, code: str, options: dict[str, Any]) -> str:
        """A digest of everything that can change a block's output."""
        closure = self.closure
        parts = {
            "engine_source": [self.file_hash(ENGINE_DIR / name) for name in ENTRY_SOURCES],
            "code": code,
            "options": {k: repr(v) for k, v in sorted(options.items())},
            "helpers": {closure.source_name(p): self.file_hash(p) for p in closure.files(code)},
            "prelude": self.settings.prelude,
            "site": self.values(),
            "platform": numerics.platform_key(self.settings.numerics),
        }
        return digest(parts)

    def in_shard(self, key: str) -> bool:
        """Whether this build runs the block of ``key`` (always, unless ``LRLAB_SHARD`` is set)."""
        if self.settings.shard is None:
            return True
        index, count = self.settings.shard
        return int(key[:12], 16) % count == index
