"""The fenced code blocks of a Markdown page: where each opens, its options, its body lines.

One scanner serves the MkDocs plugin (which annotates executed fences and checks includes)
and the notebook generator (which collects a page's examples), so both read a page alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_OPEN = re.compile(r"^(?P<indent>\s*)(?P<marker>`{3,}|~{3,})\s*\{?\s*(?P<info>.*)$")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_OPTION = re.compile(r"""([\w-]+)=(?:"([^"]*)"|'([^']*)'|([^\s"'}]+))""")
_TRUE = {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Fence:
    """One fenced block of a page."""

    line: int  # 1-based line of the opening fence
    indent: str
    info: str  # what follows the opening marker: language and options
    body: tuple[tuple[int, str], ...]  # (line number, text with the fence's indent removed)
    section: str  # the nearest heading above the fence

    @property
    def options(self) -> dict[str, str]:
        return {m[0]: m[1] or m[2] or m[3] for m in _OPTION.findall(self.info)}

    @property
    def question(self) -> bool:
        """A ```question``` fence: its body names a question file."""
        return bool(re.match(r"\.?question\b", self.info))

    @property
    def executed(self) -> bool:
        """A Python fence that markdown-exec runs (``exec="1"`` or another true value)."""
        return bool(re.match(r"\.?(python|py)\b", self.info)) and (
            self.options.get("exec", "").lower() in _TRUE
        )


def scan(markdown: str) -> list[Fence]:
    """Every closed fenced block of ``markdown``, in order (fences nested in a longer fence
    are body text, as in CommonMark)."""
    fences: list[Fence] = []
    section = ""
    opening: tuple[int, str, str, str] | None = None  # (line, indent, marker, info)
    body: list[tuple[int, str]] = []
    for number, text in enumerate(markdown.split("\n"), start=1):
        if opening is None:
            heading = _HEADING.match(text)
            if heading:
                section = heading.group(2)
            match = _OPEN.match(text)
            if match:
                opening = (number, match["indent"], match["marker"], match["info"])
                body = []
            continue
        start, indent, marker, info = opening
        stripped = text.strip()
        if stripped.startswith(marker) and not stripped.strip(marker[0]):
            fences.append(Fence(start, indent, info, tuple(body), section))
            opening = None
            continue
        body.append((number, text[len(indent) :] if text.startswith(indent) else text))
    return fences
