"""The build report: what each section of the site costs to run, then one row per executed
block and notebook, on the page that carries `REPORT_MARKER` (the site's build-report page)."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

REPORT_MARKER = "<!-- lrlab:build-report -->"

TOP_LEVEL = "top level"
"""The section of the pages directly in the docs folder."""


@dataclass(frozen=True)
class BlockRun:
    """What the build report shows for one executed block."""

    location: str
    block: str
    seconds: float
    cached: bool
    ok: bool
    stderr: str = ""  # what it wrote to stderr or warned, in a few words ("1 warning")
    runs: tuple[tuple[str, float, bool], ...] = ()
    """The runs behind the row, one per piece of code (a question has several): the cache
    key, the run time, and whether that time was recorded by an earlier build (the output came
    from the cache) rather than run in this one."""


@dataclass(frozen=True)
class SectionCost:
    """What one top-level folder of the docs costs to run: every distinct run of its blocks
    and question pieces, at its run time in a process of its own."""

    section: str  # "lesson/", or TOP_LEVEL
    blocks: int
    run_now: int  # runs this build made
    run_now_seconds: float
    recorded: int  # runs reused from the cache, at the time they took when they were recorded
    recorded_seconds: float

    @property
    def seconds(self) -> float:
        """The section's cost on a cold build, whether this build ran it or not."""
        return self.run_now_seconds + self.recorded_seconds


def _location_line(location: str) -> int:
    tail = location.rsplit(":", 1)[-1]
    return int(tail) if tail.isdigit() else 0


def section_of(location: str) -> str:
    """The top-level folder of the docs a block's ``docs/<page>.md:<line>`` is in."""
    parts = location.split(":", 1)[0].split("/")[1:]  # without the docs folder
    return f"{parts[0]}/" if len(parts) > 1 else TOP_LEVEL


def section_costs(runs: Sequence[BlockRun]) -> list[SectionCost]:
    """Each section's blocks and their run seconds, in name order (the top level last). Code
    that runs twice in a section (one snippet on two of its pages) is counted once: the build
    runs it once. A block that failed, or ran nothing, counts as a block of no cost."""
    found: dict[str, dict[str, tuple[float, bool]]] = {}
    failed: dict[str, int] = {}
    for run in runs:
        section = section_of(run.location)
        keys = found.setdefault(section, {})
        failed.setdefault(section, 0)
        if not run.runs:
            failed[section] += 1
        for key, seconds, recorded in run.runs:
            keys.setdefault(key, (seconds, recorded))
    costs = []
    for section in sorted(found, key=lambda name: (name == TOP_LEVEL, name)):
        done = found[section].values()
        now = [seconds for seconds, recorded in done if not recorded]
        stored = [seconds for seconds, recorded in done if recorded]
        costs.append(
            SectionCost(
                section,
                len(done) + failed[section],
                len(now),
                sum(now),
                len(stored),
                sum(stored),
            )
        )
    return costs


def scrolling(name: str, table: str) -> str:
    """A wide table in a box of its own that scrolls sideways on a narrow screen (the page does
    not), reachable and named for keyboard and screen-reader users."""
    return (
        f'<div class="lrlab-scroll" role="region" tabindex="0" aria-label="{html.escape(name)}">'
        f"{table}</div>"
    )


def sections_html(costs: Sequence[SectionCost]) -> str:
    """The per-section summary at the top of the report (its rows carry their figures as
    data attributes, which `section_seconds` reads back)."""
    rows = "\n".join(
        f'<tr data-section="{html.escape(c.section)}" data-blocks="{c.blocks}" '
        f'data-seconds="{c.seconds:.3f}"><td><code>{html.escape(c.section)}</code></td>'
        f"<td>{c.blocks}</td><td>{c.seconds:.2f}</td>"
        f"<td>{c.run_now_seconds:.2f} s, {c.run_now} block{'s' * (c.run_now != 1)}</td>"
        f"<td>{c.recorded_seconds:.2f} s, {c.recorded} block{'s' * (c.recorded != 1)}</td></tr>"
        for c in costs
    )
    return (
        "<p>What each section of the site costs to run: its blocks (question pieces included; "
        "code that appears twice in a section runs once and counts once) and the sum of their "
        "run times, each in a process of its own. <em>Run now</em>: the blocks this build ran. "
        "<em>Recorded when cached</em>: the blocks whose output came from the cache, at the "
        "time their run took when it was recorded, so a warm build still reports what the "
        "section costs a cold one.</p>"
        + scrolling(
            "What each section costs",
            '<table class="lrlab-sections"><thead><tr><th>Section</th><th>Blocks</th>'
            "<th>Seconds</th><th>Run now</th><th>Recorded when cached</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>",
        )
    )


_SECTION_ROW = re.compile(r'<tr data-section="([^"]+)" data-blocks="(\d+)" data-seconds="([\d.]+)"')


def section_seconds(report: str) -> dict[str, float]:
    """Each section's seconds, read back from a built report page (for `make bench`)."""
    return {html.unescape(m[1]): float(m[3]) for m in _SECTION_ROW.finditer(report)}


def report_html(
    runs: Sequence[BlockRun],
    notebooks: Sequence[BlockRun],
    executed: int,
    workers: int,
    platform: str = "",
    confined: str = "",
) -> str:
    """The platform every output was run on (a cached one too: the platform is in its key);
    what each section costs; then every block with its location, time, whether it was
    cached, and what it wrote to stderr or warned; then every notebook."""
    summary = sections_html(section_costs(runs))
    if confined:
        summary = f'<p class="lrlab-confined">Blocks confined: {html.escape(confined)}.</p>' + (
            summary
        )
    if platform:
        summary = f'<p class="lrlab-platform">Every output ran on {html.escape(platform)}.</p>' + (
            summary
        )
    runs = sorted(runs, key=lambda r: (r.location.split(":")[0], _location_line(r.location)))
    total = sum(r.seconds for r in runs if not r.cached)
    rows = "\n".join(
        f"<tr><td><code>{html.escape(r.location)}</code></td><td><code>{html.escape(r.block)}"
        f"</code></td><td>{r.seconds:.3f}</td><td>{'cached' if r.cached else 'fresh'}</td>"
        f"<td>{'ok' if r.ok else 'failed'}</td><td>{html.escape(r.stderr)}</td></tr>"
        for r in [*runs, *notebooks]
    )
    book_total = sum(b.seconds for b in notebooks if not b.cached)
    noisy = sum(bool(r.stderr) for r in runs)
    return (
        f"{summary}"
        f"<p>{len(runs)} executed blocks; {executed} blocks executed in this "
        f"build, each in a process of its own, up to {workers} at once, "
        f"{total:.2f} s of execution ({sum(r.cached for r in runs)} reused a run). "
        f"{noisy} blocks wrote to stderr or warned (shown under their output). "
        f"{len(notebooks)} notebooks; {book_total:.2f} s of notebook execution, shared with the "
        "pages' runs of the same snippets, listed after the blocks.</p>"
        + scrolling(
            "Every block and notebook",
            '<table class="lrlab-report"><thead><tr><th>Block location</th><th>Block id</th>'
            "<th>Seconds</th><th>Run</th><th>Status</th><th>stderr</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>",
        )
    )
