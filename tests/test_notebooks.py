"""Notebook mode: each lesson page's notebook holds exactly the page's snippets, runs top to
bottom in a fresh kernel, and shows what the page shows."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import markdown
import nbformat
import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, SITE, made_once
from execdocs import notebooks, numerics
from execdocs.engine import Build
from execdocs.settings import Settings

pytestmark = pytest.mark.build

LESSONS = ("lesson", "choosing", "stability")
"""The lessons' folders under docs/: mkdocs.yml gives every page in them a notebook."""

LESSON_PAGES = sorted(
    page.relative_to(ROOT / "docs").as_posix()
    for lesson in LESSONS
    for page in (ROOT / "docs" / lesson).glob("*.md")
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


PUBLISHED = sorted(
    page.relative_to(ROOT / "docs").as_posix()
    for lesson in LESSONS
    for page in (ROOT / "docs" / lesson).glob("*.md")
    if page.name != "index.md"
)


def test_every_lesson_page_with_examples_has_a_notebook():
    assert {f"{lesson}/concept.md" for lesson in LESSONS} <= set(LESSON_PAGES)


@pytest.mark.parametrize("page", PUBLISHED)
def test_every_lesson_mode_links_its_notebook_and_the_install_line(built_site, page):
    html = (built_site / page.removesuffix(".md") / "index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    section = soup.select_one("#run-it-yourself")
    assert section is not None, page
    name = f"{page.removesuffix('.md').rsplit('/', 1)[-1]}.ipynb"
    assert soup.select_one(f'a[download][href$="{name}"]') is not None
    assert notebook_path(built_site, page).is_file()
    wheel = next((built_site / "packages").glob("lrlab-*.whl")).name
    assert f"pip install torch https://lrlab.github.io/lrlab/packages/{wheel}" in soup.get_text()
    # where the reader gets the page's very numbers, said in the section
    said = " ".join(section.find_parent().get_text().split())
    assert f"On any {numerics.machine()} machine with torch 2.13.0" in said
    assert "the notebook prints this page's numbers to the last digit" in said


@pytest.mark.parametrize("page", LESSON_PAGES)
def test_notebook_and_page_hold_the_same_snippets(built_site, page):
    nb_file = notebook_path(built_site, page)
    assert nb_file.is_file(), f"docs/{page} has examples but no notebook at {nb_file}"
    nb = nbformat.read(nb_file, as_version=4)
    in_notebook = [
        c.metadata["lrlab"]["snippet"] for c in nb.cells if "snippet" in c.metadata.get("lrlab", {})
    ]
    examples = notebooks.page_examples((ROOT / "docs" / page).read_text())
    in_page = [e.snippet for e in examples if e.kind != "question"]
    questions = [c for c in nb.cells if c.source.startswith("### Question ")]
    assert len(questions) == sum(e.kind == "question" for e in examples)
    missing = sorted(set(in_page) - set(in_notebook))
    extra = sorted(set(in_notebook) - set(in_page))
    assert not missing, f"in docs/{page} but not in {nb_file.name}: {missing}"
    assert not extra, f"in {nb_file.name} but not in docs/{page}: {extra}"
    assert in_notebook == in_page, (
        f"docs/{page} and {nb_file.name} order their snippets differently"
    )


RUN_NOTEBOOK = """\
import json, sys
import nbformat
from nbclient import NotebookClient
source, target, cwd = sys.argv[1:4]
nb = nbformat.read(source, as_version=4)
for cell in nb.cells:
    if cell.cell_type == "code":
        cell.outputs = []  # run it anew
probe = "import sys, lrlab; print(sys.executable); print(lrlab.__file__)"
nb.cells.append(nbformat.v4.new_code_cell(probe))
NotebookClient(nb, timeout=300, allow_errors=False, kernel_name="python3").execute(cwd=cwd)
nbformat.write(nb, target)
"""


@pytest.fixture(scope="session")
def reader_venv(tmp_path_factory, built_site):
    """What a learner has: a fresh venv with only torch 2.13.0, nbclient, ipykernel and the
    site's own wheel of the helpers (and what those depend on), nothing of this checkout."""

    def make(reader: Path) -> None:
        subprocess.run([sys.executable, "-m", "venv", str(reader / "venv")], check=True)
        wheels = sorted((built_site / "packages").glob("lrlab-*.whl"))
        assert len(wheels) == 1, wheels
        env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
        pip = [str(reader / "venv/bin/python"), "-m", "pip", "install", "--quiet"]
        subprocess.run([*pip, "torch==2.13.0", "nbclient", "ipykernel"], check=True, env=env)
        subprocess.run([*pip, str(wheels[0])], check=True, env=env)

    return made_once(tmp_path_factory, "reader", make) / "venv/bin/python"


def run_as_reader(python, notebook, tmp_path) -> nbformat.NotebookNode:
    """Run a published notebook top to bottom in the reader's venv, from a folder outside the
    project, with nothing of the checkout on sys.path."""
    script = tmp_path / "run_notebook.py"
    script.write_text(RUN_NOTEBOOK)
    work = tmp_path / "work"
    work.mkdir()
    target = tmp_path / "executed.ipynb"
    # nor the numerics mode the tests run under: the notebook's first cell must set it
    dropped = {"PYTHONPATH", "VIRTUAL_ENV", *SITE.numerics}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    result = subprocess.run(
        [str(python), str(script), str(notebook), str(target), str(work)],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    executed = nbformat.read(target, as_version=4)
    probe = executed.cells.pop()
    executable, module = probe.outputs[0]["text"].split()
    assert Path(executable).parent == python.parent  # the reader's kernel, not the project's
    assert str(ROOT) not in module  # lrlab from the wheel, not from the checkout
    return executed


def stdout_of(cell) -> str:
    return "".join(o.get("text", "") for o in cell.outputs if o.get("name") == "stdout")


@pytest.mark.parametrize("page", PUBLISHED)
def test_each_notebook_runs_with_only_torch_and_the_wheel_and_matches_the_page(
    built_site, reader_venv, tmp_path, page
):
    nb = run_as_reader(reader_venv, notebook_path(built_site, page), tmp_path)
    setup = next(c for c in nb.cells if c.metadata.get("lrlab", {}).get("setup"))
    assert "torch 2.13.0" in stdout_of(setup)
    assert "(the same)" in stdout_of(setup)
    machine = numerics.machine()
    assert f"{machine} here; the page was built on {machine} (the same" in stdout_of(setup)
    stem = page.removesuffix(".md")
    soup = BeautifulSoup(
        (built_site / stem / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    compared = 0
    for cell in nb.cells:
        meta = cell.metadata.get("lrlab", {})
        if "piece" in meta:  # a question's code: its output is among those the page shows
            question = soup.select_one(f'div.lrlab-block[data-block="{meta["block"]}"]')
            assert question is not None, meta
            shown = {pre.get_text().rstrip() for pre in question.select("pre.lrlab-output")}
            printed = stdout_of(cell).rstrip()
            if printed:
                assert printed in shown, (meta, printed)
                compared += 1
        elif "snippet" in meta:
            block = soup.select_one(f'div.lrlab-block[data-block="{meta["block"]}"]')
            assert block is not None, f"docs/{page}: no block for snippets/{meta['snippet']}"
            on_page = page_output(block, meta["kind"])
            if meta.get("raises"):  # Python names the class with its module, Jupyter without
                on_page = re.sub(r"^(?:\w+\.)+(?=\w+: )", "", on_page, flags=re.M)
            in_notebook = notebooks.outputs_by_snippet(nbformat.v4.new_notebook(cells=[cell]))
            shown = in_notebook[meta["snippet"]]
            if meta["kind"] == "text":
                assert shown.rstrip("\n") == on_page.rstrip("\n"), meta["snippet"]
            elif meta["kind"] == "html":
                assert text_of(shown) == text_of(on_page), meta["snippet"]
            else:
                as_html = markdown.markdown(shown, extensions=["tables"])
                assert text_of(as_html) == text_of(on_page), meta["snippet"]
            compared += 1
    assert compared, f"nothing of {page} was compared"


def test_a_notebook_that_cannot_install_the_wheel_stops_with_one_clear_message(
    built_site, reader_venv, tmp_path
):
    nb = nbformat.read(notebook_path(built_site, "lesson/concept.md"), as_version=4)
    setup = next(c for c in nb.cells if c.metadata.get("lrlab", {}).get("setup"))
    broken = re.sub(r'WHEEL = "[^"]*"', 'WHEEL = "/nowhere/lrlab-0-py3-none-any.whl"', setup.source)
    broken = re.sub(r'source_digest\(\) == "\w+"', 'source_digest() == "another"', broken)
    nb.cells = [nbformat.v4.new_code_cell(broken), *nb.cells[nb.cells.index(setup) + 1 :]]
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
    target = tmp_path / "broken.ipynb"
    nbformat.write(nb, target)
    script = tmp_path / "run.py"
    script.write_text(
        "import sys, nbformat\nfrom nbclient import NotebookClient\n"
        "from nbclient.exceptions import CellExecutionError\n"
        "nb = nbformat.read(sys.argv[1], as_version=4)\n"
        "try:\n"  # as Jupyter's Run All: stop at the first error
        "    NotebookClient(nb, timeout=120, kernel_name='python3').execute()\n"
        "except CellExecutionError:\n    pass\n"
        "nbformat.write(nb, sys.argv[1])\n"
    )
    subprocess.run([str(reader_venv), str(script), str(target)], cwd=tmp_path, check=True)
    first, *later = [c for c in nbformat.read(target, as_version=4).cells if c.cell_type == "code"]
    errors = [o for o in first.outputs if o.output_type == "error"]
    assert [e.ename for e in errors] == ["SystemExit"]
    assert "pip install torch /nowhere/lrlab-0-py3-none-any.whl" in errors[0].evalue
    noise = [o for o in first.outputs if o.output_type == "stream" and o.name == "stderr"]
    assert not noise, noise  # the message alone: no warning, no traceback
    assert all(not cell.outputs for cell in later)  # no later cell ran


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


def test_a_raised_exception_is_the_last_line_of_a_cells_output_as_on_the_page():
    cell = nbformat.v4.new_code_cell("raise ValueError('no')")
    cell.metadata["lrlab"] = {"snippet": "x/raises.py", "raises": "ValueError"}
    cell.outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="before\n"),
        nbformat.v4.new_output("error", ename="ValueError", evalue="no", traceback=["..."]),
    ]
    shown = notebooks.outputs_by_snippet(nbformat.v4.new_notebook(cells=[cell]))
    assert shown == {"x/raises.py": "before\nValueError: no\n"}


def test_a_raising_cell_under_the_magics_shows_its_output_then_its_exception_once(monkeypatch):
    from IPython import display
    from IPython.core.interactiveshell import InteractiveShell

    shown = []
    monkeypatch.setattr(display, "display", lambda obj: shown.append(obj.data))
    shell = InteractiveShell.instance()
    shell.extension_manager.load_extension("lrlab.ipython")
    errors = []
    monkeypatch.setattr(shell, "showtraceback", lambda *a, **k: errors.append(a))
    result = shell.run_cell("%%lrlab_markdown\nprint('**before**')\nraise ValueError('no')\n")
    assert isinstance(result.error_in_exec, ValueError)
    assert shown == ["**before**\n"]
    assert len(errors) == 1
    result = shell.run_cell("%%lrlab_html\nprint('<b>fine</b>')\n")
    assert result.success
    assert shown[-1] == "<b>fine</b>\n"
