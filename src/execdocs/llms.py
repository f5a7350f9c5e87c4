"""`llms.txt` and `llms-full.txt` at the site root (https://llmstxt.org), made from the built pages.

A plugin of its own (`execdocs-llms` in `mkdocs.yml`, after `search`): after the build
(`on_post_build`) it reads every page of the nav back from `site_dir`, so it sees each page as a
reader gets it, executed outputs included, and it works the same when `mkdocs serve` re-rendered
only some pages. Each page's main content (Material's `article`) becomes Markdown through
markdownify: code and printed output as fences, tables as pipe tables (a chart as the table of
values behind it: its SVG is dropped), MathML as the LaTeX it was typeset from, every link made
absolute under `site_url`. Elements hidden from readers (`hidden`), scripts, SVG, form controls,
the engine's provenance notes and the selectors the site lists in `drop:` are left out.

- `llms.txt`: `# site_name`, `> site_description`, then one `## section` per top-level nav
  section (pages outside any section under `## Pages`), each page as `- [title](url): note`, the
  note being the first sentence of its first paragraph of prose; pages outside the nav
  (`not_in_nav`) under `## Optional`.
- `llms-full.txt`: the same heading and summary, then every nav page's Markdown in nav order,
  each after a `Source:` line with its address, except the pages `full_skip:` names (a page whose
  text changes from build to build, such as one listing run times, would make two builds of
  the same sources differ).

Each page's Markdown is kept in `cache_dir` by the digest of what it was made from, so a build
whose pages did not change converts none of them.
"""

from __future__ import annotations

import hashlib
import html as html_module
import importlib.metadata
import json
import re
from pathlib import Path
from urllib.parse import urljoin

from bs4 import BeautifulSoup, Tag
from markdownify import MarkdownConverter
from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

OUTPUTS = ("llms.txt", "llms-full.txt")
PROVENANCE = re.compile(r'<p class="lrlab-provenance">.*?</p>')
"""The note under each output (`execdocs.render`): never converted, and its run time is no
part of what a page's Markdown is made from."""
_MARKDOWNIFY = importlib.metadata.version("markdownify")
ALWAYS_DROPPED = [
    *("script", "style", "svg", "noscript", "input", "button", "[hidden]"),
    ".lrlab-provenance",
]
"""Never text a reader reads: scripts, styles, drawings (a chart's values come as its table),
form controls and what the page hides; and the engine's provenance note under each output
(`execdocs.render`): its run time, and whether this build ran the block, differ from build to
build (`execdocs.shards.comparable` leaves it out too)."""
_SENTENCE = re.compile(r"^(.+?[.!?])(?:\s|$)")
NOTE_WIDTH = 200
PROSE_WORDS = 6
_WORD = re.compile(r"[^\W\d_]+")


class LlmsConfig(Config):
    content = config_options.Type(str, default="article.md-content__inner")
    """The CSS selector of a built page's main content (Material's article)."""
    drop = config_options.ListOfItems(config_options.Type(str), default=[])
    """CSS selectors left out of every page's text, besides scripts, SVG, controls and hidden
    elements."""
    full_skip = config_options.ListOfItems(config_options.Type(str), default=[])
    """Pages (their source paths, as in `nav:`) listed in llms.txt but left out of
    llms-full.txt."""
    cache_dir = config_options.Type(str, default=".cache/llms")
    """Where each page's Markdown is kept, by the digest of what it was made from (its HTML
    without provenance notes, its address, the options and this module), so that a build whose
    pages did not change converts none (all of them take about 3 s here)."""


class _Converter(MarkdownConverter):
    """markdownify, with code fences in their language and MathML as its LaTeX source."""

    def convert_math(self, el, text, parent_tags):
        tex = el.get("alttext", text).strip()
        return f"\n\n$$\n{tex}\n$$\n\n" if el.get("display") == "block" else f"${tex}$"

    def convert_summary(self, el, text, parent_tags):
        return f"\n\n**{text.strip()}**\n\n"


def _language(pre: Tag) -> str:
    for node in (pre, pre.parent):
        for name in node.get("class", []) if node else []:
            if name.startswith("language-"):
                return name.removeprefix("language-")
    return ""


