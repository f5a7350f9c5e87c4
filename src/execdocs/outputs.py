"""Which outputs a change moved: every block's output as a build showed it, and two builds' diff.

A build (not a shard, not `mkdocs serve`) writes its outputs manifest: per page, every block and
question in page order, each run's cache key and its output as text a reviewer can read (tables
as rows, a chart as its values table plus a digest of its SVG, an explorer's recorded runs as
indented JSON), and for a question its keyed letter and whether the build proved it. Its path
is ``outputs.json`` in the cache folder (``LRLAB_OUTPUTS`` overrides, see `execdocs.settings`),
so CI's saved cache carries main's.

    python -m execdocs.outputs diff BASE [--head HEAD]

compares two manifests. BASE and HEAD are each a manifest file, a cache folder holding one, or
a git ref (built in a scratch worktree, with its own sources and the same execution cache, so
only the blocks the change touched run). HEAD defaults to building the working tree. It prints
Markdown (what `make outputs-diff` shows and CI writes to a pull request's job summary): per
page, each block whose output changed, with a short unified diff, and each question whose runs
changed or whose keyed answer stopped (or started) holding.
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import html
import json
import os
import re
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MANIFEST = "outputs.json"
"""The manifest's name in the cache folder."""

VERSION = 1

_SVG = re.compile(r"<svg\b.*?</svg>", re.S)
_DATA = re.compile(r'<script type="application/json"[^>]*>(.*?)</script>', re.S)
_HIDDEN = re.compile(r"<(script|style)\b.*?</\1>", re.S)
_CELL_END = re.compile(r"</t[dh]>", re.I)
_LINE_END = re.compile(r"</(?:tr|p|div|li|pre|caption|summary|figcaption|h\d)>|<br\s*/?>", re.I)
_TAG = re.compile(r"<[^>]+>")

WIDTH = 160
"""Characters of a diff line shown (a recorded run's series is one long line)."""
DIFF_LINES = 40
"""Lines of one piece's diff shown; the rest is counted."""
BUDGET = 500_000
"""Characters of diffs in one report: a GitHub job summary holds at most 1 MiB, so once the
diffs shown reach this, the remaining changes are listed without theirs."""


def readable(output: str) -> tuple[list[str], list[str]]:
    """An output as lines a reviewer can diff, and the digests of the charts (SVG) in it.

    Text is kept as it is; HTML (an output that starts with a tag) becomes its text, a table
    one row per line with its cells joined by `` | ``, a chart ``[chart]`` (its digest apart),
    an explorer's recorded runs their JSON, indented."""
    if not output.lstrip().startswith("<"):
        return output.splitlines(), []
    charts = [hashlib.sha256(svg.encode()).hexdigest()[:16] for svg in _SVG.findall(output)]
    text = _SVG.sub("\n[chart]\n", output)
    text = _DATA.sub(lambda m: "\n" + _indented(m[1]) + "\n", text)
    text = _HIDDEN.sub("", text)
    text = _CELL_END.sub(" | ", text)
    text = _LINE_END.sub("\n", text)
    text = html.unescape(_TAG.sub("", text))
    lines = [line.strip().removesuffix(" |") for line in text.splitlines()]
    return [line for line in lines if line], charts


def _indented(data: str) -> str:
    try:
        return json.dumps(json.loads(html.unescape(data)), indent=1, ensure_ascii=False)
    except ValueError:
        return data


def run(key: str, output: str) -> dict[str, Any]:
    """One run as a build records it: its output as it is, made `readable` only when the
    manifest is written (`mkdocs serve` and shards write none, and pay nothing)."""
    return {"key": key, "output": output}


def piece(key: str, output: str) -> dict[str, Any]:
    """One run as the manifest keeps it."""
    lines, charts = readable(output)
    return {"key": key, "lines": lines, "charts": charts}


def shown(
    location: str,
    block: str,
    kind: str,
    pieces: Mapping[str, dict[str, Any]],
    failure: str = "",
    answer: str = "",
) -> dict[str, Any]:
    """A block (``kind`` "block") or a question ("question") as the build showed it; an empty
    ``failure`` means it passed (a question's keyed ``answer`` was proved)."""
    page, _, line = location.rpartition(":")
    if not line.isdigit():
        page, line = location, "0"
    return {
        "page": page,
        "line": int(line),
        "block": block,
        "kind": kind,
        "ok": not failure,
        "failure": failure,
        "answer": answer,
        "pieces": dict(pieces),
    }


