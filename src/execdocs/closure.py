"""Which helper sources a block's code can reach: the dependency closure that keys its cache.

A block that imports ``lrlab.training`` depends on ``lrlab/__init__.py``, ``lrlab/training.py``
and every helper module those import, however deeply. `HelperClosure.files` finds them by
parsing imports (never by importing), following only the packages it is told to follow: the
site's helper packages (the plugin's ``helpers:``) and this engine, whose question modules
blocks import.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from importlib.util import find_spec
from pathlib import Path

ENGINE_DIR = Path(__file__).resolve().parent
"""This package's folder: its question modules, which blocks import, are followed too."""


def package_dir(name: str) -> Path | None:
    """The folder of a top-level package, found without importing it."""
    if name == ENGINE_DIR.name:
        return ENGINE_DIR
    try:
        spec = find_spec(name)
    except (ImportError, ValueError):
        return None
    locations = list(spec.submodule_search_locations or []) if spec else []
    return Path(locations[0]).resolve() if locations else None


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


def imported_modules(tree: ast.Module, current: str | None = None) -> set[str]:
    """Every module an import in ``tree`` runs (``import a.b.c`` runs ``a``, ``a.b`` and
    ``a.b.c``); ``current`` is the importing module's name, for relative imports."""
    found: set[str] = set()
    for node in _statements(tree.body):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level and current:
                package = current.split(".")[: -node.level]
                base = ".".join([*package, base] if base else package)
            names = [base] + [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        for name in names:
            parts = name.split(".")
            found.update(".".join(parts[:i]) for i in range(1, len(parts) + 1))
    return found


class HelperClosure:
    """The helper sources of code, with what it has parsed remembered (one per build, so an
    edited helper is read afresh by the next build)."""

    def __init__(self, helpers: tuple[str, ...]) -> None:
        self.packages = (*helpers, ENGINE_DIR.name)
        self._module_files: dict[str, Path | None] = {}
        self._module_imports: dict[str, set[str]] = {}
        self._closures: dict[str, list[Path]] = {}

    def follows(self, name: str) -> bool:
        """Whether imports into the top-level package ``name`` are followed."""
        return name in self.packages

    def source_name(self, path: Path) -> str:
        """``lrlab/tables.py``: a helper source's name, the same on every machine."""
        for parent in path.parents:
            if self.follows(parent.name) and (parent / "__init__.py").is_file():
                return path.relative_to(parent.parent).as_posix()
        return path.name

    def all_files(self) -> list[Path]:
        """Every source file of the followed packages."""
        roots = [package_dir(name) for name in self.packages]
        return sorted(p for root in roots if root for p in root.rglob("*.py"))

    def files(self, code: str) -> list[Path]:
        """Source files of every followed module ``code`` can import, directly or through other
        followed modules. If the code does not parse, every file counts (nothing is missed)."""
        if not any(name in code for name in self.packages):
            return []  # nothing to import from: skip parsing (most of a warm build's blocks)
        known = self._closures.get(code)
        if known is not None:
            return known
        try:
            tree = ast.parse(code)
        except SyntaxError:
            return self.all_files()
        seen: dict[str, Path] = {}
        todo = sorted(self._followed(imported_modules(tree)))
        while todo:
            name = todo.pop()
            if name in seen:
                continue
            path = self._module_file(name)
            if path is None:
                continue
            seen[name] = path
            todo += sorted(self._imports_of(name, path) - seen.keys())
        closure = self._closures[code] = sorted(set(seen.values()))
        return closure

    def _followed(self, names: set[str]) -> set[str]:
        return {name for name in names if self.follows(name.split(".")[0])}

    def _module_file(self, module: str) -> Path | None:
        if module in self._module_files:
            return self._module_files[module]
        parts = module.split(".")
        found = None
        root = package_dir(parts[0]) if self.follows(parts[0]) else None
        if root is not None:
            base = root.joinpath(*parts[1:])
            candidates = (base / "__init__.py", base.with_suffix(".py"))
            found = next((c for c in candidates if c.is_file()), None)
        self._module_files[module] = found
        return found

    def _imports_of(self, name: str, path: Path) -> set[str]:
        known = self._module_imports.get(name)
        if known is None:
            tree = ast.parse(path.read_text(encoding="utf-8"))
            current = name + ".__init__" if path.name == "__init__.py" else name
            known = self._followed(imported_modules(tree, current))
            self._module_imports[name] = known
        return known
