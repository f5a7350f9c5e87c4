"""The build report: one row per executed block and notebook, on the page that carries
`REPORT_MARKER` (the site's build-report page)."""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

REPORT_MARKER = "<!-- lrlab:build-report -->"


@dataclass(frozen=True)
class BlockRun:
    """What the build report shows for one executed block."""

    location: str
    block: str
    seconds: float
    cached: bool
    ok: bool
    stderr: str = ""  # what it wrote to stderr or warned, in a few words ("1 warning")


def _location_line(location: str) -> int:
    tail = location.rsplit(":", 1)[-1]
    return int(tail) if tail.isdigit() else 0


def report_html(
    runs: Sequence[BlockRun], notebooks: Sequence[BlockRun], executed: int, workers: int
) -> str:
    """Every block with its location, time, whether it was cached, and what it wrote to
    stderr or warned; then every notebook."""
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
        f"<p>{len(runs)} executed blocks; {executed} blocks executed in this "
        f"build, each in a process of its own, up to {workers} at once, "
        f"{total:.2f} s of execution ({sum(r.cached for r in runs)} reused a run). "
        f"{noisy} blocks wrote to stderr or warned (shown under their output). "
        f"{len(notebooks)} notebooks; {book_total:.2f} s of notebook execution, shared with the "
        "pages' runs of the same snippets, listed after the blocks.</p>"
        '<table class="lrlab-report"><thead><tr><th>Block location</th><th>Block id</th>'
        "<th>Seconds</th><th>Run</th><th>Status</th><th>stderr</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
    )