def write(path: Path, blocks: list[dict[str, Any]], cache_dir: Path | None) -> None:
    """The manifest of a build's ``blocks`` (`shown`, each piece a `run`), made readable and
    written atomically, with the cache
    folder its runs are in (a git ref's build for a diff reuses it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    scratch = path.with_suffix(".tmp")
    folder = str(cache_dir.resolve()) if cache_dir else ""
    readable_blocks = [
        {**block, "pieces": {label: piece(**p) for label, p in block["pieces"].items()}}
        for block in blocks
    ]
    manifest = {"version": VERSION, "cache_dir": folder, "blocks": readable_blocks}
    scratch.write_text(json.dumps(manifest, ensure_ascii=False, indent=0), encoding="utf-8")
    scratch.replace(path)


def read(path: Path) -> dict[str, Any]:
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise SystemExit(f"outputs: cannot read the outputs manifest {path}: {error}") from None
    if not isinstance(manifest, dict) or manifest.get("version") != VERSION:
        raise SystemExit(f"outputs: {path} is not an outputs manifest of version {VERSION}")
    return manifest


# --- the diff ---


@dataclass
class Change:
    """One block or question a reviewer should look at."""

    page: str
    line: int
    block: str
    kind: str
    what: str  # "output changed", "new", "removed", "now fails", ...
    diffs: list[tuple[str, list[str]]] = field(default_factory=list)  # (piece label, lines)
    answer: str = ""  # a question's: whether its keyed answer holds


@dataclass
class Diff:
    """What changed between two builds' manifests."""

    changes: list[Change]
    blocks: int  # in the head build
    same_output: int  # re-ran (another cache key) and printed the same
    unchanged: int  # same cache keys


def _identities(blocks: list[dict[str, Any]]) -> Iterator[tuple[tuple[str, str, int], dict]]:
    """Each block by (page, block name, its occurrence on the page): lines move with edits."""
    seen: Counter[tuple[str, str]] = Counter()
    for block in blocks:
        name = (block["page"], block["block"])
        yield (*name, seen[name]), block
        seen[name] += 1


def _piece_diff(old: dict[str, Any] | None, new: dict[str, Any] | None) -> list[str]:
    """A piece's change: "chart changed" (or added, removed) first, then its text's diff."""
    before, after = (old or {}).get("lines", []), (new or {}).get("lines", [])
    lines = []
    if (old or {}).get("charts", []) != (new or {}).get("charts", []):
        lines.append("chart changed" if old and new else "chart " + ("added" if new else "removed"))
    diff = list(difflib.unified_diff(before, after, n=1, lineterm=""))[2:]  # no file names
    diff = [line if len(line) <= WIDTH else line[: WIDTH - 1] + "…" for line in diff]
    if len(diff) > DIFF_LINES:
        diff = [*diff[:DIFF_LINES], f"... {len(diff) - DIFF_LINES} more diff lines"]
    return lines + diff


def _answer(block: dict[str, Any]) -> str:
    if block["kind"] != "question":
        return ""
    if block["ok"]:
        return f"keyed answer {block['answer']} still holds"
    return f"keyed answer {block['answer'] or '?'} no longer holds: {block['failure']}"


def diff(base: list[dict[str, Any]], head: list[dict[str, Any]]) -> Diff:
    """Every block of ``head`` whose output or outcome differs from ``base``'s, and those gone."""
    before = dict(_identities(base))
    changes, same_output, unchanged = [], 0, 0
    for identity, new in _identities(head):
        old = before.pop(identity, None)
        page, name, _ = identity
        where = (page, new["line"], name, new["kind"])
        if old is None:
            changes.append(Change(*where, "new", answer=_answer(new)))
            continue
        keys = {label: p["key"] for label, p in new["pieces"].items()}
        if keys == {label: p["key"] for label, p in old["pieces"].items()} and (
            new["ok"] == old["ok"]
        ):
            unchanged += 1
            continue
        diffs = []
        for label in dict.fromkeys([*old["pieces"], *new["pieces"]]):
            found = _piece_diff(old["pieces"].get(label), new["pieces"].get(label))
            if found:
                diffs.append((label, found))
        if new["ok"] != old["ok"] or (not new["ok"] and new["failure"] != old["failure"]):
            what = "now fails" if not new["ok"] else "passes again"
            if not new["ok"] and new["kind"] == "block":
                diffs.append(("failure", [new["failure"]]))
        elif diffs:
            what = "output changed"
        else:
            same_output += 1
            continue
        changes.append(Change(*where, what, diffs, _answer(new)))
    for (page, name, _), old in before.items():
        changes.append(Change(page, old["line"], name, old["kind"], "removed"))
    changes.sort(key=lambda c: (c.page, c.line))
    return Diff(changes, len(head), same_output, unchanged)


