"""The execution engine behind every ```python exec="1"``` block of the site.

markdown-exec parses each block's options and renders its output; this module supplies the part
that runs the code, and adds what stock markdown-exec lacks:

* every block runs in a process of its own, forked from a warm parent (`execdocs.runner`), several
  at once; the plugin submits every page's blocks before rendering starts (`submit`), and a
  page waits only for its own (`run_cached`);
* every failure (exception, syntax error, ``SystemExit``, ``os._exit``, a crash, timeout, the
  memory limit, a thread or process left running, missing include, empty output, an expected
  exception or warning that never came, a warning nobody declared) is recorded with the fence's
  ``docs/<page>.md:<line>``, the block id and the line inside the snippet file, and rendered as a
  short notice (never a traceback); `execdocs.plugin` lists them all and fails the build;
* per-block limits (``timeout="20"``, ``memory="8G"`` on the fence override the defaults);
* what a block writes to stderr, and the warnings it declares (``warns="UserWarning"``), shown
  under its output as Jupyter shows them;
* a cache keyed on everything that can change the output (code, options, the source of every
  ``lrlab`` module the code can import, torch version, site seed), so it is never stale; the
  HTML an output renders to is kept with it, keyed on everything that rendering reads;
* a provenance note under each shown output, and a record of every block for the build report.

Blocks may declare ``raises="ValueError"`` to teach an error: they then must raise it, and the
page shows what was printed followed by the exception's last line.
"""

from __future__ import annotations

import ast
import atexit
import hashlib
import html
import json
import os
import re
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markdown_exec import base_format
from markdown_exec import validator as _markdown_exec_validator

from execdocs import runner

ENGINE_DIR = Path(__file__).resolve().parent
"""This package's folder: its sources are in every key; its question modules, which blocks
import, are followed like helpers."""


@dataclass(frozen=True)
class PlacedFence:
    """Where an executed fence sits in the Markdown source, and what its body included."""

    page: str  # e.g. "docs/concept.md"
    line: int  # 1-based line of the opening fence
    origins: tuple[tuple[str, int], ...]  # per line of the expanded code: (file, line in file)

    @property
    def location(self) -> str:
        return f"{self.page}:{self.line}"


@dataclass(frozen=True)
class Failure:
    """One block (or include) that failed, with everything needed to find it."""

    location: str
    block: str
    kind: str
    message: str
    code_line: str = ""

    def describe(self) -> str:
        where = f" at {self.code_line}" if self.code_line else ""
        return f"{self.location} [{self.block}] {self.kind}{where}: {self.message}"


@dataclass(frozen=True)
class BlockRun:
    """What the build report shows for one executed block."""

    location: str
    block: str
    seconds: float
    cached: bool
    ok: bool
    stderr: str = ""  # what it wrote to stderr or warned, in a few words ("1 warning")


@dataclass
class Settings:
    """Engine settings, filled in by the MkDocs plugin from `mkdocs.yml` and the environment."""

    timeout: float = 6.0
    memory: int = runner.DEFAULT_MEMORY  # bytes a block may allocate (memory="8G" on a fence)
    cache_dir: Path | None = None
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
    key_env: dict[str, str] = field(default_factory=dict)  # env variables in every key
    key_packages: tuple[str, ...] = ()  # package versions in every key
    provenance: str = ""  # the note under each output, filled in from the key values


@dataclass
class BuildState:
    """What the current build has done so far. Reset at the start of every build."""

    page: str = "<no page>"
    fences: dict[tuple[str, int], PlacedFence] = field(default_factory=dict)
    failures: list[Failure] = field(default_factory=list)
    runs: list[BlockRun] = field(default_factory=list)
    notebooks: list[BlockRun] = field(default_factory=list)  # one row per generated notebook
    outputs: dict[str, dict[str, Any]] = field(default_factory=dict)  # key -> entry, this build
    pending: dict[str, Future[runner.Outcome]] = field(default_factory=dict)  # key -> its run
    failed: dict[str, runner.Outcome] = field(default_factory=dict)  # key -> the failed run
    reused: set[str] = field(default_factory=set)  # keys whose entry came from the cache
    executed: int = 0
    source_hashes: dict[Path, str] = field(default_factory=dict)
    module_imports: dict[str, set[str]] = field(default_factory=dict)
    module_files: dict[str, Path | None] = field(default_factory=dict)
    closures: dict[str, list[Path]] = field(default_factory=dict)  # code -> its lrlab sources
    render_setup: str = ""  # see render_setup()
    key_values: dict[str, str] = field(default_factory=dict)  # see key_values()
    question_ids: dict[str, str] = field(default_factory=dict)  # question id -> its file
    helper_stamp: str = ""  # see _helper_stamp()


