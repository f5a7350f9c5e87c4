"""The build object: runs every ```python exec="1"``` block of a build and renders its output.

markdown-exec parses each block's options and renders its output; a `Build` supplies the part
that runs the code, through the fence hooks the plugin registers with superfences
(`Build.validator`, `Build.formatter`, and the ``question`` fence's pair):

1. the plugin predicts every block's code before rendering starts and `Build.submit`\\ s it: the
   cache answers, or a fork of the warm parent (`execdocs.pool`, `execdocs.runner`) starts on it;
2. when markdown-exec reaches the block, `Build.run_cached` waits for that run alone;
3. a run that failed, or warned without saying so, is a `execdocs.failures.Failure`: recorded
   with the fence's ``docs/<page>.md:<line>`` and the snippet's line, shown as a notice;
4. `execdocs.render` turns the output into HTML, with its stderr and provenance under it.

A build owns everything it learns (the records, the parsed helper imports, the source hashes):
nothing is kept between builds except the cache on disk and the warm parent.

Blocks may declare ``raises="ValueError"`` to teach an error: they then must raise it, and the
page shows what was printed followed by the exception's last line. ``warns="UserWarning"``
shows a warning on purpose; ``timeout="20"`` and ``memory="8G"`` override the limits;
``reads="docs/atlas/*.md"`` names files the block opens, whose content joins its cache key.
"""

from __future__ import annotations

import html
import sys
from concurrent.futures import Future
from typing import Any

from markdown_exec import base_format
from markdown_exec import validator as markdown_exec_validator

from execdocs import failures, numerics, outputs, pool, question_fence, runner
from execdocs.cache import Cache, Keys
from execdocs.closure import HelperClosure
from execdocs.failures import BlockError, Failure, NotInShard
from execdocs.fences import MISSING_INCLUDE, PlacedFence, include_path, place
from execdocs.render import (
    Renderer,
    block_html,
    constant,
    move_toc_headings,
    provenance_html,
    stderr_html,
)
from execdocs.report import BlockRun
from execdocs.runs import Records, RunOptions
from execdocs.settings import Settings

OUR_OPTIONS = ("lrlab_line", "timeout", "raises", "warns", "memory", "reads")
"""Fence options the engine reads (markdown-exec never sees them); ``lrlab_line`` is the
fence's line, written in by the plugin."""


def normalized(code: str) -> str:
    return code.strip("\n") + "\n"


