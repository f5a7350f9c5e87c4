"""`make bench`: what an executed build costs, measured in one run on this machine.

Every figure is a wall-clock time of a real `mkdocs build` (a fresh process, as a developer runs
it) on a scratch copy of the site, so the repository and its cache are never touched. Ratios are
taken between figures of the same run; nothing here asserts a time.

    floor   bare build (execution off) + every snippet run once in one Python process, under
            the site's numerics mode as every block runs
    numerics  the floor's snippet run under the pinned mode against the same run unpinned (one
            run each, one after the other)   numerics_cost = pinned / unpinned
    cold    full build with an empty cache, on 1 worker and on one per CPU
                                                cold_ratio = cold / floor
            (at x1 the snippet run and the build on all CPUs are measured twice, interleaved,
            and the faster of each counts: this machine's speed drifts within minutes)
    warm    rebuild, nothing changed            warm_ratio = warm / bare
    edit    rebuild after a prose-only edit of one page, and after a one-snippet edit
    serve   a running `mkdocs serve`: a snippet edited, until the page serves its new output
                                                serve_ratio = that time / bare (first edit too)
    cost    each docs section's blocks' run seconds in a cold build (its build report), and the
            second and third lessons against their budgets
                                                choosing_cost_ratio = choosing/ seconds / 60
                                                stability_cost_ratio = stability/ seconds / 60
    fork    median round trip of an empty block through the warm parent (fork_ms)
    explore what the explorers' grids add: a cold and a warm build of the site without them
    scale   the same for a site ten times larger (distinct copies of every page and snippet)
    memory  peak of the whole build: the build process, the warm parent and every block's
            process, as the sum of their proportional set sizes (shared pages counted once)
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from execdocs.fences import declared_raises
from execdocs.options import site_settings

ROOT = Path(__file__).resolve().parent.parent
NUMERICS = dict(site_settings(ROOT / "mkdocs.yml").numerics)
"""The site's numerics mode: every block of a build runs under it, and so does the floor."""
_INCLUDE = re.compile(r'^(\s*-{1,}8<-{1,}\s+")([^"]+)(")', re.M)
_COUNTS = re.compile(r"execdocs: (\d+) blocks, (\d+) executed, (\d+) from cache, (\d+) failed")
_RUN_ALL = """
import contextlib, io, json, runpy, sys
raises = json.loads(sys.argv[1])  # snippet path -> the exception its page says it raises
for path in sys.argv[2:]:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        try:
            runpy.run_path(path, run_name="__main__")
        except Exception as error:
            if type(error).__name__ != raises.get(path):
                raise
        else:
            if path in raises:
                raise SystemExit(f"{path} was declared to raise {raises[path]}, and did not")
"""


BUDGETS = {"choosing/": 60.0, "stability/": 60.0}
"""Seconds of block runs a section may cost a cold build (the second lesson's issue: "all of the
lesson's runs together cost at most 60 s ... on a cold build on this machine")."""


@dataclass(frozen=True)
class Build:
    seconds: float
    blocks: int
    executed: int
    cached: int


SITE_ONCE = ("build-report.md",)
"""Pages a larger site would still have once (the build report lists every block of the
site): not copied."""
_SITE_ROOT_FILE = re.compile(
    r"\]\((" + "|".join(map(re.escape, ["llms.txt", "llms-full.txt", *SITE_ONCE])) + r")\)"
)
"""A link to what a site has once, at its root (the files the build writes there, and
`SITE_ONCE`): from a copy's page, one folder up."""
_QUESTION = re.compile(r"^(\s*```question[^\n]*\n\s*)(\S+\.yml)$", re.M)


def _copied(path: str, n: int) -> str:
    """A snippet's path in copy ``n``; question files are renamed too, since a question's id is
    its file name and must be unique in the site."""
    folder, _, name = path.rpartition("/")
    renamed = f"copy{n}-{name}" if name.endswith(".yml") else name
    return f"{folder}/{renamed}" if folder else renamed