settings = Settings()
state = BuildState()


def new_build() -> None:
    """Forget the previous build's records and make edited helpers importable afresh."""
    global state
    state = BuildState()
    purge_helper_modules()


def purge_helper_modules() -> list[str]:
    """Drop the helper packages' modules from ``sys.modules``, so the next import of one in
    this process reads its current source (what `mkdocs serve` needs)."""
    names = [name for name in sys.modules if name.split(".")[0] in settings.helpers]
    for name in names:
        del sys.modules[name]
    return names


# --------------------------------------------------------------------------- fence registry

MISSING_INCLUDE = "# lrlab: missing snippet"
"""What the plugin writes in place of an include whose file does not exist."""

_INCLUDE_RE = re.compile(r"^\s*-{1,}8<-{1,}\s+(['\"]?)([^'\"\s]+)\1\s*$")


def include_path(line: str) -> str | None:
    """The path of a single-line ``--8<-- "file"`` include, or None for any other line."""
    match = _INCLUDE_RE.match(line)
    return match.group(2) if match else None


def register_fence(page: str, line: int, body: list[str]) -> None:
    """Remember a fence's place and how its body expands, so errors map to snippet lines."""
    origins: list[tuple[str, int]] = []
    for offset, text in enumerate(body, start=1):
        included = include_path(text)
        path = settings.snippets_dir / included if included else None
        if path is not None and path.is_file():
            count = len(path.read_text(encoding="utf-8").splitlines())
            origins += [
                (f"{settings.snippets_dir.as_posix()}/{included}", n) for n in range(1, count + 1)
            ]
        else:
            origins.append((page, line + offset))
    state.fences[(page, line)] = PlacedFence(page, line, tuple(origins))


def expand(body: list[str]) -> str | None:
    """A fence body with its whole-file includes expanded, as the snippets extension will hand
    it to the formatter (None if an include is missing: the page reports that)."""
    lines: list[str] = []
    for text in body:
        included = include_path(text)
        if included is None:
            lines.append(text)
            continue
        path = settings.snippets_dir / included
        if not path.is_file():
            return None
        indent = text[: len(text) - len(text.lstrip())]
        lines += [indent + line if line else line for line in path.read_text("utf-8").split("\n")]
    return "\n".join(lines)


def default_block_id(fence: PlacedFence | None, line: int) -> str:
    """A block's id when its fence gives none: the snippet it includes (``lesson/concept/x``),
    or its line on the page for code written in the page."""
    files = {source for source, _ in fence.origins} if fence else set()
    prefix = f"{settings.snippets_dir.as_posix()}/"
    if len(files) == 1 and (only := next(iter(files))).startswith(prefix):
        return only.removeprefix(prefix).removesuffix(".py")
    return f"line {line}"


def record_failure(failure: Failure) -> None:
    state.failures.append(failure)


# --------------------------------------------------------------------------- cache key


def package_dir(name: str) -> Path | None:
    """The folder of a top-level package, found without importing it."""
    if name == ENGINE_DIR.name:
        return ENGINE_DIR
    from importlib.util import find_spec

    try:
        spec = find_spec(name)
    except (ImportError, ValueError):
        return None
    locations = list(spec.submodule_search_locations or []) if spec else []
    return Path(locations[0]).resolve() if locations else None


def _followed(name: str) -> bool:
    """Whether the cache key follows imports into a top-level package: the helper packages
    (`helpers:`), and this engine, whose question modules blocks import."""
    return name in settings.helpers or name == ENGINE_DIR.name


def _module_file(module: str) -> Path | None:
    """The source file of a helper module (looked up once per build), or None."""
    if module in state.module_files:
        return state.module_files[module]
    parts = module.split(".")
    found = None
    root = package_dir(parts[0]) if _followed(parts[0]) else None
    if root is not None:
        base = root.joinpath(*parts[1:])
        found = next(
            (c for c in (base / "__init__.py", base.with_suffix(".py")) if c.is_file()), None
        )
    state.module_files[module] = found
    return found


