"""Reading times: "about N minutes" for a page, worked out from its words and its blocks.

A page asks for its reading time with `PLACEHOLDER` (an HTML comment, so a page read without
the plugin shows nothing odd), and for another page's with the same comment naming that page
relative to it (``<!-- execdocs:reading-time big-idea.md -->``, for an overview's table);
`fill` replaces both. The estimate is a pure function of the page's Markdown and of the snippet
files its fences include (``read`` gives their text):

* prose: `WORDS_PER_MINUTE` (words outside fences, HTML tags, comments and link targets);
* code a reader sees (an executed fence with ``source=``, or any plain code fence):
  `CODE_LINES_PER_MINUTE`, counting the included file's lines for ``--8<--`` includes;
* each output an executed fence shows (text, a table, a chart, a measured sentence):
  `SECONDS_PER_OUTPUT`;
* each question: `SECONDS_PER_QUESTION` (reading it, choosing, reading the solution).

A page that is mostly prose is read at the prose rate; a page of long tables, long functions
and questions is given the time they take, whatever its author would have guessed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from execdocs import fences

PLACEHOLDER = "<!-- execdocs:reading-time -->"
_ASKED = re.compile(r"<!-- execdocs:reading-time(?: (?P<page>[\w./-]+\.md))? -->")

WORDS_PER_MINUTE = 200
CODE_LINES_PER_MINUTE = 20
SECONDS_PER_OUTPUT = 20
SECONDS_PER_QUESTION = 90

_INCLUDE = re.compile(r"""^\s*;?--8<--\s+["']([^"']+)["']\s*$""")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_TAG = re.compile(r"<[^>]+>")
_LINK_TARGET = re.compile(r"\]\([^)]*\)|\{[^}]*\}")
_CODE_SPAN = re.compile(r"(`+[^`]*`+)")
_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")


@dataclass(frozen=True)
class Estimate:
    """What a page holds, as the estimate counts it, and the time it comes to."""

    words: int
    code_lines: int
    outputs: int
    questions: int

    @property
    def seconds(self) -> float:
        return (
            60 * self.words / WORDS_PER_MINUTE
            + 60 * self.code_lines / CODE_LINES_PER_MINUTE
            + SECONDS_PER_OUTPUT * self.outputs
            + SECONDS_PER_QUESTION * self.questions
        )

    @property
    def minutes(self) -> int:
        """Whole minutes, rounded to the nearest, at least 1."""
        return max(1, round(self.seconds / 60))

    @property
    def text(self) -> str:
        return f"about {self.minutes} minute{'' if self.minutes == 1 else 's'}"


def _nothing(path: str) -> str:
    return ""


def estimate(markdown: str, read: Callable[[str], str] = _nothing) -> Estimate:
    """Count the words, the code lines shown, the outputs and the questions of ``markdown``;
    ``read(path)`` gives the text of a snippet file a fence includes."""
    blocks = fences.scan(markdown)
    inside = _fenced_lines(blocks)
    prose = "\n".join(
        text for n, text in enumerate(markdown.split("\n"), start=1) if n not in inside
    )
    prose = _LINK_TARGET.sub("]", _TAG.sub(" ", _COMMENT.sub(" ", prose)))
    code_lines = outputs = questions = 0
    for fence in blocks:
        if fence.question:
            questions += 1
            continue
        options = fence.options
        shows_code = not fence.executed or "source" in options
        if shows_code:
            code_lines += sum(_lines(text, read) for _, text in fence.body)
        if fence.executed:
            outputs += 1
    return Estimate(len(_WORD.findall(prose)), code_lines, outputs, questions)


def _lines(text: str, read: Callable[[str], str]) -> int:
    """How many lines of code a body line stands for: an include counts its file's lines."""
    include = _INCLUDE.match(text)
    if include:
        return sum(1 for line in read(include.group(1)).splitlines() if line.strip())
    return 1 if text.strip() else 0


def reader(folder: Path) -> Callable[[str], str]:
    """``read`` for `estimate` and `fill`: the text of ``folder/path`` (empty if there is no
    such file: a missing include is reported elsewhere)."""

    def read(path: str) -> str:
        try:
            return (folder / path).read_text(encoding="utf-8")
        except OSError:
            return ""

    return read


def fill(
    markdown: str,
    read: Callable[[str], str] = _nothing,
    read_page: Callable[[str], str] = _nothing,
) -> str:
    """``markdown`` with every reading-time comment outside its fences replaced: `PLACEHOLDER`
    by this page's time, one naming a page by that page's (``read_page(path)`` gives its
    Markdown; a page with no text is an error, so a renamed page is noticed). A page that shows
    the comment as code (a fence or a code span) keeps it there."""
    if "<!-- execdocs:reading-time" not in markdown:
        return markdown
    inside = _fenced_lines(fences.scan(markdown))

    def time(found: re.Match[str]) -> str:
        if not found["page"]:
            return estimate(markdown, read).text
        other = read_page(found["page"])
        if not other.strip():
            raise ValueError(f"reading time asked for {found['page']!r}, which has no text")
        return estimate(other, read).text

    def outside_code(line: str) -> str:  # a comment shown as `code` is left as it is
        parts = _CODE_SPAN.split(line)
        return "".join(p if i % 2 else _ASKED.sub(time, p) for i, p in enumerate(parts))

    return "\n".join(
        line if n in inside else outside_code(line)
        for n, line in enumerate(markdown.split("\n"), start=1)
    )


def _fenced_lines(blocks: list[fences.Fence]) -> set[int]:
    """The line numbers of every fence, its opening and closing lines included."""
    return {n for fence in blocks for n in range(fence.line, fence.line + len(fence.body) + 2)}
