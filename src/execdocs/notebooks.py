"""Notebook versions of lesson pages, generated from the same snippet files the page includes.

A page's notebook holds, in page order, one code cell per included snippet (verbatim), each
after a Markdown cell naming the section it sits in on the page. Blocks that print HTML (charts)
or Markdown (measured prose) get a one-line cell magic from `lrlab.ipython` so the notebook shows
what the page shows. Notebooks are never edited by hand: the build writes them.

Execution: each cell's output comes from the build (`execdocs.engine.Build.run_cached`), the
same single run (in a process of its own) that serves the page's block for that snippet, so
every snippet runs once per build and page and notebook cannot disagree. A test runs every
generated notebook top to bottom in a fresh Jupyter kernel and checks its outputs equal the
page's. mkdocs-jupyter renders the executed notebooks, with a download.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import nbformat

from execdocs import fences, proofs, question_fence, question_files
from execdocs.failures import BlockError, NotInShard, stderr_text

if TYPE_CHECKING:
    from execdocs.engine import Build, RunOptions

KIND_MAGIC = {"html": "%%lrlab_html", "markdown": "%%lrlab_markdown", "text": ""}


class NotebookError(Exception):
    """A notebook cell failed; the message names the notebook, the cell and its snippet."""


@dataclass(frozen=True)
class Example:
    """One executed fence of a page that includes a snippet file, or one ``question`` fence."""

    snippet: str  # path under snippets/, e.g. "lesson/concept/steplr_y2x.py" (or a question file)
    block: str  # the fence id
    kind: str  # "text", "html" or "markdown": how the page shows its output; or "question"
    section: str  # the heading above it on the page
    line: int  # the fence's line in the page
    timeout: str = ""  # the fence's own time limit, if it sets one
    raises: str = ""  # the exception the fence expects, if any


def page_examples(markdown: str) -> list[Example]:
    """The snippet-including executed fences of a page, in order. An example is a fence that
    only includes snippet files (a question block that embeds a proof snippet in its own code is
    page machinery, not an example)."""
    examples: list[Example] = []
    for fence in fences.scan(markdown):
        if fence.question:
            path = "".join(text for _, text in fence.body).strip()
            block = path.removesuffix(".yml")
            examples.append(Example(path, block, "question", fence.section, fence.line))
            continue
        included = [fences.include_path(text) for _, text in fence.body if text.strip()]
        if not (fence.executed and included and all(included)):
            continue
        options = fence.options
        for snippet in included:
            examples.append(
                Example(
                    snippet,
                    options.get("id", ""),
                    _kind(options),
                    fence.section,
                    fence.line,
                    options.get("timeout", ""),
                    options.get("raises", ""),
                )
            )
    return examples


def _kind(options: dict[str, str]) -> str:
    return "html" if options.get("html") else "text" if options.get("result") else "markdown"


@dataclass(frozen=True)
class Setup:
    """What a notebook's first cell installs: the site's wheel of its helper package."""

    package: str  # e.g. "lrlab"
    digest: str  # the source digest the wheel carries (``<package>.source_digest()``)
    wheel_url: str  # where the site publishes the wheel
    built_with: dict[str, str]  # package -> the version that produced the page (e.g. torch)
    machine: str = ""  # the architecture that produced the page (``x86_64``)
    numerics: dict[str, str] = field(default_factory=dict)  # the mode it ran under


SETUP_CELL = """\
# Set-up: the page's numerics mode, set before torch is imported, so that this kernel prints
# the page's very numbers on any {machine} CPU; then the {package} helpers this page was built
# with (installed unless already here).
import os, subprocess, sys, warnings
NUMERICS = {numerics!r}
os.environ.update(NUMERICS)
WHEEL = "{wheel_url}"
def ready():
    try:
        import {package}
        return {package}.source_digest() == "{digest}"
    except ImportError:
        return False