_UNREAD = re.compile(r"<(svg|script)\b.*?</\1>", re.S)
"""Charts and scripts, cut out before parsing: a third of a page with charts, read by no one."""
_PRE = re.compile(r"(<pre\b[^>]*>)(.*?)(</pre>)", re.S)
_TAG = re.compile(r"<[^>]+>")


def _plain_pre(match: re.Match) -> str:
    """A code block as its text alone: Pygments' one element per token made half of the HTML
    there is to parse (a page's text comes out the same)."""
    text = html_module.unescape(_TAG.sub("", match.group(2)))
    return f"{match.group(1)}<code>{html_module.escape(text, quote=False)}</code>{match.group(3)}"


def _words(element) -> str:
    return " ".join(element.get_text().split())


def _count(element) -> int:
    return len(_WORD.findall(element.get_text()))


def _note(main: Tag, dropped: str = "") -> str:
    """The first sentence of the page's first paragraph of prose, its leading bold label ("When
    to use it.") left out. Prose: six words (runs of letters) or more outside links and bold,
    so neither a line of links nor a bold title with a reading time is taken. With ``dropped``
    (what `page_markdown` removes from ``main`` before it looks), a paragraph inside such an
    element is passed over and such elements inside a paragraph are removed as it is read."""
    for paragraph in main.find_all("p"):
        if dropped:
            if _inside(paragraph, main, dropped):
                continue
            for element in paragraph.css.select(dropped):
                element.decompose()
        marked = sum(_count(e) for e in paragraph.find_all(["a", "strong"]))
        if _count(paragraph) - marked < PROSE_WORDS:
            continue
        label = paragraph.find(True)
        text = _words(paragraph)
        if label is not None and label.name == "strong" and text.startswith(_words(label)):
            text = text.removeprefix(_words(label)).strip()
        sentence = _SENTENCE.match(text)
        return (sentence.group(1) if sentence else text)[:NOTE_WIDTH]
    return ""


def _inside(tag: Tag, main: Tag, selector: str) -> bool:
    """Whether ``tag`` or an element around it, up to ``main``, matches ``selector``."""
    while tag is not None and tag is not main:
        if tag.css.match(selector):
            return True
        tag = tag.parent
    return False


def _main(html: str, url: str, content: str) -> Tag:
    main = BeautifulSoup(html, "html.parser").select_one(content)
    if main is None:
        raise ValueError(f"no {content!r} in the built page {url}")
    return main


def _dropped(drop: list[str]) -> str:
    return ", ".join([*ALWAYS_DROPPED, "a.headerlink", *drop])


_TABLE_WITHOUT_P = re.compile(r"<table\b(?:(?!<p\b|<table\b|</table>).)*</table>", re.S)
"""A table that holds no paragraph (nor another table): nothing `_note` reads."""


def page_note(html: str, url: str, content: str, drop: list[str]) -> str:
    """The note `page_markdown` gives a page, without the Markdown: for the pages llms-full.txt
    leaves out, whose Markdown would be thrown away (the build report: a row per block, so the
    site's largest page, and new at each build). Its tables without paragraphs are not even
    parsed; only the paragraphs `_note` reads are cleaned."""
    html = _TABLE_WITHOUT_P.sub("", _UNREAD.sub("", html))
    return _note(_main(html, url, content), _dropped(drop))


def page_markdown(html: str, url: str, content: str, drop: list[str]) -> tuple[str, str]:
    """A built page's main content as Markdown, its links made absolute against ``url``; and
    its note for llms.txt (see `_note`)."""
    main = _main(_PRE.sub(_plain_pre, _UNREAD.sub("", html)), url, content)
    for element in main.select(_dropped(drop)):
        element.decompose()
    for attribute, elements in (("href", main.select("a[href]")), ("src", main.select("[src]"))):
        for element in elements:
            element[attribute] = urljoin(url, element[attribute])
    note = _note(main)
    markdown = _Converter(
        heading_style="ATX",
        bullets="-",
        code_language_callback=_language,
        escape_misc=False,
        escape_underscores=False,  # step_size, not step\_size: a word's underscores mark nothing
    ).convert_soup(main)
    return re.sub(r"\n{3,}", "\n\n", markdown).strip() + "\n", note


