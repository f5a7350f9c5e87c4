"""The ``execdocs`` MkDocs plugin: wires `execdocs.engine` into a build.

It is found through its ``mkdocs.plugins`` entry point and registers the executed ``python``
fence with superfences itself (`register_fences`).

* Before each build: forget the last build's records and drop the teaching helpers from
  ``sys.modules`` so `mkdocs serve` runs edited helper code.
* For each page: write the fence's Markdown line into every executed fence, check every
  ``--8<--`` include exists (a missing one is reported with its line instead of aborting the
  page), and point the engine at the page.
* After the build: fill in the build report page and fail with every failure listed together,
  with or without ``--strict``. Under `mkdocs serve` the failures are logged and the server
  keeps running, with a notice in place of each failed block.
"""

from __future__ import annotations

import hashlib
import html
import logging
import os
import posixpath
import re
import time
from fnmatch import fnmatch
from pathlib import Path
from typing import Any

import nbformat
from markdown_exec import MarkdownConverter, markdown_config
from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import Abort
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File

from execdocs import engine, fences, notebooks, reading_time, runner

log = logging.getLogger("mkdocs.plugins.execdocs")

REPORT_MARKER = "<!-- lrlab:build-report -->"


class ExecDocsConfig(Config):
    """The plugin's options (``plugins: - execdocs: ...`` in mkdocs.yml). Environment variables
    override some of them for one build: ``LRLAB_CACHE`` (on, off, refresh),
    ``LRLAB_CACHE_DIR``, ``LRLAB_WORKERS``, ``LRLAB_EXECUTE=off``, ``LRLAB_SHARD=i/n``,
    ``LRLAB_ORDER=reverse``."""

    timeout = config_options.Type((int, float), default=6.0)
    """Seconds a block may run (``timeout="20"`` on a fence)."""
    memory = config_options.Type(str, default="4G")
    """What a block may allocate beyond the warm parent (``memory="8G"`` on a fence)."""
    workers = config_options.Type(int, default=0)
    """Blocks run at once, each in its own process (0: one per CPU)."""
    preload = config_options.Type(list, default=[])
    """Modules the warm parent imports before it forks (torch, numpy, matplotlib always)."""
    helpers = config_options.Type(list, default=[])
    """Packages whose sources key the blocks that import them (followed through imports)."""
    prelude = config_options.Type(str, default="")
    """Code run before every block, untimed (seeding); it is in every key."""
    key_env = config_options.Type(dict, default={})
    """Environment variables (with their defaults) every output depends on."""
    key_packages = config_options.Type(list, default=[])
    """Installed packages whose versions every output depends on."""
    provenance = config_options.Type(str, default="")
    """The note under each output, filled in from `key_env` and `key_packages` by name."""
    cache_dir = config_options.Type(str, default=".cache/lrlab")
    """Where outputs are cached, keyed by everything they depend on."""
    notebooks = config_options.Type(list, default=[])
    """Pages (globs under docs/) that get a notebook of their examples."""
    notebooks_dir = config_options.Type(str, default="notebooks")
    """Where the notebooks are published in the site."""


def annotate(markdown: str, page: str) -> tuple[str, list[engine.Failure]]:
    """Write ``lrlab_line="N"`` into every executed fence, register each fence with the engine,
    and replace any include of a missing snippet file by a notice (reported as a failure)."""
    lines = markdown.split("\n")
    failures: list[engine.Failure] = []
    for fence in fences.scan(markdown):
        if fence.executed:
            lines[fence.line - 1] += f' lrlab_line="{fence.line}"'
            engine.register_fence(page, fence.line, [text for _, text in fence.body])
        elif fence.question:
            lines[fence.line - 1] += f' lrlab_line="{fence.line}"'
            continue  # its body is a file name, not code with includes
        for number, text in fence.body:
            included = engine.include_path(text)
            if included and not (engine.settings.snippets_dir / included).is_file():
                failures.append(
                    engine.Failure(
                        f"{page}:{number}",
                        f"include {included}",
                        "MissingInclude",
                        f"snippets/{included} does not exist",
                    )
                )
                lines[number - 1] = f"{fence.indent}{engine.MISSING_INCLUDE}: {included}"
    return "\n".join(lines), failures