pip = [sys.executable, "-m", "pip", "install", "--quiet", WHEEL]
if not ready() and (subprocess.run(pip).returncode or not ready()):
    warnings.filterwarnings("ignore", "To exit")  # IPython's note on SystemExit
    raise SystemExit(f"Could not install the {package} helpers from {{WHEEL}}. Install "
                     f"them by hand, then restart the kernel: pip install torch {{WHEEL}}")
from {package}.repro import versions_note
print(versions_note({built_with!r}, "{machine}", NUMERICS))"""


def setup_cell(setup: Setup) -> nbformat.NotebookNode:
    """The first code cell of a notebook: installs the helpers, says which torch it runs with."""
    cell = nbformat.v4.new_code_cell(
        SETUP_CELL.format(
            package=setup.package,
            digest=setup.digest,
            wheel_url=setup.wheel_url,
            built_with=dict(sorted(setup.built_with.items())),
            machine=setup.machine,
            numerics=dict(sorted(setup.numerics.items())),
        )
    )
    cell.metadata["lrlab"] = {"setup": True}
    return cell


def build_notebook(
    title: str,
    page_url: str,
    examples: Iterable[Example],
    snippets_dir: Path,
    setup: Setup | None = None,
    test: bool = False,
) -> nbformat.NotebookNode:
    """A notebook of a page's examples and questions, in page order (not executed). In a
    ``test`` notebook no cell gets an output and every answer stays collapsed."""
    # a missing snippet is reported (and fails the build) where the page includes it
    examples = [e for e in examples if (snippets_dir / e.snippet).is_file()]
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.metadata["lrlab"] = {"generated": True, "page": page_url, "test": test}
    has_questions = any(e.kind == "question" for e in examples)
    what = "question and example" if has_questions else "example"
    intro = (
        f"# {title}: notebook\n\n"
        f"Every {what} of the page [{title}]({page_url}), in page order, from the same files "
        "the page runs. It is generated by the site build; edit the snippets, not this "
        "notebook.\n\n"
    )
    if setup is not None:
        intro += (
            "**Run it yourself** anywhere Python 3.11 and torch run: the first cell installs the "
            f"`{setup.package}` helpers this page was built with (the wheel the site serves) "
            "unless they are already installed, and says which torch it runs with. It also sets "
            "the numerics mode the page ran under, so on any "
            f"{setup.machine or 'such'} machine with the same torch every number is the page's; "
            "on another architecture or torch the last digits can differ.\n\n"
        )
    if has_questions:
        intro += (
            "Each question's code is a cell you can run and change; its answer and solution "
            "stay folded until you open them"
            + (" (this is the test: no cell shows its output until you run it)." if test else ".")
            + "\n\n"
        )
    if any(example.kind in KIND_MAGIC and example.kind != "text" for example in examples):
        intro += (
            "Cells that start with `%%lrlab_html` or `%%lrlab_markdown` print HTML (a chart) or "
            "Markdown (a sentence quoting measured numbers): the magic shows it rendered, as the "
            "page does; the cell after the set-up loads these two magics."
        )
    nb.cells.append(nbformat.v4.new_markdown_cell(intro.rstrip()))
    if setup is not None:
        nb.cells.append(setup_cell(setup))
    if any(example.kind in ("html", "markdown") for example in examples):
        magics = nbformat.v4.new_code_cell("%reload_ext lrlab.ipython")
        magics.metadata["lrlab"] = {"setup": True}
        nb.cells.append(magics)
    section = None
    number = 0
    for example in examples:
        if example.section != section:
            section = example.section
            nb.cells.append(nbformat.v4.new_markdown_cell(f"## {section}"))
        if example.kind == "question":
            number += 1
            nb.cells += question_cells(example, snippets_dir, number)
            continue
        code = (snippets_dir / example.snippet).read_text(encoding="utf-8").rstrip("\n")
        magic = KIND_MAGIC[example.kind]
        cell = nbformat.v4.new_code_cell(f"{magic}\n{code}" if magic else code)
        cell.metadata["lrlab"] = {
            "snippet": example.snippet,
            "block": example.block,
            "kind": example.kind,
            "timeout": example.timeout,
            "raises": example.raises,
        }
        if example.raises:
            cell.metadata["tags"] = ["raises-exception"]  # Jupyter runs on past it
        nb.cells.append(cell)
    for index, cell in enumerate(nb.cells):
        cell.id = f"cell-{index}"  # stable ids: the same page gives the same notebook bytes
    return nb


def _folded(summary: str, body: str) -> str:
    """Markdown that Jupyter shows collapsed until the reader opens it."""
    return f"<details><summary>{summary}</summary>\n\n{body.strip()}\n\n</details>"


def _piece_cell(code: str, example: Example, label: str) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(code.rstrip("\n"))
    cell.metadata["lrlab"] = {"question": example.snippet, "piece": label, "block": example.block}
    return cell


def question_cells(example: Example, snippets_dir: Path, number: int) -> list:
    """A question as notebook cells: its stem and options, its code as cells to run and change,
    and its answer, solution, hint and common mistakes folded away."""
    q = question_files.load(snippets_dir / example.snippet, example.snippet)
    code = proofs.pieces(q)
    stem = f"### Question {number} · {q.difficulty}\n\n{q.stem.strip()}"
    cells = [nbformat.v4.new_markdown_cell(stem)]
    if "given" in code:
        cells.append(_piece_cell(code["given"], example, "given"))
    if q.proof_in_stem and "proof" in code:
        cells.append(_piece_cell(code["proof"], example, "proof"))
    options = []
    for letter, option in zip(q.letters, q.choices, strict=True):
        text = option.text.strip() or f"`{option.code.strip()}`"
        options.append(f"- **{letter}.** {text}")
    if q.kind == "runs":
        options.append(
            "\nEach option as a program (setup, the option, the check) follows: run them to see "
            "which ones pass."
        )
    cells.append(nbformat.v4.new_markdown_cell("\n".join(options)))
    if q.kind == "runs":
        for letter in q.letters:
            cell = _piece_cell(f"# Option {letter}\n{code[letter]}", example, letter)
            cell.metadata["tags"] = ["raises-exception"]  # a wrong option may raise: run on
            cells.append(cell)
    # one Markdown cell for everything folded (fewer cells: a lighter notebook page)
    folded = [_folded("Hint", q.hint)] if q.hint else []
    key = q.choices[q.letters.index(q.answer)]
    steps = "\n".join(f"{n}. {step}" for n, step in enumerate(q.steps, start=1))
    answer = f"**Answer: {q.answer}.** {key.text.strip() or f'`{key.code.strip()}`'}\n\n{steps}"
    if q.quick_check:
        answer += f"\n\n**Quick check:** {q.quick_check}"
    folded.append(_folded("Answer and solution", answer))
    if q.mistakes:
        folded.append(_folded("Common mistakes", "\n".join(f"- {m}" for m in q.mistakes)))
    hidden = [
        label
        for label in ("proof", "illustration")
        if label in code and not (label == "proof" and q.proof_in_stem)
    ]
    folded += [f"The {label} code is in the next cell, folded." for label in hidden]
    cells.append(nbformat.v4.new_markdown_cell("\n\n".join(folded)))
    for label in hidden:
        cell = _piece_cell(code[label], example, label)
        cell.metadata["jupyter"] = {"source_hidden": True, "outputs_hidden": True}
        cells.append(cell)
    return cells


def _cells(nb: nbformat.NotebookNode, name: str, build: Build):
    """Each snippet or question cell with the code, block name and run options it runs with
    (a question cell runs its question's piece of code, the same run as the page's)."""
    snippets_dir = build.settings.snippets_dir
    loaded: dict[str, dict[str, str]] = {}
    for cell in nb.cells:
        meta = cell.metadata.get("lrlab", {})
        if cell.cell_type != "code":
            continue
        if "piece" in meta:
            path = meta["question"]
            if path not in loaded:
                question = question_files.load(snippets_dir / path, path)
                loaded[path] = proofs.pieces(question)
            code = loaded[path][meta["piece"]]
            block = f"{name} {meta['block']} {meta['piece']}"
            yield cell, code, block, question_fence.question_run(build)
        elif "snippet" in meta:
            code = (snippets_dir / meta["snippet"]).read_text(encoding="utf-8")
            options = {k: meta[k] for k in ("timeout", "raises") if meta.get(k)}
            yield cell, code, f"{name} {meta['snippet']}", build.run_options(options)


def cell_blocks(
    nb: nbformat.NotebookNode, name: str, build: Build
) -> list[tuple[str, str, RunOptions]]:
    """What the notebook's cells will run, for the build to submit ahead of rendering."""
    return [(code, block, run) for _, code, block, run in _cells(nb, name, build)]


