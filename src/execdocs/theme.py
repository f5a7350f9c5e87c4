"""Fixes to the HTML that Material for MkDocs and mkdocs-jupyter write, each for a measured
cost or an accessibility finding (axe), applied by the plugin to every page."""

from __future__ import annotations

import re
from collections.abc import Callable

_SVG = re.compile(r"<svg\b.*?</svg>", re.S)
_CHART_MARK = re.compile(r"<!--lrlab-chart-(\d+)-->")

NOTEBOOK_CSS_MARKER = "<!-- lrlab:notebook-css -->"
_STYLE = re.compile(r'<style type="text/css">(.*?)</style>', re.S)
_DEAD_SCRIPTS = re.compile(
    r'<script type="text/x-mathjax-config">.*?</script>'  # no maths in our notebooks
    r'|<script type="module">(?:(?!</script>).)*?cdnjs\.cloudflare\.com.*?</script>',  # mermaid
    re.S,
)


def set_charts_aside(content: str) -> tuple[str, Callable[[str], str]]:
    """The page content with its charts (inline SVG) replaced by markers, and the function
    that puts them back. Search indexes the page in between: tick labels are no text to
    search for, and parsing them was most of what an executed page cost the index."""
    charts: list[str] = []

    def set_aside(match: re.Match[str]) -> str:
        charts.append(match.group(0))
        return f"<!--lrlab-chart-{len(charts) - 1}-->"

    def put_back(output: str) -> str:
        return _CHART_MARK.sub(lambda m: charts[int(m.group(1))], output) if charts else output

    return _SVG.sub(set_aside, content), put_back


def name_search_dialog(output: str) -> str:
    """Material's search overlay is a dialog without a name (axe: aria-dialog-name)."""
    return output.replace(
        'data-md-component="search" role="dialog"',
        'data-md-component="search" role="dialog" aria-label="Search"',
        1,
    )


_CLIPBOARD = re.compile(
    r'<svg aria-hidden="true" class="clipboard-copy-icon"[^>]*>(.*?)</svg>', re.S
)
_SPRITE_ID = "lrlab-clipboard-icon"


def _share_clipboard_icon(output: str) -> str:
    """mkdocs-jupyter repeats the same two-path copy icon (1.2 KB) in every code cell: draw it
    once as a symbol and point every button at it."""
    icons = list(_CLIPBOARD.finditer(output))
    if len(icons) < 2:
        return output
    sprite = (
        f'<svg hidden aria-hidden="true"><symbol id="{_SPRITE_ID}" viewBox="0 0 16 16">'
        f"{icons[0].group(1).strip()}</symbol></svg>"
    )
    use = (
        '<svg aria-hidden="true" class="clipboard-copy-icon" height="20" width="20" '
        f'viewBox="0 0 16 16"><use href="#{_SPRITE_ID}"></use></svg>'
    )
    first = icons[0].start()
    return output[:first] + sprite + _CLIPBOARD.sub(use, output[first:])


def slim_notebook_page(output: str) -> tuple[str, str]:
    """Move the stylesheets mkdocs-jupyter inlines into every notebook page (over 0.5 MB)
    into one shared, cacheable file, and drop its MathJax/Mermaid loaders, which reference a
    third-party CDN and have nothing to draw here; draw the copy icon once. Returns the page
    and the extracted CSS; `NOTEBOOK_CSS_MARKER` marks where the stylesheet link goes."""
    styles = [m for m in _STYLE.finditer(output) if "jp-" in m.group(1) or "jupyter" in m.group(1)]
    css = "\n".join(m.group(1) for m in styles)
    for index, match in enumerate(reversed(styles)):
        keep = NOTEBOOK_CSS_MARKER if index == len(styles) - 1 else ""
        output = output[: match.start()] + keep + output[match.end() :]
    # code cells scroll sideways: make them reachable by keyboard (axe: scrollable-region)
    output = output.replace(
        '<div class="highlight-ipynb', '<div tabindex="0" class="highlight-ipynb'
    )
    return _share_clipboard_icon(_DEAD_SCRIPTS.sub("", output)), css