def markdown(found: Diff, base: str, head: str, budget: int = BUDGET) -> str:
    """The diff for a reviewer: a summary, then per page each change and its diffs (until
    ``budget`` characters of diffs are shown; every change is listed all the same)."""
    pages = sorted({c.page for c in found.changes})
    lines = [f"## Outputs: {head} against {base}", ""]
    if not found.changes:
        lines.append(
            f"No output changed: {found.blocks} blocks and questions, {found.unchanged} with the"
            f" same cache keys, {found.same_output} ran again and showed the same output."
        )
        return "\n".join(lines) + "\n"
    counts = Counter(c.what for c in found.changes)
    listed = ", ".join(f"{n} {what}" for what, n in sorted(counts.items()))
    lines.append(
        f"{len(found.changes)} of {found.blocks} blocks and questions on {len(pages)} page"
        f"{'s' * (len(pages) != 1)}: {listed}. {found.same_output} ran again and showed the"
        f" same output; {found.unchanged} kept their cache keys."
    )
    for page in pages:
        lines += ["", f"### {page}", ""]
        for change in (c for c in found.changes if c.page == page):
            kind = "question" if change.kind == "question" else "block"
            line = f" (line {change.line})" if change.line else ""
            tail = f"; {change.answer}" if change.answer else ""
            lines.append(f"- {kind} `{change.block}`{line}: {change.what}{tail}")
            shown: list[str] = []
            for label, diff_lines in change.diffs:
                if label != "output":  # a question's piece: its label (proof, given, A, ...)
                    shown += ["", f"  {label}:"]
                shown += ["", "  ```diff", *(f"  {d}" for d in diff_lines), "  ```", ""]
            size = sum(len(s) + 1 for s in shown)
            if size > budget:  # this one and every later one: listed without their diffs
                budget = 0
                shown = ["  (diff left out: this report has reached its length)"] if shown else []
            else:
                budget -= size
            lines += shown
    return "\n".join(lines) + "\n"


# --- where the manifests come from ---


def build(project: Path, into: Path, scratch: Path, **env: str) -> None:
    """Build ``project`` (its own sources first on the path) writing its manifest to ``into``."""
    environ = dict(os.environ, NO_MKDOCS_2_WARNING="1", LRLAB_OUTPUTS=str(into), **env)
    source = project / "src"
    if source.is_dir():  # a worktree's helpers and engine, not the installed checkout's
        environ["PYTHONPATH"] = os.pathsep.join(
            filter(None, [str(source), environ.get("PYTHONPATH")])
        )
    command = [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(scratch / "site")]
    done = subprocess.run(command, cwd=project, env=environ, capture_output=True, text=True)
    if not into.is_file():
        tail = done.stderr[-3000:]
        raise SystemExit(f"outputs: the build of {project} wrote no manifest:\n{tail}")
    if done.returncode:
        print(f"outputs: the build of {project} failed (the diff says where)", file=sys.stderr)


def load(spec: str, scratch: Path, name: str, cache_dir: str = "") -> dict[str, Any]:
    """The manifest ``spec`` names: a file, a cache folder, or a git ref (built in a scratch
    worktree, sharing ``cache_dir``: entries are content-addressed, so sharing is safe)."""
    path = Path(spec)
    if path.is_file():
        return read(path)
    if path.is_dir():
        return read(path / MANIFEST)
    worktree = scratch / name
    added = subprocess.run(
        ["git", "worktree", "add", "--detach", "--quiet", str(worktree), spec],
        capture_output=True,
        text=True,
    )
    if added.returncode:
        why = added.stderr.strip()
        raise SystemExit(f"outputs: {spec!r} is no manifest, cache folder or git ref: {why}")
    try:
        env = {"LRLAB_CACHE_DIR": cache_dir} if cache_dir else {}
        build(worktree, scratch / f"{name}.json", scratch, **env)
        return read(scratch / f"{name}.json")
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(worktree)], check=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    compare = sub.add_parser("diff", help="the outputs that differ between two builds")
    compare.add_argument("base", help="a manifest, a cache folder or a git ref")
    compare.add_argument("--head", help="the same; default: build the working tree")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="lrlab-outputs-") as scratch_name:
        scratch = Path(scratch_name)
        if args.head:
            head = load(args.head, scratch, "head")
        else:
            build(Path.cwd(), scratch / "head.json", scratch)
            head = read(scratch / "head.json")
        base = load(args.base, scratch, "base", head["cache_dir"])
    found = diff(base["blocks"], head["blocks"])
    print(markdown(found, args.base, args.head or "the working tree"), end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