def _statements(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Every statement, however nested in blocks (imports are statements, never expressions,
    so this finds them all while skipping the expression trees that make up most nodes)."""
    for node in body:
        yield node
        for name in ("body", "orelse", "finalbody"):
            inner = getattr(node, name, None)
            if isinstance(inner, list):
                yield from _statements(inner)
        for part in (*getattr(node, "handlers", ()), *getattr(node, "cases", ())):
            yield from _statements(part.body)


def _imported_helper_modules(tree: ast.Module, current: str | None = None) -> set[str]:
    found: set[str] = set()
    for node in _statements(tree.body):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level and current:
                package = current.split(".")[: -node.level] if node.level else []
                base = ".".join([*package, base] if base else package)
            names = [base] + [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        for name in names:
            parts = name.split(".")
            # importing lrlab.x.y runs lrlab/__init__ and lrlab/x/__init__ too
            found.update(".".join(parts[:i]) for i in range(1, len(parts) + 1))
    return {name for name in found if _followed(name.split(".")[0])}


def _module_imports(name: str, path: Path) -> set[str]:
    """The helper modules one helper module imports (parsed once per build)."""
    known = state.module_imports.get(name)
    if known is None:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        current = name + ".__init__" if path.name == "__init__.py" else name
        known = state.module_imports[name] = _imported_helper_modules(tree, current)
    return known


def helper_closure(code: str) -> list[Path]:
    """Source files of every helper module ``code`` can import, directly or through other
    helper modules. If the code does not parse, every helper module counts (nothing is
    missed)."""
    if not any(name in code for name in (*settings.helpers, ENGINE_DIR.name)):
        return []  # nothing to import from: skip parsing (most of a warm build's blocks)
    known = state.closures.get(code)
    if known is not None:
        return known
    try:
        tree = ast.parse(code)
    except SyntaxError:
        roots = [package_dir(name) for name in (*settings.helpers, ENGINE_DIR.name)]
        return sorted(p for root in roots if root for p in root.rglob("*.py"))
    seen: dict[str, Path] = {}
    todo = sorted(_imported_helper_modules(tree))
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        path = _module_file(name)
        if path is None:
            continue
        seen[name] = path
        todo += sorted(_module_imports(name, path) - seen.keys())
    closure = state.closures[code] = sorted(set(seen.values()))
    return closure


def _file_hash(path: Path) -> str:
    known = state.source_hashes.get(path)
    if known is None:
        known = hashlib.sha256(path.read_bytes()).hexdigest()
        state.source_hashes[path] = known
    return known


def key_values() -> dict[str, str]:
    """What the site says every output depends on besides its code: the environment variables
    (`key_env:`, with their defaults) and package versions (`key_packages:`) it lists."""
    from importlib.metadata import PackageNotFoundError, version

    values = {name: os.environ.get(name, default) for name, default in settings.key_env.items()}
    for package in settings.key_packages:
        try:
            values[package] = version(package)
        except PackageNotFoundError:
            values[package] = "not installed"
    return values


def build_key_values() -> dict[str, str]:
    """`key_values`, read once per build."""
    if not state.key_values:
        state.key_values = key_values()
    return state.key_values


def cache_key(code: str, options: dict[str, Any]) -> str:
    """A digest of everything that can change a block's output."""
    parts = {
        # what a cached entry records (timing, failures) is the engine's doing: edits re-run all
        "engine_source": [_file_hash(ENGINE_DIR / name) for name in ("engine.py", "runner.py")],
        "code": code,
        "options": {k: repr(v) for k, v in sorted(options.items())},
        "helpers": {_source_name(p): _file_hash(p) for p in helper_closure(code)},
        "prelude": settings.prelude,
        "site": build_key_values(),
        "python": sys.version.split()[0],
    }
    return _digest(parts)


def _source_name(path: Path) -> str:
    """``lrlab/tables.py``: a helper source's name, the same on every machine."""
    for parent in path.parents:
        if _followed(parent.name) and (parent / "__init__.py").is_file():
            return path.relative_to(parent.parent).as_posix()
    return path.name


def _digest(value: Any) -> str:
    """The SHA-256 of ``value`` as canonical JSON (see `_stable` for what is not JSON)."""
    blob = json.dumps(value, sort_keys=True, default=_stable).encode()
    return hashlib.sha256(blob).hexdigest()


def _stable(value: Any) -> str:
    """A JSON fallback that names functions and classes (a memory address would change every
    build; anything else without a stable repr only costs a re-run, never a stale one)."""
    name = getattr(value, "__qualname__", None)
    return f"{getattr(value, '__module__', '')}.{name}" if name else repr(value)


def _cache_path(key: str) -> Path | None:
    if settings.cache_dir is None:
        return None
    return settings.cache_dir / key[:2] / f"{key}.json"


def cache_get(key: str) -> dict[str, Any] | None:
    path = _cache_path(key)
    if path is None or settings.refresh or not path.is_file():
        return None
    try:
        entry = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return None  # a torn entry is simply re-run and overwritten
    return entry if isinstance(entry, dict) and "output" in entry else None


def cache_put(key: str, entry: dict[str, Any]) -> None:
    path = _cache_path(key)
    if path is None:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps(entry, sort_keys=True), encoding="utf-8")
    tmp.replace(path)  # atomic: a reader never sees half an entry