def copy_site(dest: Path, copies: int = 1) -> Path:
    """A scratch project; with ``copies > 1`` every page (but `SITE_ONCE`) and snippet is
    copied into copyN/ folders, each snippet made distinct (so the copies are real extra work,
    not cache hits)."""
    shutil.copytree(ROOT / "docs", dest / "docs")
    shutil.copytree(ROOT / "snippets", dest / "snippets")
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    (dest / "src").symlink_to(ROOT / "src")
    if copies > 1:
        # no explicit nav: MkDocs lists every copy itself (strict would reject pages left out)
        config = (dest / "mkdocs.yml").read_text()
        config = re.sub(r"^nav:\n(?:[ #].*\n|\n)*", "", config, flags=re.M)
        # the copies' lesson pages get notebooks (and their "Run it yourself") like the original
        config = re.sub(
            r"^(\s+notebook(?:s|_tests): \[)([^\]]*)\]",
            lambda m: m[1] + re.sub(r'"([^"]+)"', r'"\1", "copy*/\1"', m[2]) + "]",
            config,
            flags=re.M,
        )
        (dest / "mkdocs.yml").write_text(config)
    for n in range(1, copies):
        pages = dest / "docs" / f"copy{n}"
        for page in (ROOT / "docs").rglob("*.md"):
            if page.relative_to(ROOT / "docs").as_posix() in SITE_ONCE:
                continue
            target = pages / page.relative_to(ROOT / "docs")
            target.parent.mkdir(parents=True, exist_ok=True)
            text = _INCLUDE.sub(
                lambda m, n=n: f"{m[1]}copy{n}/{_copied(m[2], n)}{m[3]}", page.read_text()
            )
            text = _QUESTION.sub(lambda m, n=n: f"{m[1]}copy{n}/{_copied(m[2], n)}", text)
            text = _SITE_ROOT_FILE.sub(r"](../\1)", text)  # only at the root
            target.write_text(text)
        for snippet in [*(ROOT / "snippets").rglob("*.py"), *(ROOT / "snippets").rglob("*.yml")]:
            relative = snippet.relative_to(ROOT / "snippets")
            target = dest / "snippets" / f"copy{n}" / _copied(relative.as_posix(), n)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(f"# copy {n}\n{snippet.read_text()}")
    return dest


PEAK = {"gib": 0.0}
"""The highest memory any measured build reached (see `tree_memory`)."""


def tree_memory(root: int) -> float:
    """GiB used by process ``root`` and all its descendants: the sum of their proportional set
    sizes (a page shared by forked processes counts once, split between them)."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    tree, grew = {root}, True
    while grew:
        more = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= more
        grew = bool(more)
    total = 0
    for pid in tree:
        try:
            text = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        found = re.search(r"^Pss:\s+(\d+) kB", text, re.M)
        total += int(found.group(1)) if found else 0
    return total / 1024 / 1024


def build(project: Path, cache: Path, sample_memory: bool = False, **env: str) -> Build:
    """A `mkdocs build` of ``project``. With ``sample_memory``, the memory of its process tree
    is sampled as it runs (that costs CPU, so timed builds do not)."""
    environment = dict(
        os.environ,
        NO_MKDOCS_2_WARNING="1",
        LRLAB_CACHE="on",
        LRLAB_CACHE_DIR=str(cache),
        **env,
    )
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(project / "site")],
        cwd=project,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    errors: list[str] = []
    reader = threading.Thread(target=lambda: errors.extend(process.stderr), daemon=True)
    reader.start()
    while sample_memory and process.poll() is None:
        PEAK["gib"] = max(PEAK["gib"], tree_memory(process.pid))
        time.sleep(0.1)
    process.wait()
    reader.join()
    seconds = time.perf_counter() - started
    stderr = "".join(errors)
    if process.returncode != 0:
        problems = [line for line in stderr.splitlines() if not line.startswith("INFO")]
        raise SystemExit(f"bench: build of {project} failed:\n" + "\n".join(problems[-30:]))
    counts = _COUNTS.findall(stderr)
    blocks, executed, cached, _ = (int(v) for v in counts[-1]) if counts else (0, 0, 0, 0)
    return Build(seconds, blocks, executed, cached)


def section_cost_lines(project: Path, label: str, how: str) -> list[str]:
    """Each section's cost as the build report of the build just made in ``project`` says, and
    each budgeted section's ratio to its budget."""
    from execdocs.report import section_seconds

    report = project / "site" / "build-report" / "index.html"
    costs = section_seconds(report.read_text(encoding="utf-8")) if report.is_file() else {}
    listed = "  ".join(f"{name}={seconds:.1f}s" for name, seconds in costs.items())
    lines = [f"{label} cost    {how}: {listed or 'no build report'}  (block run seconds)"]
    for section, budget in BUDGETS.items():
        seconds = costs.get(section, 0.0)
        what = f"{seconds:.1f}s" if section in costs else "no blocks yet"
        lines.append(
            f"{label} cost    {how}: {section.strip('/')}_cost_ratio={seconds / budget:.2f}"
            f"  ({section}: {what}, budget {budget:g}s, target <= 1)"
        )
    return lines


