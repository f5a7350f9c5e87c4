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


def test_a_copy_links_the_one_build_report_of_the_site(tmp_path):
    """A larger site still has one build report (it lists every block of the site): the copies
    do not get one each, and their links go to the site's."""
    project = copy_site(tmp_path / "site", copies=2)
    assert (project / "docs/build-report.md").is_file()
    assert not (project / "docs/copy1/build-report.md").exists()
    home = (project / "docs/copy1/index.md").read_text(encoding="utf-8")
    assert "](../build-report.md)" in home
    assert "](build-report.md)" not in home
