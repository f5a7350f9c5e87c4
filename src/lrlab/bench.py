"""`make bench`: what an executed build costs, measured in one run on this machine.

Every figure is a wall-clock time of a real `mkdocs build` (a fresh process, as a developer runs
it) on a scratch copy of the site, so the repository and its cache are never touched. Ratios are
taken between figures of the same run; nothing here asserts a time.

    floor   bare build (execution off) + every snippet run in one Python process
    cold    full build with an empty cache            cold_ratio = cold / floor
            (and the share of it spent on the lesson notebooks)
    warm    rebuild, nothing changed                  warm_ratio = warm / bare
    edit    rebuild after a prose-only edit of one page, and after a one-snippet edit
    scale   the same for a site ten times larger (distinct copies of every page and snippet)
    memory  peak resident memory of any build process
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
_INCLUDE = re.compile(r'^(\s*-{1,}8<-{1,}\s+")([^"]+)(")', re.M)
_COUNTS = re.compile(r"lrlab: (\d+) blocks, (\d+) executed, (\d+) from cache, (\d+) failed")
_RUN_ALL = """
import contextlib, io, runpy, sys
for path in sys.argv[1:]:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        runpy.run_path(path, run_name="__main__")
"""


_NOTEBOOKS = re.compile(r"lrlab: notebooks (\d+), (\d+) cells executed in ([\d.]+) s")


@dataclass(frozen=True)
class Build:
    seconds: float
    blocks: int
    executed: int
    cached: int
    notebook_seconds: float = 0.0


def copy_site(dest: Path, copies: int = 1) -> Path:
    """A scratch project; with ``copies > 1`` every page and snippet is copied into copyN/
    folders, each snippet made distinct (so the copies are real extra work, not cache hits)."""
    shutil.copytree(ROOT / "docs", dest / "docs")
    shutil.copytree(ROOT / "snippets", dest / "snippets")
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    (dest / "src").symlink_to(ROOT / "src")
    if copies > 1:
        # no explicit nav: MkDocs lists every copy itself (strict would reject pages left out)
        config = (dest / "mkdocs.yml").read_text()
        config = re.sub(r"^nav:\n(?:[ #].*\n|\n)*", "", config, flags=re.M)
        (dest / "mkdocs.yml").write_text(config)
    for n in range(1, copies):
        pages = dest / "docs" / f"copy{n}"
        for page in (ROOT / "docs").rglob("*.md"):
            target = pages / page.relative_to(ROOT / "docs")
            target.parent.mkdir(parents=True, exist_ok=True)
            text = _INCLUDE.sub(lambda m, n=n: f"{m[1]}copy{n}/{m[2]}{m[3]}", page.read_text())
            target.write_text(text)
        for snippet in (ROOT / "snippets").rglob("*.py"):
            target = dest / "snippets" / f"copy{n}" / snippet.relative_to(ROOT / "snippets")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(f"# copy {n}\n{snippet.read_text()}")
    return dest


def build(project: Path, cache: Path, **env: str) -> Build:
    environment = dict(
        os.environ,
        NO_MKDOCS_2_WARNING="1",
        LRLAB_CACHE="on",
        LRLAB_CACHE_DIR=str(cache),
        **env,
    )
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(project / "site")],
        cwd=project,
        env=environment,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        problems = [line for line in result.stderr.splitlines() if not line.startswith("INFO")]
        raise SystemExit(f"bench: build of {project} failed:\n" + "\n".join(problems[-30:]))
    counts = _COUNTS.findall(result.stderr)
    blocks, executed, cached, _ = (int(v) for v in counts[-1]) if counts else (0, 0, 0, 0)
    books = _NOTEBOOKS.findall(result.stderr)
    return Build(seconds, blocks, executed, cached, float(books[-1][2]) if books else 0.0)


def run_snippets_in_one_process(project: Path) -> float:
    files = sorted(str(p) for p in (project / "snippets").rglob("*.py"))
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", _RUN_ALL, *files], env=env, check=True)
    return time.perf_counter() - started


def bare(project: Path, cache: Path, repeat: int = 3) -> float:
    """The fastest of a few bare builds (it is the denominator of every ratio)."""
    return min(build(project, cache, LRLAB_EXECUTE="off").seconds for _ in range(repeat))


def best(builds: list[Build]) -> Build:
    """The fastest of repeated builds: the least disturbed by whatever else the machine does."""
    return min(builds, key=lambda b: b.seconds)


def measure(project: Path, label: str, edit: bool, repeat: int) -> None:
    caches = [project / f".bench-cache-{i}" for i in range(repeat)]
    bare = best([build(project, caches[0], LRLAB_EXECUTE="off") for _ in range(repeat)]).seconds
    snippets = min(run_snippets_in_one_process(project) for _ in range(repeat))
    floor = bare + snippets
    cold = best([build(project, cache) for cache in caches])  # each cache starts empty
    warm = best([build(project, caches[0]) for _ in range(repeat)])
    print(
        f"{label} floor   bare={bare:.2f}s + snippets in one process={snippets:.2f}s"
        f" = {floor:.2f}s ({cold.blocks} blocks)"
    )
    ratio = cold.seconds / floor
    print(f"{label} cold    {cold.seconds:.2f}s  cold_ratio={ratio:.2f}  (target <= 1.3)")
    share = cold.notebook_seconds / cold.seconds
    print(
        f"{label} notebooks  {cold.notebook_seconds:.2f}s of the cold build ({share:.0%}),"
        " (their cells' runs also serve the page blocks of the same snippets)"
    )
    print(
        f"{label} warm    {warm.seconds:.2f}s  warm_ratio={warm.seconds / bare:.2f}"
        f"  (target <= 1.2; {warm.executed} blocks re-executed)"
    )
    if not edit:
        return
    page = project / "docs/lesson/concept.md"
    snippet = project / "snippets/lesson/concept/lr_too_low.py"
    prose, one = [], []
    for i in range(repeat):
        page.write_text(page.read_text() + f"\n\nProse edit {i} made by the benchmark.\n")
        prose.append(build(project, caches[0]))
        snippet.write_text(snippet.read_text() + f'print("benchmark edit {i}")\n')
        one.append(build(project, caches[0]))
    p, o = best(prose), best(one)
    print(
        f"{label} edit    prose-only: {p.seconds:.2f}s = {p.seconds / bare:.2f} x bare"
        f"  (target <= 1.5; {max(b.executed for b in prose)} blocks re-executed)"
    )
    print(
        f"{label} edit    one snippet: {o.seconds:.2f}s = {o.seconds / bare:.2f} x bare"
        f"  ({max(b.executed for b in one)} block re-executed per edit, target 1)"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=10, help="copies for the scale figures")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (the best counts)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="lrlab-bench-"))
    try:
        print(f"lrlab bench on {os.cpu_count()} cores, python {sys.version.split()[0]}")
        measure(copy_site(work / "site1"), "site", edit=True, repeat=args.repeat)
        scaled = copy_site(work / f"site{args.scale}", args.scale)
        measure(scaled, f"x{args.scale}", edit=False, repeat=args.repeat)
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024 / 1024
        print(f"memory  peak build process {peak:.2f} GiB (target <= 1.5)")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