def run_snippets_in_one_process(project: Path, only: str = "", pinned: bool = True) -> float:
    """Seconds to run every snippet (or those under the snippets/ folders ``only`` matches)
    in one process, under the site's numerics mode (or, ``pinned=False``, without it)."""
    folders = sorted((project / "snippets").glob(only)) if only else [project / "snippets"]
    files = sorted(str(p) for folder in folders for p in folder.rglob("*.py"))
    # a snippet a page shows failing on purpose (the copies' pages name the copies' snippets)
    declared = declared_raises(project / "docs")
    raises = {str(project / "snippets" / path): name for path, name in declared.items()}
    env = {k: v for k, v in os.environ.items() if k not in NUMERICS}
    env.update(PYTHONPATH=str(ROOT / "src"), **(NUMERICS if pinned else {}))
    started = time.perf_counter()
    command = [sys.executable, "-c", _RUN_ALL, json.dumps(raises), *files]
    subprocess.run(command, env=env, check=True)
    return time.perf_counter() - started


def best(builds: list[Build]) -> Build:
    """The fastest of repeated builds: the least disturbed by whatever else the machine does."""
    return min(builds, key=lambda b: b.seconds)


_EXPLORER_FENCE = re.compile(r'^```python exec="1"[^\n]*\n--8<-- "[^"]*explore[^"]*"\n```\n', re.M)


def explorer_cost(project: Path, cold: float, warm: float) -> None:
    """Print what the explorer blocks add to a cold and a warm build: the same builds of a copy
    of the site with every explorer fence taken out."""
    bare = project.parent / f"{project.name}-no-explorers"
    shutil.copytree(project, bare, ignore=shutil.ignore_patterns(".bench-cache"))
    removed = 0
    for page in (bare / "docs").rglob("*.md"):
        text, count = _EXPLORER_FENCE.subn("", page.read_text(encoding="utf-8"))
        if count:
            page.write_text(text, encoding="utf-8")
            removed += count
    cache = bare / ".bench-cache"
    without = build(bare, cache)
    again = build(bare, cache)
    print(
        f"explore {removed} explorer blocks add {cold - without.seconds:+.2f}s to a cold build"
        f" (target <= 10) and {warm - again.seconds:+.2f}s to a warm one (target 0)"
    )


