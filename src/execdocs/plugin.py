"""The ``execdocs`` MkDocs plugin: wires a `execdocs.engine.Build` into MkDocs' events.

It is found through its ``mkdocs.plugins`` entry point and registers the executed ``python``
fence and the ``question`` fence with superfences itself (`register_fences`).

* On config: read the settings (`execdocs.settings`), make the build object, register fences.
* Before each build: start the build afresh (its records, and the helpers' modules dropped
  from ``sys.modules`` so `mkdocs serve` runs edited helper code).
* On files: generate the notebooks, then predict and submit every page's and notebook's
  blocks, so they run on the warm parent's children while MkDocs renders.
* For each page: write the fence's Markdown line into every executed fence, check every
  ``--8<--`` include exists (a missing one is reported with its line instead of aborting the
  page), and point the build at the page.
* After the build: fill in the build report page and fail with every failure listed together,
  with or without ``--strict``. Under `mkdocs serve` the failures are logged and the server
  keeps running, with a notice in place of each failed block.
"""

from __future__ import annotations

import ast
import hashlib
import logging
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
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files

from execdocs import (
    depends,
    fences,
    incremental,
    notebooks,
    numerics,
    pool,
    question_fence,
    questions,
    reading_time,
    runner,
    sandbox,
    theme,
)
from execdocs.closure import imported_modules, package_dir
from execdocs.engine import Build, RunOptions
from execdocs.failures import Failure
from execdocs.fences import MISSING_INCLUDE, include_path
from execdocs.report import REPORT_MARKER, BlockRun, report_html
from execdocs.settings import SettingError, Settings
from execdocs.wheel import Wheel, build_wheel

HEADING_ID = re.compile(r'<h[1-6][^>]*\sid="([^"]+)"')
"""The anchors of a built page's headings."""

log = logging.getLogger("mkdocs.plugins.execdocs")


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
    """The note under each output, filled in from `key_env` and `key_packages` by name, and
    ``{platform}`` (the machine, and whether the numerics are pinned)."""
    answer_balance = config_options.Type(dict, default={})
    """``{least: 0.1, most: 0.4}``: each answer letter must be keyed in that share of a
    lesson's questions (the question files its top-level docs folder includes), or the build
    fails naming the lesson, the counts and the files; ``{}`` checks nothing."""
    numerics = config_options.Type(dict, default={})
    """Environment variables set in every process that runs a block before it imports torch,
    so that it prints the same bytes on every CPU of the machine architecture (see
    `execdocs.numerics`); they key every output."""
    strict_sandbox = config_options.Type(bool, default=False)
    """Fail the build where the kernel cannot keep a block from writing outside its own
    temporary folder (no Landlock), instead of warning once (`LRLAB_STRICT_SANDBOX=1`)."""
    cache_dir = config_options.Type(str, default=".cache/lrlab")
    """Where outputs are cached, keyed by everything they depend on."""
    notebooks = config_options.Type(list, default=[])
    """Pages (globs under docs/) that get a notebook of their examples."""
    notebooks_dir = config_options.Type(str, default="notebooks")
    """Where the notebooks are published in the site."""
    notebook_tests = config_options.Type(list, default=[])
    """Pages (globs) whose notebooks are tests: no cell carries an output."""
    notebook_links = config_options.Type(list, default=[])
    """Hosted-notebook services that open a notebook from its address: ``{name, url}`` each,
    ``url`` a template of ``{notebook_url}`` (absolute, under ``site_url``) and ``{path}`` (in
    the published site)."""
    incremental = config_options.Type(bool, default=True)
    """Under `mkdocs serve`, render again only the pages whose inputs an edit changed
    (`execdocs.incremental`); every other page keeps its last rendering."""
    wheel = config_options.Type(dict, default={})
    """The helper package the site publishes as a wheel, built from the source that produced
    the pages: ``{package, version, requires, summary, dir}``. Notebooks install it first."""


def site_settings(config_file: Path, environ: dict[str, str] | None = None) -> Settings:
    """The engine's settings of the site whose configuration is ``config_file``, read as a
    build reads them (its ``execdocs`` options with their defaults), for what runs blocks
    outside a build: the snippet tests, `make bench`, `make crosscheck`."""
    import os

    import yaml

    raw = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    entries = raw.get("plugins", [])
    options = next((e["execdocs"] for e in entries if isinstance(e, dict) and "execdocs" in e), {})
    config = ExecDocsConfig()
    config.load_dict(options or {})
    errors, _ = config.validate()
    if errors:
        raise SettingError("; ".join(f"{name}: {error}" for name, error in errors))
    snippets: Any = "snippets"
    for entry in raw.get("markdown_extensions", []):
        if isinstance(entry, dict) and "pymdownx.snippets" in entry:
            snippets = (entry["pymdownx.snippets"] or {}).get("base_path", snippets)
    base = snippets[0] if isinstance(snippets, list) else snippets
    environ = os.environ if environ is None else environ
    return Settings.from_options(dict(config), config_file.parent, base, environ)