# --------------------------------------------------------------------------- running code


class BlockError(Exception):
    """A block failed; ``kind`` says how, ``code_line`` where in the snippet."""

    def __init__(self, kind: str, message: str, code_line: str = "") -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.code_line = code_line


class NotInShard(Exception):
    """The block belongs to another shard: this build neither runs nor shows it."""


@dataclass(frozen=True)
class RunOptions:
    """A fence's options that govern its run (read alike from the fence and the pre-scan)."""

    timeout: float
    raises: str = ""
    memory: int = runner.DEFAULT_MEMORY
    record: bool = False  # an exception is a result to keep (question options), not a failure

    @classmethod
    def parse(cls, options: dict[str, str]) -> RunOptions:
        """Raises ``ValueError`` with a message for the author on a bad value."""
        raw = options.get("timeout")
        try:
            timeout = float(raw) if raw is not None else settings.timeout
        except ValueError:
            raise ValueError(f"timeout must be a number of seconds, got {raw!r}") from None
        memory = parse_size(options["memory"]) if "memory" in options else settings.memory
        return cls(timeout, options.get("raises", ""), memory)

    @property
    def key(self) -> dict[str, Any]:
        """What joins the cache key (the memory limit only decides whether a run may finish)."""
        return {"raises": self.raises, "timeout": self.timeout, "record": self.record}


_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([KMGT]?)i?B?\s*$", re.I)


def parse_size(text: str) -> int:
    """``"4G"``, ``"512M"``, ``"2GiB"`` or a number of bytes; ``"0"`` means no limit."""
    match = _SIZE.match(text)
    if not match:
        raise ValueError(f'memory must be a size such as "4G" or "512M", got {text!r}')
    power = " KMGT".index((match[2] or " ").upper())
    return int(float(match[1]) * 1024**power)


def normalized(code: str) -> str:
    return code.strip("\n") + "\n"


def _in_shard(key: str) -> bool:
    if settings.shard is None:
        return True
    index, count = settings.shard
    return int(key[:12], 16) % count == index


def submit(code: str, block: str, run: RunOptions) -> str:
    """Start running ``code`` unless this build or the cache already has its output (or it
    belongs to another shard); returns its cache key. Pages call this for every block before
    rendering starts, so blocks run on the pool while MkDocs does its own work."""
    code = normalized(code)
    key = cache_key(code, run.key)
    if key in state.outputs or key in state.pending:
        return key
    entry = cache_get(key)
    if entry is not None:
        state.outputs[key] = entry
        state.reused.add(key)
    elif _in_shard(key):
        job = runner.Job(code, block, run.timeout, run.memory, run.raises, settings.prelude)
        state.pending[key] = pool().submit(job)
    return key


def run_cached(
    code: str, block: str, fence: PlacedFence | None, run: RunOptions
) -> tuple[dict[str, Any], bool, str]:
    """The output of ``code``: from this build if another block or notebook cell ran the same
    code, else from the cache, else by running it in a process of its own (see `submit`).
    Returns the entry, whether this block reused a run, and its key. Only what changes the
    output is in the key (code, the time limit and expected exception, helper sources, torch,
    seed); how a page displays it is keyed separately (see `render`). Raises `BlockError`.
    """
    key = submit(code, block, run)
    future = state.pending.pop(key, None)
    if future is not None:
        outcome = future.result()
        state.executed += 1
        raised = outcome.exception if run.record else ""
        if outcome.ok or raised:
            entry = {
                "output": outcome.output,
                "stderr": outcome.stderr,
                "warnings": [
                    [w.category, w.message, _warning_file(w.filename), w.lineno]
                    for w in outcome.warnings
                ],
                "seconds": round(outcome.seconds, 3),
                "raised": raised,
            }
            cache_put(key, entry)
            state.outputs[key] = entry
            return entry, False, key
        state.failed[key] = outcome
    if key in state.failed:
        raise _block_error(state.failed[key], fence)
    if key not in state.outputs:
        raise NotInShard(block)
    return state.outputs[key], True, key