def measure(project: Path, label: str, edit: bool, repeat: int, copies: int = 1) -> float:
    """Print the figures of ``project``; returns its warm build's seconds."""
    cache = project / ".bench-cache"
    bare = best([build(project, cache, LRLAB_EXECUTE="off") for _ in range(repeat)]).seconds
    cpus = os.cpu_count() or 1
    counts = sorted({1, cpus}) if copies == 1 else [cpus]  # once each, on a 1-CPU machine too
    colds: dict[int, list[Build]] = {workers: [] for workers in counts}
    costs: list[str] = []

    def cold_build(workers: int) -> None:
        shutil.rmtree(cache, ignore_errors=True)
        colds[workers].append(build(project, cache, LRLAB_WORKERS=str(workers)))
        if copies == 1:  # the copies' sections are copyN/ folders: the budgets are the site's
            how = f"cold on {workers} worker{'s' * (workers > 1)}"
            costs.extend(section_cost_lines(project, label, how))

    if copies == 1:
        # The machine's speed drifts within a run: the floor and the cold build on all CPUs
        # are each measured twice, one after the other, and the faster of each counts.
        first = run_snippets_in_one_process(project)
        unpinned = run_snippets_in_one_process(project, pinned=False)
        for workers in counts:
            cold_build(workers)
        second = run_snippets_in_one_process(project)
        cold_build(counts[-1])
        snippets = min(first, second)
        how = f"snippets in one process (best of {first:.2f}s and {second:.2f}s)"
        print(
            f"{label} numerics  snippets in one process: pinned {first:.2f}s, then unpinned "
            f"{unpinned:.2f}s  numerics_cost={first / unpinned:.2f}  (target <= 1.2; "
            f"{' '.join(f'{k}={v}' for k, v in sorted(NUMERICS.items()))})"
        )
    else:  # the copies are the same code: one process would run each copy in the same time
        one = run_snippets_in_one_process(project, only="copy1")
        two = run_snippets_in_one_process(project, only="copy[12]")
        snippets = one + (copies - 1) * (two - one)
        how = f"snippets in one process (1 copy {one:.2f}s, each further copy {two - one:.2f}s)"
        cold_build(counts[-1])
    floor = bare + snippets
    print(f"{label} floor   bare={bare:.2f}s + {how}={snippets:.2f}s = {floor:.2f}s")
    for workers, builds in colds.items():
        cold = best(builds)
        times = " and ".join(f"{b.seconds:.2f}s" for b in builds)
        print(
            f"{label} cold    {cold.seconds:.2f}s on {workers} worker{'s' * (workers > 1)}"
            f"{f' (best of {times})' if len(builds) > 1 else ''}"
            f"  cold_ratio={cold.seconds / floor:.2f}"
            f"  (target <= 0.8 on all CPUs; {cold.executed} blocks executed)"
        )
    all_cpus = best(colds[counts[-1]]).seconds
    for line in costs:
        print(line)
    if copies == 1:  # one more cold build, for its memory alone
        shutil.rmtree(cache, ignore_errors=True)
        build(project, cache, sample_memory=True)
    warm = best([build(project, cache) for _ in range(repeat)])
    print(
        f"{label} warm    {warm.seconds:.2f}s  warm_ratio={warm.seconds / bare:.2f}"
        f"  (target <= 1.2; {warm.executed} blocks re-executed)"
    )
    print(f"{label} warm    where it goes (profiled): {warm_costs(project, cache)}")
    serve_figures(project, cache, label, repeat)
    if not edit:
        return warm.seconds
    explorer_cost(project, all_cpus, warm.seconds)
    page = project / "docs/lesson/concept.md"
    snippet = project / "snippets/lesson/concept/lr_too_low.py"
    prose, one = [], []
    for i in range(repeat):
        page.write_text(page.read_text() + f"\n\nProse edit {i} made by the benchmark.\n")
        prose.append(build(project, cache))
        snippet.write_text(snippet.read_text() + f'print("benchmark edit {i}")\n')
        one.append(build(project, cache))
    p, o = best(prose), best(one)
    print(
        f"{label} edit    prose-only: {p.seconds:.2f}s = {p.seconds / bare:.2f} x bare"
        f"  (target <= 1.5; {max(b.executed for b in prose)} blocks re-executed)"
    )
    print(
        f"{label} edit    one snippet: {o.seconds:.2f}s = {o.seconds / bare:.2f} x bare"
        f"  ({max(b.executed for b in one)} block re-executed per edit, target 1)"
    )
    return warm.seconds


