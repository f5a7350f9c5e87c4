"""From a block's output to its HTML: markdown-exec renders it with the site's own Markdown
extensions; this module reuses a rendering when it cannot differ and adds what goes under an
output (its stderr, the provenance note).

Rendering is a quarter of a warm build's time when it is not reused (see ``make bench``), so
each cache entry keeps the HTML its output rendered to, keyed on everything rendering reads
(`Renderer.setup`).
"""

from __future__ import annotations

import html
import os
import re
import sysconfig
from collections.abc import Callable
from pathlib import Path
from typing import Any

from markdown_exec import InsertHeadings, MarkdownConverter, base_format, markdown_config

from execdocs.cache import Cache, Keys, digest, stable
from execdocs.closure import ENGINE_DIR

MAX_RENDERS = 8
"""Renderings kept per cache entry (one per way a page shows the block; old ones drop out)."""


def installed_versions() -> list[str]:
    """Every installed distribution with its version, read from the names of the metadata
    folders (``name-1.2.dist-info``) in this interpreter's package folders: a directory listing,
    where reading each distribution's metadata took most of a warm build's rendering time."""
    folders = dict.fromkeys(sysconfig.get_paths()[key] for key in ("purelib", "platlib"))
    found = []
    for folder in folders:
        if os.path.isdir(folder):
            found += [n for n in os.listdir(folder) if n.endswith((".dist-info", ".egg-info"))]
    return sorted(found)


def constant(output: str) -> Callable[..., str]:
    """A markdown-exec ``run`` function that returns an output already computed."""

    def run(code: str, **_: Any) -> str:
        return output

    return run


class Renderer:
    """Renders outputs for one build. ``effects`` counts what a rendering may do besides
    returning HTML (blocks it ran, failures it recorded): a rendering with effects is never
    reused."""

    def __init__(self, cache: Cache, keys: Keys, effects: Callable[[], tuple[int, ...]]) -> None:
        self.cache = cache
        self.keys = keys
        self.effects = effects
        self._setup = ""

    def setup(self) -> str:
        """A digest of what a rendering depends on besides the block: the site's Markdown
        extensions and their settings (as the plugin saved them for markdown-exec), the
        installed packages' versions (listing them all costs less than finding the few that
        render), any file the snippets extension appends to every text, and this module."""
        if self._setup:
            return self._setup
        extensions = [e if isinstance(e, str) else stable(e) for e in markdown_config.exts or []]
        configs = markdown_config.exts_config or {}
        snippets = configs.get("pymdownx.snippets", {})
        appended = {}
        for name in snippets.get("auto_append", []):
            for base in snippets.get("base_path", ["."]):
                path = Path(base) / name
                if path.is_file():
                    appended[path.as_posix()] = self.keys.file_hash(path)
        parts = {
            "extensions": extensions,
            "configs": configs,
            "versions": installed_versions(),
            "appended": appended,
            "renderer": self.keys.file_hash(ENGINE_DIR / "render.py"),
        }
        self._setup = digest(parts)
        return self._setup

    def html(
        self,
        language: str,
        code: str,
        output: str,
        md: Any,
        options: dict[str, Any],
        key: str,
        entry: dict[str, Any],
    ) -> str:
        """markdown-exec's HTML for a block's output, reused from the block's cache entry when
        the rendering cannot differ: same output, code, language and display options, same
        Markdown setup. Renderings with effects beyond their HTML are never reused: ones that
        add headings to the page's table of contents, that carry ids numbered by the build's
        running count of outputs, that include snippet files, or that run other blocks."""
        render_key = digest([self.setup(), language, code, output, options])
        renders = entry.setdefault("renders", {})
        known = renders.get(render_key)
        if known is not None:
            # the outputs this rendering numbered are still counted, so later ids stay the same
            MarkdownConverter.counter += known["converts"]
            return str(known["html"])
        counter, effects = MarkdownConverter.counter, self.effects()
        run = constant(output)
        rendered = str(base_format(language=language, run=run, code=code, md=md, **options))
        converts = MarkdownConverter.counter - counter
        numbered = range(counter + 1, counter + converts + 1)
        reusable = (
            not hasattr(md, "_original_md")  # not a block inside another block's output
            and "-8<-" not in code + output  # no snippet include inside the rendering
            and not re.search(r"<h[1-6][\s>]", rendered)  # no headings for the page's toc
            and not any(f"exec-{n}--" in rendered for n in numbered)
            and self.effects() == effects
        )
        if reusable:
            renders[render_key] = {"html": rendered, "converts": converts}
            while len(renders) > MAX_RENDERS:
                del renders[next(iter(renders))]
            self.cache.put(key, entry)
        return rendered


def provenance_html(what: str, seconds: float, cached: bool) -> str:
    """The note under an output: what produced it (the site's ``provenance:`` words), its run
    time, and whether this build ran it."""
    how = "cached" if cached else "fresh"
    parts = ["Executed at build", html.escape(what), f"{seconds:.2f} s", how]
    return f'<p class="lrlab-provenance">{" · ".join(p for p in parts if p)}</p>'


def stderr_html(text: str) -> str:
    """What a block wrote to stderr, in its own box under the output."""
    return (
        '<div class="lrlab-stderr"><p class="lrlab-stderr-title">stderr</p>'
        f"<pre><code>{html.escape(text)}</code></pre></div>"
    )


def block_html(block: str, rendered: str) -> str:
    """One element per block, so tests and notebooks can find a block's output by its id."""
    return f'<div class="lrlab-block" data-block="{html.escape(block)}">{rendered}</div>'


def move_toc_headings(md: Any, rendered: str, wrapped: str) -> None:
    """markdown-exec adds the headings an output prints to the page's table of contents by
    finding the exact HTML it rendered on the page; the page holds that HTML wrapped, so the
    headings are filed under the wrapped HTML instead."""
    outer = getattr(md, "_original_md", md)
    if InsertHeadings.name not in outer.treeprocessors:
        return  # nothing rendered on this page has reported headings
    headings = outer.treeprocessors[InsertHeadings.name].headings
    found = headings.pop(rendered, None)
    if found:
        headings[wrapped] = found