def _warning_file(filename: str) -> str:
    """Where a warning was raised, the same on every machine: "" for the block itself, a path
    under the project or under site-packages otherwise."""
    if filename.startswith("<block "):
        return ""
    path = Path(filename)
    root = settings.root
    if "site-packages" in path.parts:
        return Path(*path.parts[path.parts.index("site-packages") + 1 :]).as_posix()
    if path.is_absolute() and root in path.parents:
        return path.relative_to(root).as_posix()
    return path.name


def _block_error(outcome: runner.Outcome, fence: PlacedFence | None) -> BlockError:
    problem = outcome.problem
    assert problem is not None
    line = _code_line(fence, problem.lineno)
    message = problem.message
    if problem.kind in (runner.Kind.EXCEPTION, runner.Kind.MEMORY):
        helper = _innermost_project_frame(problem.frames)
        if helper and not helper.startswith("snippets/"):
            message += f" (raised in {helper})"
    return BlockError(str(problem.kind), message, line)


def _code_line(fence: PlacedFence | None, lineno: int) -> str:
    """Map a line of the executed code to ``snippets/<file>.py:<n>`` (or the page line)."""
    if not lineno:
        return ""
    if fence is not None and 0 < lineno <= len(fence.origins):
        source, line = fence.origins[lineno - 1]
        return f"{source}:{line}"
    return f"line {lineno} of the block"


def _innermost_project_frame(frames: tuple[tuple[str, int], ...]) -> str:
    root = settings.root
    last = ""
    for filename, line in frames:
        path = Path(filename)
        if path.is_absolute() and root in path.parents and "site-packages" not in path.parts:
            last = f"{path.relative_to(root).as_posix()}:{line}"
    return last


# --------------------------------------------------------------------------- the warm parent

_pool: runner.Pool | None = None
_pool_stamp = ""


def _helper_stamp() -> str:
    """Changes whenever a helper file changes (the warm parent has them imported)."""
    roots = [package_dir(name) for name in settings.helpers]
    files = sorted(p for root in roots if root for p in root.rglob("*.py"))
    return _digest([(p.as_posix(), p.stat().st_mtime_ns, p.stat().st_size) for p in files])


def pool() -> runner.Pool:
    """The warm parent every block forks from: started on first use, kept across the builds
    of one `mkdocs serve`, restarted when a helper module changes (it holds them imported)."""
    global _pool, _pool_stamp
    stamp = state.helper_stamp = state.helper_stamp or _helper_stamp()
    config = (settings.workers, settings.preload)
    if _pool is not None and (
        not _pool.alive or _pool_stamp != stamp or (_pool.workers, _pool.preload) != config
    ):
        _pool.close()
        _pool = None
    if _pool is None:
        _pool = runner.Pool(settings.workers, settings.preload)
        _pool_stamp = stamp
    return _pool


def close_pool() -> None:
    global _pool
    if _pool is not None:
        _pool.close()
        _pool = None


atexit.register(close_pool)


# --------------------------------------------------------------------------- rendering

MAX_RENDERS = 8
"""Renderings kept per cache entry (one per way a page shows the block; old ones drop out)."""


def render_setup() -> str:
    """A digest of what markdown-exec's rendering of an output depends on besides the block:
    the site's Markdown extensions and their settings (as `execdocs.plugin` saved them), the
    installed packages' versions (whichever provide the extensions, markdown-exec, Pygments...;
    listing them all costs less than finding the few, see `installed_versions`), and any file
    the snippets extension appends to every text. Computed once per build."""
    if state.render_setup:
        return state.render_setup
    from markdown_exec import markdown_config

    extensions = [_stable(e) if not isinstance(e, str) else e for e in markdown_config.exts or []]
    configs = markdown_config.exts_config or {}
    versions = installed_versions()
    snippets = configs.get("pymdownx.snippets", {})
    appended = {}
    for name in snippets.get("auto_append", []):
        for base in snippets.get("base_path", ["."]):
            path = Path(base) / name
            if path.is_file():
                appended[path.as_posix()] = _file_hash(path)
    # (the engine's own source is not needed here: it is in the key of the entry that holds
    # the renderings, so an engine edit already starts every entry afresh)
    parts = {
        "extensions": extensions,
        "configs": configs,
        "versions": versions,
        "appended": appended,
    }
    state.render_setup = _digest(parts)
    return state.render_setup