def _pages(items, section: str) -> list[tuple[str, Page]]:
    """(top-level section title, page) for every page of the nav, in nav order."""
    found: list[tuple[str, Page]] = []
    for item in items:
        if isinstance(item, Section):
            found += _pages(item.children, section or item.title)
        elif isinstance(item, Page):
            found.append((section, item))
    return found


_SOURCE = Path(__file__).read_bytes()
"""This module's code: part of every conversion's cache key."""
_READ: dict[tuple, tuple[tuple[int, int, int], tuple[str, str]]] = {}
"""(built page, its URL, note only, settings) -> (its file's mtime, size and inode when read,
(Markdown, note)): `mkdocs serve` makes a new plugin for each rebuild, and a rebuild that kept a
page's file (`execdocs.incremental`) leaves it unread (reading and hashing every page took most
of a rebuild at ten times this site)."""


class LlmsPlugin(BasePlugin[LlmsConfig]):
    """Writes llms.txt and llms-full.txt into the built site (see the module's docstring)."""

    def __init__(self) -> None:
        self.nav: Navigation | None = None
        self.files = None

    def _page(self, built: Path, url: str, note_only: bool) -> tuple[str, str]:
        """(Markdown, note) of the built page ``built`` ("" for the Markdown of a ``note_only``
        page); the same as the last time this process read it if its file was not written
        since (`_READ`)."""
        stat = built.stat()
        written = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
        key = (str(built), url, note_only, self.config.content, *self.config.drop)
        known = _READ.get(key)
        if known is not None and known[0] == written:
            return known[1]
        html = built.read_text(encoding="utf-8")
        if note_only:
            made = "", page_note(html, url, self.config.content, self.config.drop)
        else:
            made = self._convert(html, url)
        _READ[key] = written, made
        return made

    def _convert(self, html: str, url: str) -> tuple[str, str]:
        """`page_markdown` of a page, from the cache when the same page was converted before."""
        made_from = [PROVENANCE.sub("", html), url, self.config.content, *self.config.drop]
        hasher = hashlib.blake2b(_SOURCE, digest_size=16)
        for part in [_MARKDOWNIFY, *made_from]:
            hasher.update(part.encode() + b"\0")
        entry = Path(self.config.cache_dir) / f"{hasher.hexdigest()}.json"
        try:
            markdown, note = json.loads(entry.read_text(encoding="utf-8"))
            return markdown, note
        except (OSError, ValueError):
            pass
        made = page_markdown(html, url, self.config.content, self.config.drop)
        entry.parent.mkdir(parents=True, exist_ok=True)
        entry.write_text(json.dumps(made), encoding="utf-8")
        return made

    def on_files(self, files: Files, config) -> Files:
        """Both files as placeholders, so that pages may link to them (`[llms.txt](llms.txt)`)
        under strict link validation; `on_post_build` writes them."""
        for name in OUTPUTS:
            files.append(File.generated(config, name, content=f"{name}: written after the build"))
        return files

    def on_nav(self, nav, config, files):
        self.nav, self.files = nav, files
        return nav

    def on_post_build(self, config) -> None:
        site = Path(config.site_dir)
        base = config.site_url or "/"
        in_nav = _pages(self.nav.items, "")
        listed = {page.file.src_uri for _, page in in_nav}
        others = [
            ("Optional", file.page)
            for file in self.files.documentation_pages()
            if file.page is not None and file.src_uri not in listed
        ]
        summary = config.site_description
        head = f"# {config.site_name}\n" + (f"\n> {summary}\n" if summary else "")
        index = [head]
        full = [head]
        section = None
        for name, page in [*in_nav, *others]:
            url = urljoin(base, page.url)
            skipped = page.file.src_uri in self.config.full_skip  # its note alone
            markdown, note = self._page(site / page.file.dest_uri, url, skipped)
            title = page.title or markdown.split("\n", 1)[0].lstrip("# ")
            if name != section:
                section = name
                index.append(f"\n## {name or 'Pages'}\n\n")
            index.append(f"- [{title}]({url})" + (f": {note}" if note else "") + "\n")
            if name != "Optional" and not skipped:
                full.append(f"\n---\n\nSource: {url}\n\n{markdown}")
        for name, parts in zip(OUTPUTS, (index, full), strict=True):
            (site / name).write_text("".join(parts), encoding="utf-8")