def register_fences(config: Any) -> None:
    """Executed ``python`` fences go through the engine: superfences (added if the site does
    not list it) gets the engine's validator and formatter, so mkdocs.yml names no function."""
    if "pymdownx.superfences" not in config.markdown_extensions:
        config.markdown_extensions.append("pymdownx.superfences")
    options = config.mdx_configs.setdefault("pymdownx.superfences", {})
    custom = [f for f in options.get("custom_fences", []) if f.get("name") != "python"]
    custom = [f for f in custom if f.get("name") != "question"]
    custom.append(
        {
            "name": "python",
            "class": "python",
            "validator": engine.validator,
            "format": engine.formatter,
        }
    )
    # ```question``` fences name a question file (see execdocs.question_files)
    custom.append(
        {
            "name": "question",
            "class": "question",
            "validator": engine.question_validator,
            "format": engine.question_formatter,
        }
    )
    options["custom_fences"] = custom


def page_blocks(markdown: str) -> list[tuple[str, str, engine.RunOptions]]:
    """Every executed block of a page as the formatter will run it: (code, id, run options).
    A block this cannot predict (a missing include, a bad option) is left to the formatter,
    which reports it."""
    blocks = []
    for fence in fences.scan(markdown):
        if fence.question:
            path = "".join(text for _, text in fence.body).strip()
            for label, code in engine.question_pieces(path).items():
                blocks.append((code, f"{path} {label}", engine.question_run()))
            continue
        if not fence.executed or fence.options.get("session"):
            continue
        code = engine.expand([text for _, text in fence.body])
        try:
            run = engine.RunOptions.parse(fence.options)
        except ValueError:
            continue
        if code is not None:
            blocks.append((code, fence.options.get("id") or f"line {fence.line}", run))
    return blocks


def _shard(text: str) -> tuple[int, int] | None:
    """``LRLAB_SHARD="i/n"``: this build runs only the blocks of shard i (from 0) of n."""
    if not text:
        return None
    match = re.fullmatch(r"(\d+)/(\d+)", text.strip())
    if not match or not int(match[1]) < int(match[2]):
        raise Abort(f"LRLAB_SHARD must be i/n with 0 <= i < n, got {text!r}")
    return int(match[1]), int(match[2])


def _quiet_not_found(record: logging.LogRecord) -> bool:
    """Log the dev server's 404s as information, not as build warnings."""
    if record.levelno == logging.WARNING and " code 404" in record.getMessage():
        record.levelno, record.levelname = logging.INFO, "INFO"
    return True