def installed_versions() -> list[str]:
    """Every installed distribution with its version, read from the names of the metadata
    folders (``name-1.2.dist-info``) in this interpreter's package folders: a directory listing,
    where reading each distribution's metadata took most of a warm build's rendering time."""
    import sysconfig

    folders = dict.fromkeys(sysconfig.get_paths()[key] for key in ("purelib", "platlib"))
    found = []
    for folder in folders:
        if os.path.isdir(folder):
            found += [n for n in os.listdir(folder) if n.endswith((".dist-info", ".egg-info"))]
    return sorted(found)


def render(
    language: str,
    code: str,
    output: str,
    md: Any,
    options: dict[str, Any],
    key: str,
    entry: dict[str, Any],
) -> str:
    """markdown-exec's HTML for a block's output, reused from the block's cache entry when the
    rendering cannot differ: same output, code, language and display options, same Markdown
    setup (`render_setup`). Renderings with effects beyond their HTML are never reused: ones
    that add headings to the page's table of contents, that carry ids numbered by the build's
    running count of outputs, that include snippet files, or that run other blocks.
    Rendering is a quarter of a warm build's time when it is not reused (see `make bench`)."""
    from markdown_exec import MarkdownConverter

    render_key = _digest([render_setup(), language, code, output, options])
    renders = entry.setdefault("renders", {})
    known = renders.get(render_key)
    if known is not None:
        # the outputs this rendering numbered are still counted, so later ids stay the same
        MarkdownConverter.counter += known["converts"]
        return str(known["html"])
    counter, effects = MarkdownConverter.counter, (len(state.runs), len(state.failures))
    run = _constant(output)
    rendered = str(base_format(language=language, run=run, code=code, md=md, **options))
    converts = MarkdownConverter.counter - counter
    reusable = (
        not hasattr(md, "_original_md")  # not a block inside another block's output
        and "-8<-" not in code + output  # no snippet include inside the rendering
        and not re.search(r"<h[1-6][\s>]", rendered)  # no headings for the page's toc
        and not any(f"exec-{n}--" in rendered for n in range(counter + 1, counter + converts + 1))
        and (len(state.runs), len(state.failures)) == effects
    )
    if reusable:
        renders[render_key] = {"html": rendered, "converts": converts}
        while len(renders) > MAX_RENDERS:
            del renders[next(iter(renders))]
        cache_put(key, entry)
    return rendered


# --------------------------------------------------------------------------- superfences hooks

OUR_OPTIONS = ("lrlab_line", "timeout", "raises", "warns", "memory")


def validator(
    language: str, inputs: dict[str, str], options: dict[str, Any], attrs: dict[str, Any], md: Any
) -> bool:
    """Superfences validator: markdown-exec's, plus our ``timeout``/``raises``/``warns``/
    ``memory`` options and the fence line that `execdocs.plugin` writes into every
    executed fence."""
    ours = {name: inputs.pop(name) for name in OUR_OPTIONS if name in inputs}
    if not _markdown_exec_validator(language, inputs, options, attrs, md):
        return False
    options["lrlab"] = ours
    return True


def _notice(failure: Failure) -> str:
    text = html.escape(failure.describe())
    return (
        '<div class="admonition failure lrlab-failure"><p class="admonition-title">'
        f"This block failed</p><p>{text}</p></div>"
    )


def _provenance_note(seconds: float, cached: bool) -> str:
    """What produced an output, in the site's words (`provenance:`, filled in from the key
    values), its run time, and whether this build ran it."""
    what = settings.provenance.format_map(build_key_values()) if settings.provenance else ""
    how = "cached" if cached else "fresh"
    parts = ["Executed at build", html.escape(what), f"{seconds:.2f} s", how]
    return f'<p class="lrlab-provenance">{" · ".join(p for p in parts if p)}</p>'


def declared_warnings(text: str) -> set[str]:
    """The warning categories a fence's ``warns="UserWarning, FutureWarning"`` declares."""
    return {name for name in re.split(r"[\s,]+", text) if name}


def warning_lines(entry: dict[str, Any], fence: PlacedFence | None) -> list[str]:
    """Each warning of an entry as Python prints it: ``where: Category: message``."""
    lines = []
    for category, message, filename, lineno in entry.get("warnings", []):
        where = _code_line(fence, lineno) if not filename else f"{filename}:{lineno}"
        lines.append(f"{where or 'block'}: {category}: {message}")
    return lines


def stderr_text(entry: dict[str, Any], fence: PlacedFence | None) -> str:
    """What a block sent to stderr, warnings first, as a notebook shows it under the output."""
    warned = "".join(f"{line}\n" for line in warning_lines(entry, fence))
    return warned + entry.get("stderr", "")


