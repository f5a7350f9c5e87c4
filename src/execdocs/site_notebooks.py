"""The plugin's notebook part: each lesson page's notebook generated from its snippets and
question files, the helper wheel it installs, the "Run it yourself" section that links it, and
the order in which MkDocs renders notebooks (right after their pages)."""

from __future__ import annotations

import ast
import posixpath
import re
from fnmatch import fnmatch
from pathlib import Path
from typing import Any

import nbformat
from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files

from execdocs import notebooks, numerics, question_fence, runner
from execdocs.closure import imported_modules, package_dir
from execdocs.failures import Failure
from execdocs.markup import page_blocks
from execdocs.wheel import build_wheel


class NotebookParts:
    """Methods of `execdocs.plugin.ExecDocsPlugin` (its ``config``, ``_build()``, ``notebooks``,
    ``notebook_of``, ``wheel`` and ``wheel_url``) that make and link the notebooks."""

    config: Any
    notebooks: dict
    notebook_of: dict[str, str]

    def _page_files(
        self, file: File, rel: str, snippets: Path, setup: Any, out: Path, files: Any, config: Any
    ) -> tuple[list, nbformat.NotebookNode | None, list]:
        """A page's blocks; the notebook generated from it (`notebooks:`), if any, written and
        added to the site, with its blocks."""
        markdown = Path(file.abs_src_path).read_text(encoding="utf-8")
        blocks = page_blocks(self._build(), markdown)
        if not any(fnmatch(file.src_uri, glob) for glob in self.config.notebooks):
            return blocks, None, []
        examples = notebooks.page_examples(markdown)
        if not examples:
            return blocks, None, []
        page_url = posixpath.relpath(
            file.url or ".", posixpath.dirname(rel.removesuffix(".ipynb") + "/")
        )
        test = any(fnmatch(file.src_uri, glob) for glob in self.config.notebook_tests)
        title = _title(markdown, file.src_uri)
        try:
            nb = notebooks.build_notebook(title, page_url, examples, snippets, setup, test)
        except question_fence.questions.QuestionError:
            return blocks, None, []  # the page's question fence reports the broken file
        self._check_standalone(f"docs/{file.src_uri}", nb)
        target = out / rel  # written now; again, with its outputs, just before it renders
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, target)  # (a site without mkdocs-jupyter copies it as it is)
        self._add_notebook(files, file.src_uri, rel, out, config)
        self.notebooks[rel] = (nb, target, f"docs/{file.src_uri}")
        return blocks, nb, notebooks.cell_blocks(nb, rel, self._build())

    def _add_notebook(self, files: Any, page: str, rel: str, out: Path, config: Any) -> None:
        notebook_file = File(rel, str(out), config["site_dir"], config["use_directory_urls"])
        files.append(notebook_file)
        self.notebook_of[page] = rel

    def _publish_wheel(self, files: Any, config: Any) -> notebooks.Setup | None:
        """Add the wheel of the helper package (`wheel:`) to the site; what notebooks install."""
        options = self.config.wheel
        self.wheel, self.wheel_url = None, ""
        if not options:
            return None
        where = package_dir(options["package"])
        if where is None:
            raise Abort(f"execdocs: wheel: package {options['package']!r} is not importable")
        self.wheel = build_wheel(
            where,
            str(options.get("version", "0")),
            list(options.get("requires", [])),
            str(options.get("summary", "")),
        )
        uri = f"{options.get('dir', 'packages')}/{self.wheel.filename}"
        files.append(File.generated(config, uri, content=self.wheel.content))
        self.wheel_url = (config["site_url"] or "/") + uri
        build = self._build()
        values = build.keys.values()
        built_with = {name: values[name] for name in build.settings.key_packages}
        return notebooks.Setup(
            options["package"],
            self.wheel.digest,
            self.wheel_url,
            built_with,
            numerics.machine(),
            dict(build.settings.numerics),
        )

    def _check_standalone(self, page: str, nb: nbformat.NotebookNode) -> None:
        """A notebook's code may import the helper package it installs, never another package
        the engine follows (the engine itself, or a helper package the wheel does not hold)."""
        build = self._build()
        wheel = self.config.wheel.get("package")
        for cell in nb.cells:
            meta = cell.metadata.get("lrlab", {})
            if cell.cell_type != "code" or not ({"snippet", "piece"} & meta.keys()):
                continue
            try:
                tree = ast.parse(
                    cell.source.split("\n", 1)[-1] if cell.source.startswith("%%") else cell.source
                )
            except SyntaxError:
                continue  # the page's block reports it
            outside = sorted(
                name
                for name in imported_modules(tree)
                if "." not in name and build.closure.follows(name) and name != wheel
            )
            if outside:
                block = meta.get("block") or meta.get("snippet")
                build.record(
                    Failure(
                        page,
                        str(block),
                        str(runner.Kind.OPTION),
                        f"its code imports {', '.join(outside)}, which a reader who installs only "
                        f"torch and the {wheel} wheel does not have",
                    )
                )

    def _same_numbers(self) -> str:
        """Where a reader gets the page's very numbers: the architecture and the torch that
        produced them, under the numerics mode the notebook's first cell sets ("" where the
        site pins none)."""
        settings = self._build().settings
        if not settings.numerics:
            return ""
        values = self._build().keys.values()
        versions = " and ".join(f"{n} {values[n]}" for n in settings.key_packages if n in values)
        return (
            f"On any {numerics.machine()} machine{f' with {versions}' if versions else ''} the "
            "notebook prints this page's numbers to the last digit (its first cell sets the "
            "numerics mode the build ran under); on another architecture or version the last "
            "digits can differ slightly."
        )

    def _links(self, notebook: str, config: Any) -> list[tuple[str, str]]:
        """The hosted-notebook links of `notebook_links:` for one notebook."""
        stem = notebook.removesuffix(".ipynb")
        path = f"{stem}/{posixpath.basename(notebook)}"
        address = (config["site_url"] or "") + path
        return [
            (link["name"], link["url"].format(notebook_url=address, path=path))
            for link in self.config.notebook_links
        ]