class ExecDocsPlugin(BasePlugin[ExecDocsConfig]):
    def __init__(self) -> None:
        self.command = "build"

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command
        if command == "serve":
            # The dev server logs a request for a missing page as a warning; strict mode would
            # count it and abort the rebuild running at that moment, with no other message.
            logging.getLogger("mkdocs.livereload").addFilter(_quiet_not_found)

    def on_shutdown(self) -> None:
        engine.close_pool()

    def on_config(self, config: Any) -> Any:
        root = Path(config["config_file_path"]).parent
        snippets = config["mdx_configs"].get("pymdownx.snippets", {}).get("base_path", "snippets")
        base = snippets[0] if isinstance(snippets, list) else snippets
        mode = os.environ.get("LRLAB_CACHE", "on").lower()
        engine.settings.timeout = self.config.timeout
        engine.settings.memory = engine.parse_size(self.config.memory)
        workers = int(os.environ.get("LRLAB_WORKERS") or self.config.workers or 0)
        engine.settings.workers = workers if workers > 0 else os.cpu_count() or 1
        engine.settings.preload = tuple(self.config.preload)
        engine.settings.root = root
        engine.settings.helpers = tuple(self.config.helpers)
        engine.settings.prelude = self.config.prelude
        engine.settings.key_env = {str(k): str(v) for k, v in self.config.key_env.items()}
        engine.settings.key_packages = tuple(self.config.key_packages)
        engine.settings.provenance = self.config.provenance
        engine.settings.shard = _shard(os.environ.get("LRLAB_SHARD", ""))
        engine.settings.reverse = os.environ.get("LRLAB_ORDER", "") == "reverse"
        engine.settings.snippets_dir = Path(os.path.relpath(root / base))
        cache_dir = Path(os.environ.get("LRLAB_CACHE_DIR", root / self.config.cache_dir))
        engine.settings.cache_dir = None if mode == "off" else cache_dir
        engine.settings.refresh = mode == "refresh"
        engine.settings.execute = os.environ.get("LRLAB_EXECUTE", "on").lower() != "off"
        register_fences(config)
        # markdown-exec renders outputs with the site's own Markdown extensions.
        markdown_config.save(config.markdown_extensions, config.mdx_configs)
        return config

    def on_pre_build(self, *, config: Any) -> None:
        engine.new_build()
        self.notebook_css: dict[str, str] = {}
        self.notebooks: dict[str, nbformat.NotebookNode] = {}  # src_uri -> notebook to fill
        if self.command == "serve" and engine.settings.execute:
            engine.pool()  # warm (or restarted after a helper edit) before the first block

    def on_files(self, files: Any, *, config: Any) -> Any:
        """Generate the notebook of every page the `notebooks` globs select, then submit every
        executed block of every page and notebook, so that they run on the pool while MkDocs
        renders (a page waits only for its own blocks)."""
        self.notebook_of = {}
        self.files = files
        blocks: list[tuple[str, str, engine.RunOptions]] = []
        # generated notebooks live beside the execution cache (made by the build, never edited)
        cache = Path(config["config_file_path"]).parent / self.config.cache_dir
        out = cache / "notebooks"
        snippets = engine.settings.snippets_dir
        for file in files.documentation_pages():  # the order MkDocs renders them in
            if not file.src_uri.endswith(".md"):
                continue
            markdown = Path(file.abs_src_path).read_text(encoding="utf-8")
            blocks += page_blocks(markdown)
            if not any(fnmatch(file.src_uri, glob) for glob in self.config.notebooks):
                continue
            examples = notebooks.page_examples(markdown)
            if not examples:
                continue
            rel = f"{self.config.notebooks_dir}/{file.src_uri.removesuffix('.md')}.ipynb"
            page_url = posixpath.relpath(
                file.url or ".", posixpath.dirname(rel.removesuffix(".ipynb") + "/")
            )
            nb = notebooks.build_notebook(
                _title(markdown, file.src_uri), page_url, examples, snippets
            )
            blocks += notebooks.cell_blocks(nb, rel, snippets)
            target = out / rel  # written, with its outputs, just before it is rendered
            target.parent.mkdir(parents=True, exist_ok=True)
            notebook_file = File(rel, str(out), config["site_dir"], config["use_directory_urls"])
            files.append(notebook_file)
            self.notebook_of[file.src_uri] = rel
            self.notebooks[rel] = (nb, target, f"docs/{file.src_uri}")
        if engine.settings.execute:
            if engine.settings.reverse:
                blocks.reverse()
            # blocks that declare a longer time limit are the slow ones: start them first, so
            # that no long run is left alone on one worker at the end of the build
            blocks.sort(key=lambda item: -item[2].timeout)
            for code, block, run in blocks:
                engine.submit(code, block, run)
        log.info(
            "execdocs: %d blocks submitted ahead of rendering, %d notebooks",
            len(engine.state.pending),
            len(self.notebook_of),
        )
        return files

    def on_pre_page(self, page: Any, *, config: Any, files: Any) -> Any:
        """A notebook page gets its cells' outputs (this build's runs) before it is rendered.
        Its file is written whatever happens: a failed cell is reported with its snippet, and
        the notebook page still builds (without that output) like every other page."""
        found = self.notebooks.get(page.file.src_uri)
        if found is None:
            return page
        nb, target, page_source = found
        begun = time.perf_counter()
        try:
            if engine.settings.execute:
                cells = notebooks.execute(nb, page.file.src_uri, engine.settings.snippets_dir)
                seconds = time.perf_counter() - begun
                engine.state.notebooks.append(
                    engine.BlockRun(page_source, page.file.src_uri, seconds, not cells, True)
                )
        except notebooks.NotebookError as error:
            engine.record_failure(
                engine.Failure(
                    page_source, page.file.src_uri, str(runner.Kind.NOTEBOOK_CELL), str(error)
                )
            )
        finally:
            nbformat.write(nb, target)
        return page

    def on_page_markdown(self, markdown: str, *, page: Any, config: Any, files: Any) -> str:
        docs = Path(config["docs_dir"]).name
        name = f"{docs}/{page.file.src_uri}"
        engine.state.page = name
        annotated, failures = annotate(markdown, name)
        annotated = reading_time.fill(
            annotated,
            reading_time.reader(engine.settings.snippets_dir),
            reading_time.reader(Path(page.file.abs_src_path).parent),
        )
        for failure in failures:
            engine.record_failure(failure)
        notebook = getattr(self, "notebook_of", {}).get(page.file.src_uri)
        if notebook:
            annotated += run_it_yourself(page.url, notebook)
        return annotated

    def on_page_content(self, html: str, *, page: Any, config: Any, files: Any) -> str:
        if page.file.src_uri.endswith(".ipynb"):
            # a notebook repeats its lesson page's examples: search results lead to the page
            page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
        return html

    def on_page_context(self, context: Any, *, page: Any, config: Any, nav: Any) -> Any:
        """Charts are set aside before the search plugin (next in `plugins:`) indexes the page:
        their tick labels are no text to search for, and parsing them was most of what an
        executed page cost the index. The values table beside each chart stays searchable;
        `on_post_page` puts the charts back."""
        self.charts: list[str] = []

        def set_aside(match: re.Match[str]) -> str:
            self.charts.append(match.group(0))
            return f"<!--lrlab-chart-{len(self.charts) - 1}-->"

        page.content = _SVG.sub(set_aside, page.content or "")
        return context

    def on_post_page(self, output: str, *, page: Any, config: Any) -> str:
        charts = getattr(self, "charts", [])
        if charts:
            output = _CHART_MARK.sub(lambda m: charts[int(m.group(1))], output)
            self.charts = []
        if REPORT_MARKER in output:
            output = output.replace(REPORT_MARKER, report_html())
        # Material's search overlay is a dialog without a name (axe: aria-dialog-name).
        output = output.replace(
            'data-md-component="search" role="dialog"',
            'data-md-component="search" role="dialog" aria-label="Search"',
            1,
        )
        if page.file.src_uri.endswith(".ipynb"):
            output, css = slim_notebook_page(output)
            if css:
                name = f"assets/lrlab-notebook-{hashlib.sha256(css.encode()).hexdigest()[:12]}.css"
                self.notebook_css[name] = css
                href = posixpath.relpath(name, posixpath.dirname(page.url.rstrip("/") + "/x"))
                output = output.replace(
                    NOTEBOOK_CSS_MARKER, f'<link rel="stylesheet" href="{href}">', 1
                )
        return output

    def on_post_build(self, *, config: Any) -> None:
        for name, css in getattr(self, "notebook_css", {}).items():
            target = Path(config["site_dir"]) / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(css, encoding="utf-8")
        MarkdownConverter.counter = 0
        markdown_config.reset()
        runs = engine.state.runs
        log.info(
            "execdocs: %d blocks, %d executed, %d from cache, %d failed",
            len(runs),
            engine.state.executed,
            sum(r.cached for r in runs),
            len(engine.state.failures),
        )
        if engine.state.pending:  # the pre-scan predicted code no block ran: work wasted
            log.info("execdocs: %d submitted runs were not used", len(engine.state.pending))
        site = Path(config["site_dir"])
        pages = self.files.documentation_pages()
        missing = [f.src_uri for f in pages if not (site / f.dest_uri).is_file()]
        if missing:
            raise Abort(f"execdocs: pages missing from the built site: {', '.join(missing)}")
        failures = engine.state.failures
        if not failures:
            return
        listing = "\n".join(f"  {f.describe()}" for f in failures)
        message = f"{len(failures)} code block(s) failed:\n{listing}"
        if self.command == "serve":
            log.error(message)
            return
        log.error(message)
        raise Abort(f"execdocs: {len(failures)} code block(s) failed (listed above)")