class Build:
    """One build of a site: made by the plugin for each configuration it loads, started afresh
    (`begin`) before every build."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.begin()

    def begin(self) -> None:
        """Forget the previous build's records and make edited helpers importable afresh."""
        settings = self.settings
        self.records = Records()
        self.closure = HelperClosure(settings.helpers)
        self.keys = Keys(settings, self.closure)
        self.cache = Cache(settings.cache_dir, settings.refresh)
        self.renderer = Renderer(self.cache, self.keys, self._effects)
        self._outputs: dict[str, dict[str, Any]] = {}  # key -> entry, this build
        self._pending: dict[str, Future[runner.Outcome]] = {}  # key -> its run
        self._failed: dict[str, runner.Outcome] = {}  # key -> the failed run
        self._recorded: set[str] = set()  # keys whose output came from the cache, not a run
        self._stamp = ""
        self.purge_helper_modules()

    def _effects(self) -> tuple[int, ...]:
        return len(self.records.runs), len(self.records.failures)

    def purge_helper_modules(self) -> list[str]:
        """Drop the helper packages' modules from ``sys.modules``, so the next import of one in
        this process reads its current source (what `mkdocs serve` needs)."""
        names = [name for name in sys.modules if name.split(".")[0] in self.settings.helpers]
        for name in names:
            del sys.modules[name]
        return names

    # ------------------------------------------------------------------ fences and failures

    def place_fence(self, page: str, line: int, body: list[str]) -> None:
        """Remember a fence's place and how its body expands, so errors map to snippet lines."""
        self.records.fences[(page, line)] = place(page, line, body, self.settings.snippets_dir)

    def record(self, failure: Failure) -> None:
        self.records.failures.append(failure)

    def run_options(self, options: dict[str, str]) -> RunOptions:
        return RunOptions.parse(options, self.settings, self.keys.file_hash)

    # ------------------------------------------------------------------ running code

    def warm_parent(self) -> runner.Pool:
        """The warm parent, started on first use (see `execdocs.pool`)."""
        self._stamp = self._stamp or pool.helper_stamp(self.settings.helpers)
        settings = self.settings
        return pool.warm_parent(settings.workers, settings.preload, settings.numerics, self._stamp)

    @property
    def numerics(self) -> tuple[tuple[str, str], ...]:
        """The numerics mode every run of this build checks it is under (`Job.numerics`)."""
        return tuple(sorted(self.settings.numerics.items()))

    @property
    def pending(self) -> int:
        """Runs submitted and not yet used."""
        return len(self._pending)

    def submit(self, code: str, block: str, run: RunOptions) -> str:
        """Start running ``code`` unless this build or the cache already has its output (or it
        belongs to another shard); returns its cache key. The plugin calls this for every block
        before rendering starts, so blocks run while MkDocs does its own work."""
        code = normalized(code)
        key = self.keys.key(code, run.key)
        if key in self._outputs or key in self._pending:
            return key
        entry = self.cache.get(key)
        if entry is not None:
            self._outputs[key] = entry
            self._recorded.add(key)
        elif self.keys.in_shard(key):
            prelude = self.settings.prelude
            job = runner.Job(
                code, block, run.timeout, run.memory, run.raises, prelude, self.numerics
            )
            self._pending[key] = self.warm_parent().submit(job)
        return key

    def run_cached(
        self, code: str, block: str, fence: PlacedFence | None, run: RunOptions
    ) -> tuple[dict[str, Any], bool, str]:
        """The output of ``code``: from this build if another block or notebook cell ran the
        same code, else from the cache, else by running it in a process of its own (see
        `submit`). Returns the entry, whether this block reused a run, and its key. Raises
        `BlockError` if the run failed, `NotInShard` if another shard runs it."""
        key = self.submit(code, block, run)
        future = self._pending.pop(key, None)
        if future is not None:
            outcome = self.warm_parent().result(future)  # it goes first, in this CPU's place
            self.records.executed += 1
            raised = outcome.exception if run.record else ""
            if outcome.ok or raised:
                root = self.settings.root
                entry = {
                    "output": outcome.output,
                    "stderr": outcome.stderr,
                    "warnings": [
                        [w.category, w.message, failures.warning_file(w.filename, root), w.lineno]
                        for w in outcome.warnings
                    ],
                    "seconds": round(outcome.seconds, 3),
                    "raised": raised,
                }
                self.cache.put(key, entry)
                self._outputs[key] = entry
                return entry, False, key
            self._failed[key] = outcome
        if key in self._failed:
            raise failures.block_error(self._failed[key], fence, self.settings.root)
        if key not in self._outputs:
            raise NotInShard(block)
        return self._outputs[key], True, key

    def cost(self, key: str, entry: dict[str, Any]) -> tuple[str, float, bool]:
        """What the run behind ``key`` costs, for the build report: its key, its run time, and
        whether that was recorded by an earlier build (the cache) rather than run in this one."""
        return key, float(entry["seconds"]), key in self._recorded

    def provenance(self, seconds: float, cached: bool) -> str:
        platform = numerics.describe(self.settings.numerics)
        what = self.settings.provenance.format_map({**self.keys.values(), "platform": platform})
        return provenance_html(what, seconds, cached)

    # ------------------------------------------------------------------ superfences hooks

    def validator(
        self,
        language: str,
        inputs: dict[str, str],
        options: dict[str, Any],
        attrs: dict[str, Any],
        md: Any,
    ) -> bool:
        """Superfences validator: markdown-exec's, plus the engine's own options."""
        ours = {name: inputs.pop(name) for name in OUR_OPTIONS if name in inputs}
        if not markdown_exec_validator(language, inputs, options, attrs, md):
            return False
        options["lrlab"] = ours
        return True

    def formatter(
        self,
        source: str,
        language: str,
        css_class: str,
        options: dict[str, Any],
        md: Any,
        **kwargs: Any,
    ) -> str:
        """Superfences formatter: run (or reuse) the block, then let markdown-exec render it."""
        records = self.records
        ours: dict[str, str] = options.pop("lrlab", {})
        line = int(ours.get("lrlab_line", "0"))
        fence = records.fences.get((records.page, line))
        location = f"{records.page}:{line}" if line else records.page
        block = options.get("id") or (
            fence.default_id(self.settings.snippets_dir) if fence else f"line {line}"
        )

        def fail(kind: str, message: str, code_line: str = "") -> str:
            failure = Failure(location, block, str(kind), message, code_line)
            self.record(failure)
            records.runs.append(BlockRun(location, block, 0.0, False, False))
            failed = f"{failure.kind}: {failure.message}"
            records.shown.append(outputs.shown(location, block, "block", {}, failed))
            return failures.notice_html(failure)

        if MISSING_INCLUDE in source:
            # already reported by the plugin with the include's own line; show a notice only
            kind = str(runner.Kind.MISSING_INCLUDE)
            return failures.notice_html(Failure(location, block, kind, "a snippet file is missing"))
        unexpanded = next((text for text in source.splitlines() if include_path(text)), None)
        if unexpanded is not None:
            return fail(runner.Kind.MISSING_INCLUDE, f"include was not expanded: {unexpanded}")
        if options.get("session"):
            return fail(
                runner.Kind.OPTION,
                "session= is not supported: blocks share no state (use helper functions)",
            )
        try:
            run = self.run_options(ours)
        except ValueError as error:
            return fail(runner.Kind.OPTION, str(error))
        if not self.settings.execute:
            shown = base_format(language=language, run=constant(""), code=source, md=md, **options)
            return str(shown)
        try:
            entry, cached, key = self.run_cached(source, block, fence, run)
        except BlockError as error:
            return fail(error.kind, error.message, error.code_line)
        except NotInShard:
            return ""
        problem = failures.check_warnings(entry, fence, ours.get("warns", ""))
        if problem is not None:
            return fail(problem.kind, problem.message, problem.code_line)
        promised = options.get("result") or options.get("html") or not options.get("source")
        if promised and not entry["output"].strip():
            return fail(
                runner.Kind.EMPTY_OUTPUT,
                "the block printed nothing, but its output is shown on "
                "the page (print the result, or drop result=/html=)",
            )
        output = entry["output"]
        seconds = float(entry["seconds"])
        summary = failures.stderr_summary(entry)
        cost = (self.cost(key, entry),)
        records.runs.append(BlockRun(location, block, seconds, cached, True, summary, cost))
        shown = {"output": outputs.run(key, output)}
        records.shown.append(outputs.shown(location, block, "block", shown))
        if not options.get("html") and not options.get("result"):
            # Output rendered as Markdown: text a snippet prints is text, never markup.
            output = html.escape(output, quote=False)
        rendered = self.renderer.html(language, source, output, md, options, key, entry)
        stderr = failures.stderr_text(entry, fence)
        if stderr.strip():
            rendered += stderr_html(stderr)
        if options.get("source") or options.get("result") or options.get("html"):
            rendered += self.provenance(seconds, cached)
        wrapped = block_html(block, rendered)
        move_toc_headings(md, rendered, wrapped)
        return wrapped

    def question_validator(
        self,
        language: str,
        inputs: dict[str, str],
        options: dict[str, Any],
        attrs: dict[str, Any],
        md: Any,
    ) -> bool:
        """Superfences validator of the ``question`` fence: its only option is the fence line
        the plugin writes in."""
        options["lrlab"] = {"lrlab_line": inputs.pop("lrlab_line", "0")}
        return not inputs  # any other option is a mistake: the fence is then left as code

    def question_formatter(
        self,
        source: str,
        language: str,
        css_class: str,
        options: dict[str, Any],
        md: Any,
        **kwargs: Any,
    ) -> str:
        """Superfences formatter of ``question`` fences (see `execdocs.question_fence`)."""
        line = int(options.pop("lrlab", {}).get("lrlab_line", "0"))
        return question_fence.question_block(self, source.strip(), line)
