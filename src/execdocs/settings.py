"""One place for the engine's settings: the plugin's options from `mkdocs.yml`, then the
environment variables that override them for one build.

* ``timeout``, ``memory``: a block's limits (a fence may override them);
* ``workers`` or ``LRLAB_WORKERS``: blocks run at once;
* ``cache_dir`` or ``LRLAB_CACHE_DIR``; ``LRLAB_CACHE=on|off|refresh``;
* ``LRLAB_EXECUTE=off``: run nothing (a bare build, for ``make bench``);
* ``LRLAB_SHARD=i/n``: run only the blocks of shard i of n;
* ``LRLAB_OUTPUTS``: where the build writes its outputs manifest (`execdocs.outputs`; by
  default ``outputs.json`` in the cache folder, none when the cache is off);
* ``LRLAB_ORDER=reverse``: submit the last page's blocks first (order must not matter);
* ``strict_sandbox`` or ``LRLAB_STRICT_SANDBOX=1``: fail the build where the kernel cannot
  confine a block's file writes (`execdocs.sandbox`) instead of warning (CI sets it).

``numerics`` (environment variables every process that runs a block has before it imports
torch, see `execdocs.numerics`) has no override: a build is pinned or it is not the site's.

The option docstrings are in `execdocs.options.ExecDocsConfig`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from execdocs.outputs import MANIFEST
from execdocs.runner import DEFAULT_MEMORY

_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([KMGT]?)i?B?\s*$", re.I)


class SettingError(ValueError):
    """An option or environment variable with a value the engine cannot use."""


def parse_size(text: str) -> int:
    """``"4G"``, ``"512M"``, ``"2GiB"`` or a number of bytes; ``"0"`` means no limit."""
    match = _SIZE.match(text)
    if not match:
        raise SettingError(f'memory must be a size such as "4G" or "512M", got {text!r}')
    power = " KMGT".index((match[2] or " ").upper())
    return int(float(match[1]) * 1024**power)


def parse_shard(text: str) -> tuple[int, int] | None:
    """``LRLAB_SHARD="i/n"``: this build runs only the blocks of shard i (from 0) of n."""
    if not text:
        return None
    match = re.fullmatch(r"(\d+)/(\d+)", text.strip())
    if not match or not int(match[1]) < int(match[2]):
        raise SettingError(f"LRLAB_SHARD must be i/n with 0 <= i < n, got {text!r}")
    return int(match[1]), int(match[2])


def parse_balance(option: Mapping[str, Any]) -> tuple[float, float, int] | None:
    """``answer_balance: {least: 0.1, most: 0.4, questions: 8}``: the share of a lesson's
    questions each keyed letter may have, checked in a lesson of at least ``questions``
    questions (8 if not given: in fewer, one question moves a letter's share by more than the
    bounds allow; a page that shows one example question is not a lesson); ``{}`` checks
    nothing."""
    if not option:
        return None
    unknown = set(option) - {"least", "most", "questions"}
    try:
        least, most = float(option["least"]), float(option["most"])
        fewest = int(option.get("questions", 8))
    except (KeyError, TypeError, ValueError):
        unknown = {"?"}
    if unknown:
        raise SettingError(
            "answer_balance must be {least: <share>, most: <share>, questions: <count>}, "
            f"got {option!r}"
        )
    if not 0 <= least <= most <= 1 or fewest < 1:
        raise SettingError(
            f"answer_balance needs 0 <= least <= most <= 1 and questions >= 1, got {option!r}"
        )
    return least, most, fewest


@dataclass(frozen=True)
class Settings:
    """What one build runs with. Made once per configuration (`from_options`), never changed."""

    timeout: float = 6.0
    memory: int = DEFAULT_MEMORY  # bytes a block may allocate (memory="8G" on a fence)
    cache_dir: Path | None = None
    outputs: Path | None = None  # the outputs manifest a full build writes (execdocs.outputs)
    refresh: bool = False  # run every block even when a cache entry exists (and re-store it)
    execute: bool = True  # False: a bare build that renders the code and runs nothing (bench)
    snippets_dir: Path = Path("snippets")
    workers: int = os.cpu_count() or 1  # children running at once
    preload: tuple[str, ...] = ()  # modules the warm parent imports before it forks
    shard: tuple[int, int] | None = None  # (i, n): run only the blocks of shard i of n
    reverse: bool = False  # submit blocks in reverse page order (to prove order is irrelevant)
    root: Path = field(default_factory=Path.cwd)  # the project: paths in messages are under it
    helpers: tuple[str, ...] = ()  # packages whose sources key the blocks that import them
    prelude: str = ""  # code run before every block, untimed (seeding)
    key_env: Mapping[str, str] = field(default_factory=dict)  # env variables in every key
    seed_env: str = ""  # the key_env variable holding the seed (a question's seeds: set it)
    key_packages: tuple[str, ...] = ()  # package versions in every key
    provenance: str = ""  # the note under each output, filled in from the key values
    numerics: Mapping[str, str] = field(default_factory=dict)  # env set before torch (pinned)
    # (least, most) share of each keyed letter, checked in lessons of at least `questions`
    answer_balance: tuple[float, float, int] | None = None
    strict_sandbox: bool = False  # no kernel confinement of file writes is an error

    @classmethod
    def from_options(
        cls,
        options: Mapping[str, Any],
        root: Path,
        snippets: str,
        environ: Mapping[str, str] = os.environ,
    ) -> Settings:
        """The settings of a build of the project in ``root``: the plugin's ``options``, the
        snippets extension's base path, and the environment overrides (see the module)."""
        mode = environ.get("LRLAB_CACHE", "on").lower()
        if mode not in ("on", "off", "refresh"):
            raise SettingError(f"LRLAB_CACHE must be on, off or refresh, got {mode!r}")
        raw_workers = environ.get("LRLAB_WORKERS") or str(options.get("workers") or 0)
        try:
            workers = int(raw_workers)
        except ValueError:
            raise SettingError(f"LRLAB_WORKERS must be a number, got {raw_workers!r}") from None
        cache_dir = Path(environ.get("LRLAB_CACHE_DIR") or root / options["cache_dir"])
        manifest = environ.get("LRLAB_OUTPUTS") or ("" if mode == "off" else cache_dir / MANIFEST)
        return cls(
            timeout=float(options["timeout"]),
            memory=parse_size(str(options["memory"])),
            cache_dir=None if mode == "off" else cache_dir,
            outputs=Path(manifest) if manifest else None,
            refresh=mode == "refresh",
            execute=environ.get("LRLAB_EXECUTE", "on").lower() != "off",
            snippets_dir=Path(os.path.relpath(root / snippets)),
            workers=workers if workers > 0 else os.cpu_count() or 1,
            preload=tuple(options.get("preload", ())),
            shard=parse_shard(environ.get("LRLAB_SHARD", "")),
            reverse=environ.get("LRLAB_ORDER", "") == "reverse",
            root=root,
            helpers=tuple(options.get("helpers", ())),
            prelude=options.get("prelude", ""),
            key_env={str(k): str(v) for k, v in options.get("key_env", {}).items()},
            seed_env=str(options.get("seed_env", "")),
            key_packages=tuple(options.get("key_packages", ())),
            provenance=options.get("provenance", ""),
            numerics={str(k): str(v) for k, v in options.get("numerics", {}).items()},
            answer_balance=parse_balance(options.get("answer_balance") or {}),
            strict_sandbox=bool(options.get("strict_sandbox"))
            or environ.get("LRLAB_STRICT_SANDBOX", "") not in ("", "0"),
        )