_SVG = re.compile(r"<svg\b.*?</svg>", re.S)
_CHART_MARK = re.compile(r"<!--lrlab-chart-(\d+)-->")

NOTEBOOK_CSS_MARKER = "<!-- lrlab:notebook-css -->"
_STYLE = re.compile(r'<style type="text/css">(.*?)</style>', re.S)
_DEAD_SCRIPTS = re.compile(
    r'<script type="text/x-mathjax-config">.*?</script>'  # no maths in our notebooks
    r'|<script type="module">(?:(?!</script>).)*?cdnjs\.cloudflare\.com.*?</script>',  # mermaid
    re.S,
)


def slim_notebook_page(output: str) -> tuple[str, str]:
    """Move the stylesheets mkdocs-jupyter inlines into every notebook page (over 0.5 MB)
    into one shared, cacheable file, and drop its MathJax/Mermaid loaders, which reference a
    third-party CDN and have nothing to draw here. Returns the page and the extracted CSS."""
    styles = [m for m in _STYLE.finditer(output) if "jp-" in m.group(1) or "jupyter" in m.group(1)]
    css = "\n".join(m.group(1) for m in styles)
    for index, match in enumerate(reversed(styles)):
        keep = NOTEBOOK_CSS_MARKER if index == len(styles) - 1 else ""
        output = output[: match.start()] + keep + output[match.end() :]
    # code cells scroll sideways: make them reachable by keyboard (axe: scrollable-region)
    output = output.replace(
        '<div class="highlight-ipynb', '<div tabindex="0" class="highlight-ipynb'
    )
    return _DEAD_SCRIPTS.sub("", output), css


