"""`make bench`'s scratch copies of the site: what they must keep to build under --strict."""

from __future__ import annotations

import yaml

from conftest import ROOT
from tools.bench import copy_site


def notebook_globs(config_file) -> dict[str, list[str]]:
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    (plugin,) = [
        p["execdocs"] for p in config["plugins"] if isinstance(p, dict) and "execdocs" in p
    ]
    return {name: plugin[name] for name in ("notebooks", "notebook_tests")}


def test_every_copy_of_a_lesson_gets_its_notebooks(tmp_path):
    """Each copy's lesson pages get notebooks (and so their "Run it yourself" section, which
    their links point at), whichever lesson a glob names."""
    project = copy_site(tmp_path / "site", copies=2)
    original = notebook_globs(ROOT / "mkdocs.yml")
    copied = notebook_globs(project / "mkdocs.yml")
    for name, globs in original.items():
        assert copied[name] == [g for glob in globs for g in (glob, f"copy*/{glob}")]