def annotate(build: Build, markdown: str, page: str) -> tuple[str, list[Failure]]:
    """Write ``lrlab_line="N"`` into every executed fence, place each fence with the build,
    and replace any include of a missing snippet file by a notice (reported as a failure)."""
    lines = markdown.split("\n")
    found: list[Failure] = []
    snippets = build.settings.snippets_dir
    for fence in fences.scan(markdown):
        if fence.executed:
            lines[fence.line - 1] += f' lrlab_line="{fence.line}"'
            build.place_fence(page, fence.line, [text for _, text in fence.body])
        elif fence.question:
            lines[fence.line - 1] += f' lrlab_line="{fence.line}"'
            continue  # its body is a file name, not code with includes
        for number, text in fence.body:
            included = include_path(text)
            if included and not (snippets / included).is_file():
                found.append(
                    Failure(
                        f"{page}:{number}",
                        f"include {included}",
                        str(runner.Kind.MISSING_INCLUDE),
                        f"{snippets.as_posix()}/{included} does not exist",
                    )
                )
                lines[number - 1] = f"{fence.indent}{MISSING_INCLUDE}: {included}"
    return "\n".join(lines), found


def register_fences(config: Any, build: Build) -> None:
    """Executed ``python`` fences and ``question`` fences go through the build: superfences
    (added if the site does not list it) gets its validators and formatters, so mkdocs.yml
    names no function."""
    if "pymdownx.superfences" not in config.markdown_extensions:
        config.markdown_extensions.append("pymdownx.superfences")
    options = config.mdx_configs.setdefault("pymdownx.superfences", {})
    ours = {"python", "question"}
    custom = [f for f in options.get("custom_fences", []) if f.get("name") not in ours]
    python = {"validator": build.validator, "format": build.formatter}
    custom.append({"name": "python", "class": "python", **python})
    # ```question``` fences name a question file (see execdocs.question_fence)
    custom.append(
        {
            "name": "question",
            "class": "question",
            "validator": build.question_validator,
            "format": build.question_formatter,
        }
    )
    options["custom_fences"] = custom


def page_blocks(build: Build, markdown: str) -> list[tuple[str, str, RunOptions]]:
    """Every executed block of a page as the formatter will run it: (code, id, run options).
    A block this cannot predict (a missing include, a bad option) is left to the formatter,
    which reports it."""
    blocks = []
    snippets = build.settings.snippets_dir
    for fence in fences.scan(markdown):
        if fence.question:
            path = "".join(text for _, text in fence.body).strip()
            run = question_fence.question_run(build)
            for label, code in question_fence.code_pieces(build, path).items():
                blocks.append((code, f"{path} {label}", run))
            continue
        if not fence.executed or fence.options.get("session"):
            continue
        code = fences.expand([text for _, text in fence.body], snippets)
        try:
            run = build.run_options(fence.options)
        except ValueError:
            continue
        if code is not None:
            blocks.append((code, fence.options.get("id") or f"line {fence.line}", run))
    return blocks


def _cold(settings: Settings) -> bool:
    """Whether this build has no cached output to reuse at all."""
    folder = settings.cache_dir
    return folder is None or settings.refresh or next(folder.glob("??/*.json"), None) is None


def _quiet_not_found(record: logging.LogRecord) -> bool:
    """Log the dev server's 404s as information, not as build warnings."""
    if record.levelno == logging.WARNING and " code 404" in record.getMessage():
        record.levelno, record.levelname = logging.INFO, "INFO"
    return True


_warned_unconfined = False


def _say_what_protects(settings: Settings) -> None:
    """The first execdocs line of a build: what confines a block on this machine. No kernel
    confinement of file writes is a warning, once per process (an error with
    ``strict_sandbox``)."""
    global _warned_unconfined
    found = sandbox.protections()
    if found.files:
        log.info("execdocs: blocks confined: %s", found.describe())
        return
    if settings.strict_sandbox:
        raise Abort(
            f"execdocs: strict_sandbox is set and blocks cannot be confined: {found.describe()}"
        )
    if not _warned_unconfined:
        _warned_unconfined = True
        log.warning("execdocs: blocks are not confined: %s", found.describe())