def _title(markdown: str, src_uri: str) -> str:
    match = re.search(r"^#\s+(.+?)\s*$", markdown, re.M)
    return match.group(1) if match else Path(src_uri).stem.replace("-", " ").capitalize()


def run_it_yourself(page_url: str, notebook: str) -> str:
    """The section appended to a page that has a notebook: where to read it and get it."""
    here = posixpath.dirname(page_url.rstrip("/") + "/x")
    stem = notebook.removesuffix(".ipynb")
    page = posixpath.relpath(notebook, posixpath.dirname(here) or ".")
    name = posixpath.basename(notebook)
    download = posixpath.relpath(f"{stem}/{name}", here)
    return (
        "\n\n## Run it yourself\n\n"
        f"Every example on this page is also in [its notebook]({page}), executed by the same "
        f'build: <a href="{download}" download>download {name}</a>. It uses the `lrlab` helper '
        "package of this site's source project, so run it from a checkout of that project:\n\n"
        "```bash\n"
        "make install  # creates .venv with the pinned torch and lrlab\n"
        f".venv/bin/jupyter nbconvert --to notebook --execute --inplace {name}\n"
        "```\n\n"
        "or open it in Jupyter or VS Code with `.venv` as the kernel.\n"
    )


def report_html() -> str:
    """The build report: every block with its location, time, whether it was cached, and what
    it wrote to stderr or warned."""
    runs = sorted(engine.state.runs, key=lambda r: (r.location.split(":")[0], _line(r.location)))
    total = sum(r.seconds for r in runs if not r.cached)
    books = engine.state.notebooks
    rows = "\n".join(
        f"<tr><td><code>{html.escape(r.location)}</code></td><td><code>{html.escape(r.block)}"
        f"</code></td><td>{r.seconds:.3f}</td><td>{'cached' if r.cached else 'fresh'}</td>"
        f"<td>{'ok' if r.ok else 'failed'}</td><td>{html.escape(r.stderr)}</td></tr>"
        for r in [*runs, *books]
    )
    book_total = sum(b.seconds for b in books if not b.cached)
    noisy = sum(bool(r.stderr) for r in runs)
    return (
        f"<p>{len(runs)} executed blocks; {engine.state.executed} blocks executed in this "
        f"build, each in a process of its own, up to {engine.settings.workers} at once, "
        f"{total:.2f} s of execution ({sum(r.cached for r in runs)} reused a run). "
        f"{noisy} blocks wrote to stderr or warned (shown under their output). "
        f"{len(books)} notebooks; {book_total:.2f} s of notebook execution, shared with the "
        "pages' runs of the same snippets, listed after the blocks.</p>"
        '<table class="lrlab-report"><thead><tr><th>Block location</th><th>Block id</th>'
        "<th>Seconds</th><th>Run</th><th>Status</th><th>stderr</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
    )


def _line(location: str) -> int:
    tail = location.rsplit(":", 1)[-1]
    return int(tail) if tail.isdigit() else 0
