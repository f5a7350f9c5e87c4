"""The real site: strict build, executed outputs on the page, no tracebacks, failures named.

(That the site comes out the same whatever the workers and the order: tests/test_shards.py.)
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, SITE, SNIPPETS, build_once, reusing_session_runs
from execdocs import numerics
from execdocs.engine import Build
from execdocs.markup import annotate
from execdocs.settings import Settings
from tools.bench import copy_site

pytestmark = pytest.mark.build


def block_outputs(page_html: str) -> list[str]:
    """The text of every executed output block on a page, in order (provenance notes dropped)."""
    soup = BeautifulSoup(page_html, "html.parser")
    return [pre.get_text() for pre in soup.select("div.result pre, div.highlight pre")]


def test_concept_page_shows_the_real_y2x_output(built_site):
    page = (built_site / "lesson/concept/index.html").read_text(encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    standalone = subprocess.run(
        [sys.executable, str(SNIPPETS / "lesson/concept/steplr_y2x.py")],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    ).stdout
    assert standalone.strip() in [text.strip() for text in block_outputs(page)]


def test_no_page_contains_a_traceback(built_site):
    for page in built_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "Traceback (most recent call last)" not in text, page
        assert "lrlab-failure" not in text, page


def test_every_executed_output_has_provenance(built_site):
    page = (built_site / "lesson/concept/index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(page, "html.parser")
    notes = soup.select("p.lrlab-provenance")
    assert notes, "no provenance notes"
    assert all("torch 2.13.0" in note.get_text() for note in notes)
    platform = numerics.describe(SITE.numerics)  # "x86_64, pinned numerics"
    assert all(platform in note.get_text() for note in notes)


def test_the_build_report_names_the_platform_every_output_ran_on(built_site):
    page = (built_site / "build-report/index.html").read_text(encoding="utf-8")
    said = BeautifulSoup(page, "html.parser").select_one("p.lrlab-platform").get_text()
    assert f"Every output ran on {numerics.machine()}, Python {numerics.python()}" in said
    assert "torch 2.13.0" in said
    assert f"numerics pinned ({numerics.spelled(SITE.numerics)})" in said


def test_build_report_lists_every_executed_block(built_site):
    fences = 0
    for page in (ROOT / "docs").rglob("*.md"):
        annotated, _ = annotate(Build(Settings()), page.read_text(encoding="utf-8"), page.name)
        fences += annotated.count('lrlab_line="')
    report = BeautifulSoup((built_site / "build-report/index.html").read_text(), "html.parser")
    rows = report.select("table.lrlab-report tbody tr")
    blocks = [row for row in rows if not row.select("td")[1].get_text().endswith(".ipynb")]
    notebooks = sorted(row.select("td")[1].get_text() for row in rows if row not in blocks)
    assert len(blocks) == fences
    assert all(row.select("td")[4].get_text() == "ok" for row in rows)
    published = sorted(
        p.relative_to(built_site).parent.as_posix() + ".ipynb"
        for p in (built_site / "notebooks").rglob("index.html")
    )
    assert notebooks == published


KEYED = "snippets/lesson/test/exponentiallr-three-epochs.yml"
"""A real test question whose keyed answer the faulty copy of the site changes."""


@pytest.fixture(scope="module")
def faulty(tmp_path_factory, built_site):
    """A copy of the real site with three faults on three pages, built once, reusing the session
    build's runs (so the raising snippet is the one block that runs): a snippet that raises
    (the concept page), an include whose file is gone (the pipeline page) and a question keyed
    to an answer its run does not select (the test page; its proof's cached run is judged
    again). Returns the build's process, the built site and the original question file's
    text."""
    text = (ROOT / KEYED).read_text(encoding="utf-8")
    keyed = re.search(r"^answer: ([A-Z])$", text, re.M)
    assert keyed, "the question file has no answer line"
    wrong = "A" if keyed.group(1) != "A" else "B"

    def prepare(root: Path) -> tuple[Path, dict[str, str]]:
        project = copy_site(root / "project")
        (project / "snippets/lesson/concept/steplr_y2x.py").write_text('raise RuntimeError("x")\n')
        (project / "snippets/lesson/pipeline/loss_chart_ascii.py").unlink()
        (project / KEYED).write_text(text.replace(keyed.group(0), f"answer: {wrong}"), "utf-8")
        return project, reusing_session_runs(built_site, root / "cache")

    project, result = build_once(tmp_path_factory, "faulty", prepare)
    return result, project.parent / "site", text, keyed, wrong


def test_a_raising_snippet_fails_the_build(faulty):
    result, site, *_ = faulty
    assert result.returncode != 0
    assert "docs/lesson/concept.md" in result.stderr
    assert "concept/steplr_y2x" in result.stderr
    assert "RuntimeError: x" in result.stderr
    assert "Traceback" not in result.stderr
    # the page, its notebook (whose cell ran the same snippet) and every other page are built
    for built in ("lesson/concept", "notebooks/lesson/concept", "lesson/big-idea", "atlas/steplr"):
        assert (site / built / "index.html").is_file(), built


def test_a_missing_include_fails_the_build(faulty):
    result, site, *_ = faulty
    assert "MissingInclude" in result.stderr
    assert "lesson/pipeline/loss_chart_ascii.py" in result.stderr
    assert (site / "lesson/pipeline/index.html").is_file()


def test_changing_one_keyed_answer_fails_the_build_naming_it(faulty):
    result, site, text, keyed, wrong = faulty
    line = text[: keyed.start()].count("\n") + 1
    assert "docs/lesson/test.md:" in result.stderr
    assert f"{KEYED}:{line}: " in result.stderr
    assert f"but the keyed answer is {wrong}" in result.stderr
    assert "lrlab-failure" in (site / "lesson/test/index.html").read_text(encoding="utf-8")