def after_their_pages(files: Files, notebook_of: dict[str, str]) -> Files:
    """The same files, each generated notebook right after its page (`notebook_of`: page ->
    notebook). MkDocs renders pages in this order; a notebook can render once its page's
    blocks have run, so there it is converted (mkdocs-jupyter: most of a second each) while
    later pages' blocks still run, instead of after every page, with the workers idle."""
    notebooks = {rel: page for page, rel in notebook_of.items()}
    by_uri = {file.src_uri: file for file in files}
    ordered: list[File] = []
    for file in files:
        if file.src_uri in notebooks:
            continue
        ordered.append(file)
        if file.src_uri in notebook_of:
            ordered.append(by_uri[notebook_of[file.src_uri]])
    return Files(ordered)


def _title(markdown: str, src_uri: str) -> str:
    match = re.search(r"^#\s+(.+?)\s*$", markdown, re.M)
    return match.group(1) if match else Path(src_uri).stem.replace("-", " ").capitalize()


def run_it_yourself(
    page_url: str,
    notebook: str,
    wheel_url: str = "",
    links: list[tuple[str, str]] = (),
    what: str = "example",
    same_numbers: str = "",
) -> str:
    """The section appended to a page that has a notebook: the one install line, the notebook
    (to read and to download) and the hosted-notebook services that open it."""
    here = posixpath.dirname(page_url.rstrip("/") + "/x")
    stem = notebook.removesuffix(".ipynb")
    page = posixpath.relpath(notebook, posixpath.dirname(here) or ".")
    name = posixpath.basename(notebook)
    download = posixpath.relpath(f"{stem}/{name}", here)
    parts = [
        "\n\n## Run it yourself\n\n"
        f"Every {what} on this page is also in [its notebook]({page}), from the same "
        f'build: <a href="{download}" download>download {name}</a>.'
    ]
    if wheel_url:
        parts.append(
            " The code needs only PyTorch and this site's helpers, which install with one line "
            "(the notebook's first cell runs it for you, and says if your torch differs from "
            "the one that produced this page):\n\n"
            f"```bash\npip install torch {wheel_url}\n```\n"
        )
    if same_numbers:
        parts.append(f"\n{same_numbers}\n")
    if links:
        opened = " · ".join(f"[{label}]({url})" for label, url in links)
        parts.append(f"\nOpen the notebook in a hosted service: {opened}.\n")
    return "".join(parts) + "\n"