class ExecDocsPlugin(BasePlugin[ExecDocsConfig]):
    def __init__(self) -> None:
        self.command = "build"
        self.build: Build | None = None
        self.notebook_css: dict[str, str] = {}
        self.notebooks: dict[str, tuple[nbformat.NotebookNode, Path, str]] = {}
        self.notebook_of: dict[str, str] = {}  # page src_uri -> its notebook's src_uri
        self.wheel: Wheel | None = None
        self.wheel_url = ""
        self.put_back = theme.set_charts_aside("")[1]
        self.pages: incremental.Pages | None = None  # under `mkdocs serve`: what is kept

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command
        if command == "serve":
            # The dev server logs a request for a missing page as a warning; strict mode would
            # count it and abort the rebuild running at that moment, with no other message.
            logging.getLogger("mkdocs.livereload").addFilter(_quiet_not_found)
            if self.config.incremental:
                self.pages = incremental.Pages()
                self.templates = incremental.Templates()
                incremental.serve_incrementally()

    def on_shutdown(self) -> None:
        pool.close()

    def on_config(self, config: Any) -> Any:
        root = Path(config["config_file_path"]).parent
        snippets = config["mdx_configs"].get("pymdownx.snippets", {}).get("base_path", "snippets")
        base = snippets[0] if isinstance(snippets, list) else snippets
        try:
            settings = Settings.from_options(dict(self.config), root, base)
        except SettingError as error:
            raise Abort(f"execdocs: {error}") from None
        self.build = Build(settings)
        if settings.execute:
            _say_what_protects(settings)
        if settings.execute and _cold(settings):
            # every block will run: start torch's import in the warm parent now, while MkDocs
            # loads the theme and reads the pages (a warm build never needs it, so never pays)
            self.build.warm_parent()
        register_fences(config, self.build)
        # markdown-exec renders outputs with the site's own Markdown extensions.
        markdown_config.save(config.markdown_extensions, config.mdx_configs)
        return config

    def _build(self) -> Build:
        assert self.build is not None, "on_config makes the build"
        return self.build

    def on_pre_build(self, *, config: Any) -> None:
        build = self._build()
        build.begin()
        self.notebook_css = {}
        self.notebooks = {}
        if self.command == "serve" and build.settings.execute:
            build.warm_parent()  # warm (or restarted after a helper edit) before the first block

    def on_files(self, files: Any, *, config: Any) -> Any:
        """Generate the notebook of every page the `notebooks` globs select, then submit every
        executed block of every page and notebook, so that they run on the pool while MkDocs
        renders (a page waits only for its own blocks)."""
        build = self._build()
        self.notebook_of = {}
        self.files = files
        blocks: list[tuple[str, str, RunOptions]] = []
        # generated notebooks live beside the execution cache (made by the build, never edited)
        cache = Path(config["config_file_path"]).parent / self.config.cache_dir
        out = cache / "notebooks"
        snippets = build.settings.snippets_dir
        setup = self._publish_wheel(files, config)
        pages = self.pages
        if pages is not None:
            # every page is made from the configuration, the list of files (the navigation)
            # and the helper packages (a block's output, the notebooks' wheel)
            every = [config["config_file_path"], *sorted(f.src_uri for f in files)]
            sources = [Path(config["config_file_path"]), *build.closure.all_files()]
            whole = incremental.signature(every, sources, pages.digests)
            # what the build writes is not what a page is made from: the site, and caches
            # (keyed by their own content) of this plugin and any other
            caches = [getattr(p, "config", {}).get("cache_dir") for p in config.plugins.values()]
            written = [config["site_dir"], str(cache), *(str(c) for c in caches if c)]
            pages.begin(whole, config["site_dir"], written)
        for file in files.documentation_pages():  # the order MkDocs renders them in
            if not file.src_uri.endswith(".md"):
                continue
            rel = f"{self.config.notebooks_dir}/{file.src_uri.removesuffix('.md')}.ipynb"
            if pages is not None and pages.is_fresh(file.src_uri):
                if rel not in pages.memos:
                    continue  # no notebook, and the page is kept as it was
                if pages.is_fresh(rel):  # nor its notebook: it is still in the site
                    self._add_notebook(files, file.src_uri, rel, out, config)
                    continue
            read, failures = depends.start(), len(build.records.failures)
            try:
                found = self._page_files(file, rel, snippets, setup, out, files, config)
            finally:
                depends.stop(read)
            if pages is not None:
                pages.also_read(file.src_uri, read)
                if len(build.records.failures) > failures:  # its notebook's code
                    pages.failing(file.src_uri)
                    pages.failing(rel)
                if found[1] is not None:
                    pages.generated(rel, nbformat.writes(found[1]))
            # the blocks of what will render (a kept page or notebook uses none)
            blocks += [] if pages and pages.is_fresh(file.src_uri) else found[0]
            blocks += [] if pages and pages.is_fresh(rel) else found[2]
        if build.settings.execute:
            if build.settings.reverse:
                blocks.reverse()
            # blocks that declare a longer time limit are the slow ones: start them first, so
            # that no long run is left alone on one worker at the end of the build
            blocks.sort(key=lambda item: -item[2].timeout)
            for code, block, run in blocks:
                build.submit(code, block, run)
        log.info(
            "execdocs: %d blocks submitted ahead of rendering, %d notebooks",
            build.pending,
            len(self.notebook_of),
        )
        return after_their_pages(files, self.notebook_of)

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

    def on_pre_page(self, page: Any, *, config: Any, files: Any) -> Any:
        """A notebook page gets its cells' outputs (this build's runs) before it is rendered.
        Its file is written whatever happens: a failed cell is reported with its snippet, and
        the notebook page still builds (without that output) like every other page."""
        # markdown-exec numbers the ids of nested outputs: from 1 on each page, so that a page
        # renders the same whichever other pages a build renders
        MarkdownConverter.counter = 0
        if self.pages is not None:
            self.pages.page_starts(page, self._build().records)
        found = self.notebooks.get(page.file.src_uri)
        if found is None:
            return page
        build = self._build()
        nb, target, page_source = found
        begun = time.perf_counter()
        try:
            if build.settings.execute:
                cells = notebooks.execute(nb, page.file.src_uri, build)
                seconds = time.perf_counter() - begun
                build.records.notebooks.append(
                    BlockRun(page_source, page.file.src_uri, seconds, not cells, True)
                )
        except notebooks.NotebookError as error:
            kind = str(runner.Kind.NOTEBOOK_CELL)
            build.record(Failure(page_source, page.file.src_uri, kind, str(error)))
        finally:
            nbformat.write(nb, target)
        return page

    def on_page_markdown(self, markdown: str, *, page: Any, config: Any, files: Any) -> str:
        build = self._build()
        docs = Path(config["docs_dir"]).name
        name = f"{docs}/{page.file.src_uri}"
        build.records.page = name
        annotated, found = annotate(build, markdown, name)
        annotated = reading_time.fill(
            annotated,
            reading_time.reader(build.settings.snippets_dir),
            reading_time.reader(Path(page.file.abs_src_path).parent),
        )
        for failure in found:
            build.record(failure)
        notebook = self.notebook_of.get(page.file.src_uri)
        if notebook:
            nb = self.notebooks[notebook][0]
            asked = any(c.source.startswith("### Question ") for c in nb.cells)
            annotated += run_it_yourself(
                page.url,
                notebook,
                self.wheel_url,
                self._links(notebook, config),
                "question and its code" if asked else "example",
                self._same_numbers(),
            )
        return annotated

    def on_page_content(self, html: str, *, page: Any, config: Any, files: Any) -> str:
        if page.file.src_uri.endswith(".ipynb"):
            # a notebook repeats its lesson page's examples: search results lead to the page
            page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
        if self.pages is not None:
            self.pages.page_rendered(page, self._build().records)
        return html

    def on_serve(self, server: Any, *, config: Any, builder: Any) -> Any:
        if self.pages is not None and not incremental.watch_natively(server):
            log.info("execdocs: the dev server looks for edits every half second")
        return server

    def on_nav(self, nav: Any, *, config: Any, files: Any) -> Any:
        if self.pages is not None:
            self.pages.keep(files, config)
        return nav

    def on_env(self, env: Any, *, config: Any, files: Any) -> Any:
        if self.pages is not None:
            self.pages.populated(files, self._build().records)
            self.templates.use(env)
        return env

    def on_build_error(self, *, error: Exception) -> None:
        if self.pages is not None:
            self.pages.forget()

    @event_priority(100)  # before any other plugin's, the search plugin's above all
    def on_page_context(self, context: Any, *, page: Any, config: Any, nav: Any) -> Any:
        """Charts are set aside before the search plugin indexes the page
        (see `execdocs.theme.set_charts_aside`); `on_post_page` puts them back. The values
        table beside each chart stays searchable."""
        if self.pages is not None:
            self.pages.page_shown(page, _search_plugin(config))
        page.content, self.put_back = theme.set_charts_aside(page.content or "")
        return context

    def on_post_page(self, output: str, *, page: Any, config: Any) -> str:
        output = self.put_back(output)
        if REPORT_MARKER in output:
            if self.pages is not None:
                self.pages.volatile(page)
            build = self._build()
            records = build.records
            settings = build.settings
            packages = {name: build.keys.values()[name] for name in settings.key_packages}
            report = report_html(
                records.runs,
                records.notebooks,
                records.executed,
                settings.workers,
                numerics.platform_line(settings.numerics, packages),
                sandbox.protections().describe(),
            )
            output = output.replace(REPORT_MARKER, report)
        output = theme.name_search_dialog(output)
        if page.file.src_uri.endswith(".ipynb"):
            output, css = theme.slim_notebook_page(output)
            if css:
                name = f"assets/lrlab-notebook-{hashlib.sha256(css.encode()).hexdigest()[:12]}.css"
                self.notebook_css[name] = css
                href = posixpath.relpath(name, posixpath.dirname(page.url.rstrip("/") + "/x"))
                output = output.replace(
                    theme.NOTEBOOK_CSS_MARKER, f'<link rel="stylesheet" href="{href}">', 1
                )
        return output

    def _check_teaches(self, site: Path) -> None:
        """Each question's ``teaches`` names a built page and one of its headings' anchors;
        a failure names the question file (every page is built by now)."""
        build = self._build()
        anchors: dict[str, set[str] | None] = {}
        for location, block, where, teaches in build.records.teaches:
            target, anchor = teaches.split("#", 1)
            if target not in anchors:
                page = self.files.get_file_from_path(target)
                built = site / page.dest_uri if page is not None else None
                anchors[target] = (
                    set(HEADING_ID.findall(built.read_text(encoding="utf-8")))
                    if built is not None and built.is_file()
                    else None
                )
            found = anchors[target]
            if found is None:
                message = f"teaches {teaches!r}: there is no page docs/{target}"
            elif anchor not in found:
                message = (
                    f"teaches {teaches!r}: docs/{target} has no heading with the anchor "
                    f"{anchor!r} (its anchors: {', '.join(sorted(found))})"
                )
            else:
                continue
            kind = str(runner.Kind.QUESTION)
            build.record(Failure(location, block, kind, f"{where}: {message}"))

    @event_priority(100)  # the search index is whole before the search plugin writes it
    def on_post_build(self, *, config: Any) -> None:
        build = self._build()
        records = build.records
        for name, css in self.notebook_css.items():
            target = Path(config["site_dir"]) / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(css, encoding="utf-8")
        MarkdownConverter.counter = 0
        markdown_config.reset()
        log.info(
            "execdocs: %d blocks, %d executed, %d from cache, %d failed",
            len(records.runs),
            records.executed,
            sum(r.cached for r in records.runs),
            len(records.failures),
        )
        if build.pending:  # the pre-scan predicted code no block ran: work wasted
            log.info("execdocs: %d submitted runs were not used", build.pending)
        site = Path(config["site_dir"])
        pages = self.files.documentation_pages()
        missing = [f.src_uri for f in pages if not (site / f.dest_uri).is_file()]
        if missing:
            raise Abort(f"execdocs: pages missing from the built site: {', '.join(missing)}")
        self._check_teaches(site)
        balance = build.settings.answer_balance
        for section, keyed in sorted(records.keyed.items()) if balance else ():
            for _, message in questions.leaning(keyed, *balance):
                where = f"{Path(config['docs_dir']).name}/{section}"
                build.record(Failure(where, "question keys", str(runner.Kind.QUESTION), message))
        if self.pages is not None:
            self.pages.finish(_search_plugin(config))
            log.info("execdocs: %s", self.pages.summary())
        if not records.failures:
            return
        listing = "\n".join(f"  {f.describe()}" for f in records.failures)
        log.error(f"{len(records.failures)} code block(s) failed:\n{listing}")
        if self.command != "serve":
            raise Abort(f"execdocs: {len(records.failures)} code block(s) failed (listed above)")


def _search_plugin(config: Any) -> Any:
    """Material's search plugin, if the site uses it (the index `execdocs.incremental` keeps)."""
    for plugin in config.plugins.values():
        if type(plugin).__name__ == "SearchPlugin" and hasattr(plugin, "search_index"):
            return plugin
    return None


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
