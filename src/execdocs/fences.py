"""The fenced code blocks of a Markdown page and the snippet files they include.

`scan` finds each fence: where it opens, its options, its body lines. One scanner serves the
plugin (which annotates executed fences and checks includes) and the notebook generator (which
collects a page's examples), so both read a page alike. `place` records where each line of a
fence's expanded code comes from (a snippet file and line, or the page), so that a failure
names ``snippets/<file>.py:<n>``; `expand` gives the code the snippets extension will hand to
the formatter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

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


# --------------------------------------------------------------------------- includes

MISSING_INCLUDE = "# execdocs: missing snippet"
"""What the plugin writes in place of an include whose file does not exist."""

_INCLUDE_RE = re.compile(r"^\s*-{1,}8<-{1,}\s+(['\"]?)([^'\"\s]+)\1\s*$")


def include_path(line: str) -> str | None:
    """The path of a single-line ``--8<-- "file"`` include, or None for any other line."""
    match = _INCLUDE_RE.match(line)
    return match.group(2) if match else None


@dataclass(frozen=True)
class PlacedFence:
    """Where an executed fence sits in the Markdown source, and what its body included."""

    page: str  # e.g. "docs/concept.md"
    line: int  # 1-based line of the opening fence
    origins: tuple[tuple[str, int], ...]  # per line of the expanded code: (file, line in file)

    @property
    def location(self) -> str:
        return f"{self.page}:{self.line}"

    def code_line(self, lineno: int) -> str:
        """Line ``lineno`` of the executed code as ``snippets/<file>.py:<n>`` (or the page's)."""
        if not lineno:
            return ""
        if 0 < lineno <= len(self.origins):
            source, line = self.origins[lineno - 1]
            return f"{source}:{line}"
        return f"line {lineno} of the block"

    def default_id(self, snippets_dir: Path) -> str:
        """The block's id when its fence gives none: the snippet it includes
        (``lesson/concept/x``), or its line on the page for code written in the page."""
        files = {source for source, _ in self.origins}
        prefix = f"{snippets_dir.as_posix()}/"
        if len(files) == 1 and (only := next(iter(files))).startswith(prefix):
            return only.removeprefix(prefix).removesuffix(".py")
        return f"line {self.line}"


def place(page: str, line: int, body: list[str], snippets_dir: Path) -> PlacedFence:
    """A fence's place, with the origin of every line its body expands to."""
    origins: list[tuple[str, int]] = []
    for offset, text in enumerate(body, start=1):
        included = include_path(text)
        path = snippets_dir / included if included else None
        if path is not None and path.is_file():
            count = len(path.read_text(encoding="utf-8").splitlines())
            origins += [(f"{snippets_dir.as_posix()}/{included}", n) for n in range(1, count + 1)]
        else:
            origins.append((page, line + offset))
    return PlacedFence(page, line, tuple(origins))


def expand(body: list[str], snippets_dir: Path) -> str | None:
    """A fence body with its whole-file includes expanded, as the snippets extension will hand
    it to the formatter (None if an include is missing: the page reports that)."""
    lines: list[str] = []
    for text in body:
        included = include_path(text)
        if included is None:
            lines.append(text)
            continue
        path = snippets_dir / included
        if not path.is_file():
            return None
        indent = text[: len(text) - len(text.lstrip())]
        lines += [indent + line if line else line for line in path.read_text("utf-8").split("\n")]
    return "\n".join(lines)


def declared_raises(docs_dir: Path) -> dict[str, str]:
    """The exception each included snippet must raise, by its path under the snippets folder:
    what an executed fence of a page under ``docs_dir`` that includes it declares with
    ``raises=`` (it shows that snippet failing on purpose). Whoever runs the snippets on their
    own (their tests, `make bench`) reads it here, as the build reads the fence."""
    found: dict[str, str] = {}
    for page in sorted(docs_dir.rglob("*.md")):
        for fence in scan(page.read_text(encoding="utf-8")):
            raises = fence.options.get("raises", "")
            if not (fence.executed and raises):
                continue
            for _, text in fence.body:
                if (included := include_path(text)) is not None:
                    found[included] = raises
    return found
