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
* Under `mkdocs serve`: render again only the pages an edit changed (`execdocs.incremental`).

Its options are `execdocs.options`; what it does to a page's Markdown, `execdocs.markup`; its
notebook part, `execdocs.site_notebooks`.
"""

from __future__ import annotations

import hashlib
import logging
import posixpath
import re
import time
from pathlib import Path
from typing import Any

import nbformat
from markdown_exec import MarkdownConverter, markdown_config
from mkdocs.exceptions import Abort
from mkdocs.plugins import BasePlugin, event_priority

from execdocs import (
    depends,
    devserver,
    incremental,
    notebooks,
    numerics,
    outputs,
    pool,
    questions,
    reading_time,
    runner,
    sandbox,
    theme,
)
from execdocs.engine import Build, RunOptions
from execdocs.failures import Failure
from execdocs.markup import annotate, register_fences
from execdocs.options import ExecDocsConfig
from execdocs.report import REPORT_MARKER, BlockRun, report_html
from execdocs.runs import Records
from execdocs.settings import SettingError, Settings
from execdocs.site_notebooks import NotebookParts, after_their_pages, run_it_yourself
from execdocs.wheel import Wheel

HEADING_ID = re.compile(r'<h[1-6][^>]*\sid="([^"]+)"')
"""The anchors of a built page's headings."""

log = logging.getLogger("mkdocs.plugins.execdocs")


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


class ExecDocsPlugin(NotebookParts, BasePlugin[ExecDocsConfig]):
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
                self.templates = devserver.Templates()
                devserver.rebuild_in_place()

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
            project = [str(Path(config["config_file_path"]).parent), config["docs_dir"]]
            pages.begin(whole, config["site_dir"], project, written)
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
                    pages.remake(file.src_uri)
                    pages.remake(rel)
                if found[1] is not None:
                    page_too = not pages.is_fresh(file.src_uri)
                    pages.generated(rel, nbformat.writes(found[1]), with_its_page=page_too)
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
        if self.pages is None:
            return server
        if not devserver.watch_natively(server):
            log.info("execdocs: the dev server looks for edits every half second")
        if devserver.can_rebuild_soon(server):
            self.pages.again = lambda: devserver.rebuild_soon(server)
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
                self.pages.remake(page.file.src_uri)
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

    def _write_outputs(self, settings: Settings, records: Records) -> None:
        """The outputs manifest (`execdocs.outputs`) of a full build that ran its blocks: a
        shard shows only part of the site, and a served site's manifest would be another's."""
        manifest = settings.outputs
        if self.command == "build" and settings.execute and not settings.shard and manifest:
            outputs.write(manifest, records.shown, settings.cache_dir)

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
        self._write_outputs(build.settings, records)
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