_STAGES = {
    "configuration": "load_config",
    "files and notebooks (on_files)": "on_files",
    "Markdown to HTML (pages read)": "_populate_page",
    "templates (pages written)": "_build_page",
    "search indexing": "add_entry_from_context",
    "theme files listed": "add_files_from_theme",
    "after the pages (on_post_build)": "on_post_build",
}
"""The stages of a build, each by the function whose cumulative time is its cost."""


def warm_costs(project: Path, cache: Path) -> str:
    """The three largest stages of a warm build, from a profile of one (a profiled build runs
    slower than a plain one: the shares are what count)."""
    import pstats

    profile = project / "warm.prof"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", LRLAB_CACHE="on", LRLAB_CACHE_DIR=str(cache))
    command = [sys.executable, "-m", "cProfile", "-o", str(profile), "-m", "mkdocs", "build"]
    command += ["--site-dir", str(project / "site")]
    subprocess.run(command, cwd=project, env=env, check=True, capture_output=True)
    stats = pstats.Stats(str(profile)).stats  # (file, line, name) -> (cc, nc, tt, ct, callers)
    total = max(ct for *_, ct, _ in stats.values())
    costs = {
        stage: max((v[3] for k, v in stats.items() if k[2] == name), default=0.0)
        for stage, name in _STAGES.items()
    }
    # the search plugin indexes a page inside its writing (on_page_context): count it once
    costs["templates (pages written)"] -= costs["search indexing"]
    top = sorted(costs.items(), key=lambda item: -item[1])[:3]
    return ", ".join(f"{stage} {seconds / total:.0%}" for stage, seconds in top)


def serve_figures(project: Path, cache: Path, label: str, repeat: int) -> None:
    """A running `mkdocs serve`: prose and snippet edits, alternately, each to the page that
    serves it (the session's first edit counted like the others)."""
    page = project / "docs/lesson/concept.md"
    snippet = project / "snippets/lesson/concept/lr_too_low.py"
    edits = serve_edits(project, cache, [page, snippet] * repeat)
    prose = [seconds for path, seconds, _ in edits if path == page]
    runs = [(seconds, block) for path, seconds, block in edits if path == snippet]
    beyond = [seconds - block for seconds, block in runs]
    print(
        f"{label} serve   prose edit to new text served: first {prose[0]:.2f}s, worst"
        f" {max(prose):.2f}s  serve_prose_s={max(prose):.2f} (target <= 1.0)"
    )
    print(
        f"{label} serve   snippet edit to new output served: first {runs[0][0]:.2f}s, worst"
        f" {max(s for s, _ in runs):.2f}s, of which the block ran {runs[0][1]:.2f}s to"
        f" {max(b for _, b in runs):.2f}s  serve_snippet_s minus the block={max(beyond):.2f}"
        " (target <= 1.0)"
    )


_PROVENANCE_SECONDS = re.compile(r'class="lrlab-provenance">[^<]*?([0-9.]+) s\b')