def _stderr_html(text: str) -> str:
    return (
        '<div class="lrlab-stderr"><p class="lrlab-stderr-title">stderr</p>'
        f"<pre><code>{html.escape(text)}</code></pre></div>"
    )


def _stderr_summary(entry: dict[str, Any]) -> str:
    count = len(entry.get("warnings", []))
    parts = [f"{count} warning{'s' * (count != 1)}"] if count else []
    if entry.get("stderr", "").strip():
        parts.append("stderr")
    return ", ".join(parts)


def check_warnings(
    entry: dict[str, Any], fence: PlacedFence | None, warns: str
) -> BlockError | None:
    """A warning the fence did not declare, or a declared one that never came."""
    declared = declared_warnings(warns)
    seen = {category for category, *_ in entry.get("warnings", [])}
    for (category, message, filename, _), line in zip(
        entry.get("warnings", []), warning_lines(entry, fence), strict=True
    ):
        if category not in declared:
            where = line.split(f": {category}: ", 1)[0]
            return BlockError(
                str(runner.Kind.WARNING),
                f"{category}: {message} (from {where}); fix its cause, or show it on purpose "
                f'with warns="{category}" on the fence',
                _code_line(fence, entry["warnings"][0][3]) if not filename else "",
            )
    missing = sorted(declared - seen)
    if missing:
        return BlockError(
            str(runner.Kind.MISSING_WARNING),
            f"the block declares warns={', '.join(missing)!r} but ran without that warning",
        )
    return None


def formatter(
    source: str, language: str, css_class: str, options: dict[str, Any], md: Any, **kwargs: Any
) -> str:
    """Superfences formatter: run (or reuse) the block, then let markdown-exec render it."""
    ours: dict[str, str] = options.pop("lrlab", {})
    line = int(ours.get("lrlab_line", "0"))
    fence = state.fences.get((state.page, line))
    location = f"{state.page}:{line}" if line else state.page
    block = options.get("id") or default_block_id(fence, line)

    def fail(kind: str, message: str, code_line: str = "") -> str:
        failure = Failure(location, block, str(kind), message, code_line)
        record_failure(failure)
        state.runs.append(BlockRun(location, block, 0.0, False, False))
        return _notice(failure)

    if MISSING_INCLUDE in source:
        # already reported by the plugin with the include's own line; show a notice only
        return _notice(
            Failure(location, block, str(runner.Kind.MISSING_INCLUDE), "a snippet file is missing")
        )
    unexpanded = next((text for text in source.splitlines() if include_path(text)), None)
    if unexpanded is not None:
        return fail(runner.Kind.MISSING_INCLUDE, f"include was not expanded: {unexpanded.strip()}")
    if options.get("session"):
        return fail(
            runner.Kind.OPTION,
            "session= is not supported: blocks share no state (use lrlab helpers)",
        )
    try:
        run = RunOptions.parse(ours)
    except ValueError as error:
        return fail(runner.Kind.OPTION, str(error))
    if not settings.execute:
        return str(base_format(language=language, run=_constant(""), code=source, md=md, **options))
    try:
        entry, cached, key = run_cached(source, block, fence, run)
    except BlockError as error:
        return fail(error.kind, error.message, error.code_line)
    except NotInShard:
        return ""
    problem = check_warnings(entry, fence, ours.get("warns", ""))
    if problem is not None:
        return fail(problem.kind, problem.message, problem.code_line)
    promised = options.get("result") or options.get("html") or not options.get("source")
    if promised and not entry["output"].strip():
        return fail(
            runner.Kind.EMPTY_OUTPUT,
            "the block printed nothing, but its output is shown on "
            "the page (print the result, or drop result=/html=)",
        )
    output = entry["output"]
    state.runs.append(
        BlockRun(location, block, float(entry["seconds"]), cached, True, _stderr_summary(entry))
    )
    if not options.get("html") and not options.get("result"):
        # Output rendered as Markdown: text a snippet prints is text, never markup.
        output = html.escape(output, quote=False)
    rendered = render(language, source, output, md, options, key, entry)
    stderr = stderr_text(entry, fence)
    if stderr.strip():
        rendered += _stderr_html(stderr)
    if options.get("source") or options.get("result") or options.get("html"):
        rendered += _provenance_note(float(entry["seconds"]), cached)
    # one element per block, so tests and notebooks can find a block's output by its id
    wrapped = f'<div class="lrlab-block" data-block="{html.escape(block)}">{rendered}</div>'
    _move_toc_headings(md, rendered, wrapped)
    return wrapped