def _error_output(raised: str) -> nbformat.NotebookNode:
    ename, _, evalue = raised.partition(": ")
    return nbformat.v4.new_output("error", ename=ename, evalue=evalue, traceback=[raised])


def execute(nb: nbformat.NotebookNode, name: str, build: Build) -> int:
    """Fill in every snippet and question cell's output from the build's run of that code (see
    the module docstring); a test notebook keeps its outputs empty. Returns how many cells had
    to run (the rest reused this build's or the cache's results). Raises `NotebookError` naming
    the notebook and snippet if a run fails."""
    if nb.metadata.get("lrlab", {}).get("test"):
        return 0  # a test stays a test: the learner runs the cells
    count = 0
    for cell in nb.cells:
        if cell.cell_type == "code":
            count += 1
            cell.execution_count = count
    ran = 0
    for cell, code, block, run in _cells(nb, name, build):
        meta = cell.metadata["lrlab"]
        source = meta.get("snippet") or f"{meta['question']} ({meta['piece']})"
        try:
            entry, reused, _ = build.run_cached(code, block, None, run)
        except BlockError as error:
            where = f" at {error.code_line}" if error.code_line else ""
            raise NotebookError(
                f"{name}: cell from snippets/{source} failed{where}: {error.message}"
            ) from None
        except NotInShard:
            continue
        ran += not reused
        output = entry["output"]
        kind = meta.get("kind", "text")
        if kind == "text":
            cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=output)]
        else:
            mime = "text/html" if kind == "html" else "text/markdown"
            cell.outputs = [nbformat.v4.new_output("display_data", data={mime: output})]
        stderr = stderr_text(entry, None)
        if stderr.strip():
            cell.outputs.append(nbformat.v4.new_output("stream", name="stderr", text=stderr))
        if entry.get("raised"):
            cell.outputs.append(_error_output(entry["raised"]))
    return ran


def outputs_by_snippet(nb: nbformat.NotebookNode) -> dict[str, str]:
    """What each snippet cell of an executed notebook showed: its printed text, or the HTML or
    Markdown it displayed, then the exception it raised as its last line, as the page shows a
    ``raises=`` block (not its stderr, whose file paths differ between kernels)."""
    shown: dict[str, str] = {}
    for cell in nb.cells:
        meta = cell.metadata.get("lrlab", {})
        if cell.cell_type != "code" or "snippet" not in meta:
            continue
        parts = []
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream" and output.get("name") == "stdout":
                parts.append(output.get("text", ""))
            elif output.get("output_type") in {"display_data", "execute_result"}:
                data = output.get("data", {})
                parts.append(data.get("text/html") or data.get("text/markdown") or "")
            elif output.get("output_type") == "error":
                parts.append(f"{output.get('ename', '')}: {output.get('evalue', '')}\n")
        shown[meta["snippet"]] = "".join(parts)
    return shown