def serve_edits(project: Path, cache: Path, paths: list[Path]) -> list[tuple[Path, float, float]]:
    """For each of ``paths`` in turn, in one `mkdocs serve` session: the seconds from an edit
    (a line of prose added to a page; a print added to a snippet) to the page serving it, and
    for a snippet the seconds its block ran (its provenance note). The clock starts when the
    server is ready for edits: its first build is served and its warm parent has started."""
    port = free_port()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", LRLAB_CACHE="on", LRLAB_CACHE_DIR=str(cache))
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    log: list[str] = []
    ready = threading.Event()

    def read() -> None:
        for line in server.stderr:
            log.append(line)
            if "warm parent ready" in line:
                ready.set()

    threading.Thread(target=read, daemon=True).start()
    url = f"http://127.0.0.1:{port}/lrlab/lesson/concept/"
    try:
        # the server's first build renders every page and notebook afresh (its site_url, and so
        # every notebook's install line, differ from the build's): minutes at x10
        _wait_for(lambda: _fetch(url) is not None, 900)
        if not ready.wait(120):
            log_text = "".join(log)
            raise SystemExit(f"bench: the served site never started its warm parent:\n{log_text}")
        times = []
        for i, path in enumerate(paths):
            marker = f"served edit {i} {time.time_ns()}"
            prose = path.suffix == ".md"
            added = f"\n\n{marker}\n" if prose else f'print("{marker}")\n'
            started = time.perf_counter()
            path.write_text(path.read_text() + added)
            served = _served_with(url, marker)
            seconds = time.perf_counter() - started
            after = served[served.index(marker) :]
            ran = _PROVENANCE_SECONDS.search(after)
            times.append((path, seconds, 0.0 if prose or not ran else float(ran[1])))
            time.sleep(1)  # the live-reload server settles before the next edit
        return times
    finally:
        server.terminate()
        server.wait(timeout=30)


def free_port() -> int:
    """A TCP port on loopback that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (OSError, ValueError):
        return None


def _served_with(url: str, text: str, seconds: float = 120) -> str:
    """The page at ``url`` once it contains ``text``."""
    deadline = time.monotonic() + seconds
    while text not in (page := _fetch(url) or ""):
        if time.monotonic() > deadline:
            raise SystemExit("bench: the served page never showed the edit")
        time.sleep(0.02)
    return page


def _wait_for(condition, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit("bench: the served page never showed the edit")
        time.sleep(0.02)


def fork_ms(count: int = 200) -> tuple[float, float]:
    """Median milliseconds from submitting an empty block to the warm parent to its outcome,
    unconfined and confined (`execdocs.sandbox`): two warm parents alive at once, their blocks
    interleaved, so that the machine's drift during the run weighs on both alike."""
    from execdocs import runner

    pools = [runner.Pool(1, numerics=NUMERICS, confined=c) for c in (False, True)]
    times: list[list[float]] = [[], []]
    try:
        for pool in pools:
            pool.submit(runner.Job("pass", "warm-up")).result()
        for i in range(count):
            for pool, found in zip(pools, times, strict=True):
                started = time.perf_counter()
                pool.submit(runner.Job("pass", f"empty {i}")).result()
                found.append((time.perf_counter() - started) * 1000)
    finally:
        for pool in pools:
            pool.close()
    bare, confined = (statistics.median(found) for found in times)
    return bare, confined


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=10, help="copies for the scale figures")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (the best counts)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="lrlab-bench-"))
    try:
        print(f"lrlab bench on {os.cpu_count()} cores, python {sys.version.split()[0]}")
        bare, confined = fork_ms()
        print(
            f"fork    fork_ms={confined:.1f} (median round trip of an empty block), "
            f"{bare:.1f} unconfined: sandbox_ratio={confined / bare:.3f} (target <= 1.10)"
        )
        one = measure(copy_site(work / "site1"), "site", edit=True, repeat=args.repeat)
        scaled = copy_site(work / f"site{args.scale}", args.scale)
        many = measure(scaled, f"x{args.scale}", edit=False, repeat=1, copies=args.scale)
        print(
            f"scale   warm build x{args.scale} / x1 = {many:.2f}s / {one:.2f}s ="
            f" {many / one:.2f} (target <= {args.scale}: no worse than linear)"
        )
        print(
            f"memory  peak of a cold build, its warm parent and block processes"
            f" {PEAK['gib']:.2f} GiB (target <= 2; sum of proportional set sizes)"
        )
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
