"""How a block failed, said so that its author can find it: ``docs/<page>.md:<line> [block]
Kind at snippets/<file>.py:<n>: message``.

A run that went wrong (`execdocs.runner.Outcome.problem`) becomes a `BlockError`; a warning
that no fence declared, or a declared one that never came, does too (`check_warnings`). The
formatter turns it into a `Failure`, recorded for the plugin's list and shown on the page as a
short notice (`notice_html`), never a traceback.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from execdocs.fences import PlacedFence
from execdocs.runner import Kind, Outcome


@dataclass(frozen=True)
class Failure:
    """One block (or include) that failed, with everything needed to find it."""

    location: str
    block: str
    kind: str
    message: str
    code_line: str = ""

    def describe(self) -> str:
        where = f" at {self.code_line}" if self.code_line else ""
        return f"{self.location} [{self.block}] {self.kind}{where}: {self.message}"


class BlockError(Exception):
    """A block failed; ``kind`` says how, ``code_line`` where in the snippet."""

    def __init__(self, kind: str, message: str, code_line: str = "") -> None:
        super().__init__(message)
        self.kind = str(kind)
        self.message = message
        self.code_line = code_line


class NotInShard(Exception):
    """The block belongs to another shard: this build neither runs nor shows it."""


def code_line(fence: PlacedFence | None, lineno: int) -> str:
    """Line ``lineno`` of a block's code, named by its snippet file when the fence is known."""
    if fence is not None:
        return fence.code_line(lineno)
    return f"line {lineno} of the block" if lineno else ""


def block_error(outcome: Outcome, fence: PlacedFence | None, root: Path) -> BlockError:
    """The error a failed run reports; an exception raised (or a download tried) inside a helper
    names its line."""
    problem = outcome.problem
    assert problem is not None
    message = problem.message
    if problem.kind in (Kind.EXCEPTION, Kind.MEMORY, Kind.NETWORK):
        helper = _innermost_project_frame(problem.frames, root)
        if helper and not helper.startswith("snippets/"):
            message += f" ({'from' if problem.kind == Kind.NETWORK else 'raised in'} {helper})"
    return BlockError(problem.kind, message, code_line(fence, problem.lineno))


def _innermost_project_frame(frames: tuple[tuple[str, int], ...], root: Path) -> str:
    last = ""
    for filename, line in frames:
        path = Path(filename)
        if path.is_absolute() and root in path.parents and "site-packages" not in path.parts:
            last = f"{path.relative_to(root).as_posix()}:{line}"
    return last


def warning_file(filename: str, root: Path) -> str:
    """Where a warning was raised, the same on every machine: "" for the block itself, a path
    under the project or under site-packages otherwise."""
    if filename.startswith("<block "):
        return ""
    path = Path(filename)
    if "site-packages" in path.parts:
        return Path(*path.parts[path.parts.index("site-packages") + 1 :]).as_posix()
    if path.is_absolute() and root in path.parents:
        return path.relative_to(root).as_posix()
    return path.name


def declared_warnings(text: str) -> set[str]:
    """The warning categories a fence's ``warns="UserWarning, FutureWarning"`` declares."""
    return {name for name in re.split(r"[\s,]+", text) if name}


def warning_lines(entry: dict[str, Any], fence: PlacedFence | None) -> list[str]:
    """Each warning of an entry as Python prints it: ``where: Category: message``."""
    lines = []
    for category, message, filename, lineno in entry.get("warnings", []):
        where = code_line(fence, lineno) if not filename else f"{filename}:{lineno}"
        lines.append(f"{where or 'block'}: {category}: {message}")
    return lines


def stderr_text(entry: dict[str, Any], fence: PlacedFence | None) -> str:
    """What a block sent to stderr, warnings first, as a notebook shows it under the output."""
    warned = "".join(f"{line}\n" for line in warning_lines(entry, fence))
    return warned + entry.get("stderr", "")


def stderr_summary(entry: dict[str, Any]) -> str:
    """What a block wrote to stderr or warned, in a few words (``1 warning, stderr``)."""
    count = len(entry.get("warnings", []))
    parts = [f"{count} warning{'s' * (count != 1)}"] if count else []
    if entry.get("stderr", "").strip():
        parts.append("stderr")
    return ", ".join(parts)


def check_warnings(
    entry: dict[str, Any], fence: PlacedFence | None, warns: str
) -> BlockError | None:
    """A warning the fence did not declare, or a declared one that never came."""
    declared = declared_warnings(warns)
    seen = {category for category, *_ in entry.get("warnings", [])}
    for (category, message, filename, lineno), line in zip(
        entry.get("warnings", []), warning_lines(entry, fence), strict=True
    ):
        if category not in declared:
            where = line.split(f": {category}: ", 1)[0]
            return BlockError(
                Kind.WARNING,
                f"{category}: {message} (from {where}); fix its cause, or show it on purpose "
                f'with warns="{category}" on the fence',
                code_line(fence, lineno) if not filename else "",
            )
    missing = sorted(declared - seen)
    if missing:
        return BlockError(
            Kind.MISSING_WARNING,
            f"the block declares warns={', '.join(missing)!r} but ran without that warning",
        )
    return None


def notice_html(failure: Failure) -> str:
    """What the page shows in place of a failed block."""
    text = html.escape(failure.describe())
    return (
        '<div class="admonition failure lrlab-failure"><p class="admonition-title">'
        f"This block failed</p><p>{text}</p></div>"
    )