# --------------------------------------------------------------------------- question fences


def question_validator(
    language: str, inputs: dict[str, str], options: dict[str, Any], attrs: dict[str, Any], md: Any
) -> bool:
    """Superfences validator of the ``question`` fence: its only option is the fence line the
    plugin writes in."""
    options["lrlab"] = {"lrlab_line": inputs.pop("lrlab_line", "0")}
    return not inputs  # any other option is a mistake: the fence is then left as code


def question_name(path: str) -> str:
    """How errors name a question file: its path from the project (``snippets/...yml``)."""
    return f"{settings.snippets_dir.as_posix()}/{path}"


def question_pieces(path: str) -> dict[str, str]:
    """The code a question file's proof will run (for the plugin to submit ahead); nothing if
    the file does not load (the fence reports why)."""
    from execdocs import question_files, questions

    try:
        question = question_files.load(settings.snippets_dir / path, question_name(path))
    except questions.QuestionError:
        return {}
    return questions.pieces(question)


def question_run() -> RunOptions:
    """How a question's code runs: within the site's time limit, and an exception is a result
    (it can select an option), not a failure."""
    return RunOptions(settings.timeout, record=True)


def question_formatter(
    source: str, language: str, css_class: str, options: dict[str, Any], md: Any, **kwargs: Any
) -> str:
    """Superfences formatter of ``question`` fences: load the question file the fence names,
    prove it by running its code (each piece a cached block run), and return its HTML."""
    from execdocs import question_files, questions, quiz_render

    line = int(options.pop("lrlab", {}).get("lrlab_line", "0"))
    location = f"{state.page}:{line}" if line else state.page
    path = source.strip()
    block = path.removesuffix(".yml")
    name = question_name(path)
    spent = {"seconds": 0.0, "fresh": 0}

    def run_pieces(pieces: dict[str, str], question_id: str) -> dict[str, questions.Run]:
        for label, code in pieces.items():  # all on the pool at once, then wait for each
            submit(code, f"{block} {label}", question_run())
        done = {}
        elsewhere = False  # a piece of another shard: this build stores the rest, shows nothing
        for label, code in pieces.items():
            try:
                entry, cached, _ = run_cached(code, f"{block} {label}", None, question_run())
            except NotInShard:
                elsewhere = True
                continue
            except BlockError as error:
                raise questions.QuestionError(
                    f"{name}: question {question_id!r}: its {label} code failed: "
                    f"{error.kind}: {error.message}"
                ) from None
            spent["seconds"] += float(entry["seconds"])
            spent["fresh"] += not cached
            seen = tuple(dict.fromkeys(f"{c}: {m}" for c, m, *_ in entry.get("warnings", [])))
            done[label] = questions.Run(code, entry["output"], entry.get("raised", ""), seen)
        if elsewhere:
            raise NotInShard(block)
        return done

    try:
        question = question_files.load(settings.snippets_dir / path, name)
        owner = state.question_ids.setdefault(question.id, path)
        if owner != path:
            raise questions.QuestionError(
                f"{name}: question id {question.id!r} is used twice: {owner} has it too"
            )
        rendered = quiz_render.question_html(question, run_pieces)
    except questions.QuestionError as error:
        failure = Failure(location, block, str(runner.Kind.QUESTION), str(error))
        record_failure(failure)
        state.runs.append(BlockRun(location, block, 0.0, False, False))
        return _notice(failure)
    except NotInShard:
        return ""
    cached = spent["fresh"] == 0
    state.runs.append(BlockRun(location, block, spent["seconds"], cached, True))
    rendered += _provenance_note(spent["seconds"], cached)
    return f'<div class="lrlab-block" data-block="{html.escape(block)}">{rendered}</div>'


def _move_toc_headings(md: Any, rendered: str, wrapped: str) -> None:
    """markdown-exec adds the headings an output prints to the page's table of contents by
    finding the exact HTML it rendered on the page; the page holds that HTML wrapped, so the
    headings are filed under the wrapped HTML instead."""
    from markdown_exec import InsertHeadings

    outer = getattr(md, "_original_md", md)
    if InsertHeadings.name not in outer.treeprocessors:
        return  # nothing rendered on this page has reported headings
    headings = outer.treeprocessors[InsertHeadings.name].headings
    found = headings.pop(rendered, None)
    if found:
        headings[wrapped] = found


def _constant(output: str) -> Callable[..., str]:
    def run(code: str, **_: Any) -> str:
        return output

    return run
