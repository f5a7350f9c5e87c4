"""The code's layout as the README tells it: the layout table names every engine module (and no
module that is gone), and each module keeps to one job, said by its docstring's first line, in
about 400 lines at most."""

from __future__ import annotations

import ast
import re

from conftest import ROOT

README = ROOT / "README.md"
PACKAGES = (ROOT / "src/execdocs", ROOT / "src/lrlab")
LONGEST = 440
"""Lines a module may have: "about 400" (the longest today, execdocs/plugin.py, has 437)."""


def modules(package, pattern: str = "*.py") -> dict[str, object]:
    """The modules of ``package`` by name (``pattern`` ``**/*.py``: its subpackages' too)."""
    found = sorted(p for p in package.glob(pattern) if p.stem != "__init__")
    return {p.relative_to(package).with_suffix("").as_posix(): p for p in found}


def test_the_layout_table_names_every_engine_module():
    table = README.read_text(encoding="utf-8").split("| step | module | what it does |")[1]
    rows = table.split("\n\n")[0].splitlines()[2:]
    named = {name for row in rows for name in re.findall(r"`(\w+)`", row.split("|")[2])}
    present = set(modules(ROOT / "src/execdocs"))
    assert sorted(present - named) == [], "engine modules the README's layout table leaves out"
    assert sorted(named - present) == [], "modules the layout table names that do not exist"


def test_each_module_says_its_one_job_and_stays_short():
    for package in PACKAGES:
        for name, path in modules(package, "**/*.py").items():
            text = path.read_text(encoding="utf-8")
            doc = ast.get_docstring(ast.parse(text)) or ""
            assert doc.splitlines()[0].strip() if doc else "", f"{path}: no docstring"
            lines = text.count("\n")
            assert lines <= LONGEST, f"{package.name}/{name}.py: {lines} lines (> {LONGEST})"
