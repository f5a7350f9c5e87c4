"""Notebook mode: each lesson page's notebook holds exactly the page's snippets, runs top to
bottom in a fresh kernel, and shows what the page shows."""

from __future__ import annotations

import json
import re

import markdown
import nbformat
import pytest
from bs4 import BeautifulSoup
from nbclient import NotebookClient

from conftest import ROOT
from execdocs import notebooks
from execdocs.engine import Build
from execdocs.settings import Settings

pytestmark = pytest.mark.build

LESSON_PAGES = sorted(
    page.relative_to(ROOT / "docs").as_posix()
    for page in (ROOT / "docs/lesson").glob("*.md")
    if notebooks.page_examples(page.read_text(encoding="utf-8"))
)


def notebook_path(site, page: str):
    stem = page.removesuffix(".md")
    return site / "notebooks" / stem / f"{stem.rsplit('/', 1)[-1]}.ipynb"


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", BeautifulSoup(html, "html.parser").get_text()).strip()


def page_output(block, kind: str) -> str:
    """What a page block shows as its output: source code and provenance left out."""
    for element in block.select("p.lrlab-provenance"):
        element.decompose()
    if kind == "text":
        return block.select("pre")[-1].get_text()  # the result comes after any shown source
    for code in block.select("div.highlight, div.language-python"):
        code.decompose()
    return str(block)


def test_every_lesson_page_with_examples_has_a_notebook():
    assert {"lesson/concept.md"} <= set(LESSON_PAGES)


@pytest.mark.parametrize("page", LESSON_PAGES)
def test_notebook_and_page_hold_the_same_snippets(built_site, page):
    nb_file = notebook_path(built_site, page)
    assert nb_file.is_file(), f"docs/{page} has examples but no notebook at {nb_file}"
    nb = nbformat.read(nb_file, as_version=4)
    in_notebook = [
        c.metadata["lrlab"]["snippet"] for c in nb.cells if "snippet" in c.metadata.get("lrlab", {})
    ]
    in_page = [e.snippet for e in notebooks.page_examples((ROOT / "docs" / page).read_text())]
    missing = sorted(set(in_page) - set(in_notebook))
    extra = sorted(set(in_notebook) - set(in_page))
    assert not missing, f"in docs/{page} but not in {nb_file.name}: {missing}"
    assert not extra, f"in {nb_file.name} but not in docs/{page}: {extra}"
    assert in_notebook == in_page, (
        f"docs/{page} and {nb_file.name} order their snippets differently"
    )


@pytest.mark.parametrize("page", LESSON_PAGES)
def test_notebook_runs_in_a_fresh_kernel_and_matches_the_page(built_site, page):
    nb = nbformat.read(notebook_path(built_site, page), as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []  # run it anew, in a kernel of its own
    NotebookClient(nb, timeout=120, allow_errors=False, kernel_name="python3").execute(
        cwd=str(ROOT)
    )
    shown = notebooks.outputs_by_snippet(nb)
    kinds = {
        c.metadata["lrlab"]["snippet"]: (c.metadata["lrlab"]["kind"], c.metadata["lrlab"]["block"])
        for c in nb.cells
        if "snippet" in c.metadata.get("lrlab", {})
    }
    stem = page.removesuffix(".md")
    soup = BeautifulSoup(
        (built_site / stem / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    for snippet, (kind, block_id) in kinds.items():
        block = soup.select_one(f'div.lrlab-block[data-block="{block_id}"]')
        assert block is not None, f"docs/{page}: no block {block_id!r} for snippets/{snippet}"
        on_page = page_output(block, kind)
        in_notebook = shown[snippet]
        if kind == "text":
            assert in_notebook.rstrip("\n") == on_page.rstrip("\n"), snippet
        elif kind == "html":
            assert text_of(in_notebook) == text_of(on_page), snippet
        else:
            assert text_of(markdown.markdown(in_notebook, extensions=["tables"])) == text_of(
                on_page
            ), snippet


def test_a_failing_cell_fails_and_names_its_snippet(tmp_path):
    build = Build(Settings(snippets_dir=tmp_path, workers=1))
    (tmp_path / "x").mkdir()
    (tmp_path / "x/broken.py").write_text('print("start")\nraise ValueError("broken example")\n')
    examples = [notebooks.Example("x/broken.py", "x/broken", "text", "Broken", 3)]
    nb = notebooks.build_notebook("Broken", "../x/", examples, tmp_path)
    with pytest.raises(notebooks.NotebookError, match=r"x/broken\.py.*broken example"):
        notebooks.execute(nb, "notebooks/x.ipynb", build)


def test_notebook_outputs_come_from_the_same_run_as_the_page(tmp_path):
    build = Build(Settings(snippets_dir=tmp_path, workers=1))
    (tmp_path / "x").mkdir()
    (tmp_path / "x/ok.py").write_text('print("hello from the run")\n')
    examples = [notebooks.Example("x/ok.py", "x/ok", "text", "Ok", 3)]
    first = notebooks.build_notebook("Ok", "../x/", examples, tmp_path)
    assert notebooks.execute(first, "notebooks/x.ipynb", build) == 1
    again = notebooks.build_notebook("Ok", "../x/", examples, tmp_path)
    assert notebooks.execute(again, "notebooks/x.ipynb", build) == 0  # reused, not re-run
    assert notebooks.outputs_by_snippet(again) == {"x/ok.py": "hello from the run\n"}


def test_search_leads_to_lesson_pages_not_their_notebooks(built_site):
    index = json.loads((built_site / "search/search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert {page.removesuffix(".md") + "/" for page in LESSON_PAGES} <= locations
    assert not [loc for loc in locations if loc.startswith("notebooks/")]


def test_mkdocs_jupyter_never_allows_errors():
    config = (ROOT / "mkdocs.yml").read_text()
    section = config[config.index("- mkdocs-jupyter:") :].split("\n  - ", 1)[0]
    assert re.search(r"^\s+allow_errors: false\s*$", section, re.M), section
