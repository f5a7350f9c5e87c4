"""`make crosscheck`: a sample of blocks run on this machine and as other x86-64 CPUs, compared
byte for byte.

The claim of `execdocs.numerics` (under the site's numerics mode a block prints the same
bytes on any x86-64 CPU) is checked rather than assumed: each sampled snippet runs here, then
under ``qemu-x86_64 -cpu Haswell`` (an Intel AVX2 CPU) and ``-cpu EPYC`` (an AMD one), Debian's
``qemu-user``, which runs a process as another CPU. Every run goes through the engine as a
build runs it (the site's prelude and numerics, a fork of a warm process per block), so what
is compared is what a page would show. Any difference fails, naming the snippet and its first
differing line::

    python -m execdocs.crosscheck [--config mkdocs.yml] [--cpu Haswell --cpu EPYC] SNIPPET...

Under qemu a block runs about 10 to 15 times slower: the sample is a handful of short blocks.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

CPUS = ("Haswell", "EPYC")
"""The CPUs qemu runs the sample as, besides this machine: an Intel and an AMD AVX2 CPU
(this machine may have AVX-512, or be either of them)."""

HERE = "this machine"

BLOCK_SECONDS = 600
"""A sampled block's time limit, under qemu too (a block that hangs is killed, and says so)."""


def run_sample(config: Path, snippets: Sequence[str], out: Path) -> None:
    """Run each snippet (a path under the site's snippets folder) as a build runs a block, in
    this process's forks, and write ``{snippet: output}`` as JSON to ``out``. A run that fails
    records its failure in place of its output (and so differs from a run that does not)."""
    from execdocs import numerics, runner
    from execdocs.fences import declared_raises
    from execdocs.options import site_settings

    settings = site_settings(config)
    # as the warm parent starts (`execdocs.runner.main`): no BLAS thread pool, the numerics
    # mode, both before torch is imported; then the warm-up, once: each block is a fork of it
    for name, value in runner.ONE_THREAD.items():
        os.environ.setdefault(name, value)
    numerics.pin(settings.numerics)
    runner.warm(settings.preload)
    mode = tuple(sorted(settings.numerics.items()))
    raises = declared_raises(settings.root / "docs")
    outputs = {}
    for name in snippets:
        path = settings.snippets_dir / name  # relative to this directory, as in a build
        code = path.read_text(encoding="utf-8")
        job = runner.Job(
            code,
            name,
            timeout=BLOCK_SECONDS,
            prelude=settings.prelude,
            raises=raises.get(name, ""),
            numerics=mode,
        )
        outcome = runner.run(job)
        problem = outcome.problem
        outputs[name] = outcome.output + (
            f"\n[{problem.kind} at line {problem.lineno}: {problem.message}]" if problem else ""
        )
    out.write_text(json.dumps(outputs, sort_keys=True), encoding="utf-8")


def first_difference(here: str, there: str) -> tuple[int, str, str]:
    """The first line (from 1) where two outputs differ, and that line in each ("" past the
    end)."""
    a, b = here.splitlines(), there.splitlines()
    for number, (left, right) in enumerate(zip(a, b, strict=False), start=1):
        if left != right:
            return number, left, right
    number = min(len(a), len(b)) + 1
    if len(a) == len(b):  # only line ends differ
        return number - 1, repr(here[-40:]), repr(there[-40:])
    return (
        number,
        (a[number - 1] if len(a) >= number else ""),
        (b[number - 1] if len(b) >= number else ""),
    )


def compare(runs: Mapping[str, Mapping[str, str]], snippets: Sequence[str]) -> list[str]:
    """Every difference between the first run (this machine) and each other, one message per
    snippet and CPU: the snippet, the CPU, the first differing line in both."""
    (reference, expected), *others = runs.items()
    found = []
    for name in snippets:
        for cpu, outputs in others:
            mine, theirs = expected.get(name), outputs.get(name)
            if mine == theirs:
                continue
            if mine is None or theirs is None:
                found.append(
                    f"snippets/{name}: no output from {reference if mine is None else cpu}"
                )
                continue
            line, left, right = first_difference(mine, theirs)
            found.append(
                f"snippets/{name}: {cpu} prints other bytes than {reference}, from output line "
                f"{line}:\n    {reference}: {left}\n    {cpu}: {right}"
            )
    return found


def _command(cpu: str, config: Path, snippets: Sequence[str], out: Path) -> list[str]:
    run = [sys.executable, "-m", "execdocs.crosscheck", "--config", str(config)]
    run += ["--run-here", str(out), *snippets]
    return run if cpu == HERE else ["qemu-x86_64", "-cpu", cpu, *run]


def crosscheck(config: Path, snippets: Sequence[str], cpus: Sequence[str] = CPUS) -> list[str]:
    """Run ``snippets`` here and as each of ``cpus``, two at a time; return the differences
    (and the runs that did not finish) as messages, none if every byte agrees."""
    if shutil.which("qemu-x86_64") is None:
        return ["qemu-x86_64 is not installed (Debian's qemu-user: `make crosscheck` installs it)"]
    with tempfile.TemporaryDirectory(prefix="execdocs-crosscheck-") as folder:
        outs = {cpu: Path(folder) / f"{i}.json" for i, cpu in enumerate([HERE, *cpus])}

        def one(cpu: str) -> tuple[str, str, float]:
            started = time.perf_counter()
            process = subprocess.Popen(
                _command(cpu, config, snippets, outs[cpu]),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                stdin=subprocess.DEVNULL,
                text=True,
                start_new_session=True,  # killed as a group if it overruns
            )
            try:
                _, stderr = process.communicate(timeout=BLOCK_SECONDS * (len(snippets) + 1))
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                _, stderr = process.communicate()
                stderr += f"\nstill running after {BLOCK_SECONDS * (len(snippets) + 1)} s"
            took = time.perf_counter() - started
            errors = [line for line in stderr.splitlines() if "TCG doesn't support" not in line]
            return cpu, "" if process.returncode == 0 else "\n".join(errors[-20:]), took

        workers = max(1, min(len(outs), os.cpu_count() or 1))
        with ThreadPoolExecutor(workers) as pool:
            results = list(pool.map(one, outs))
        failed = [f"the run as {cpu} failed:\n{error}" for cpu, error, _ in results if error]
        for cpu, _, took in results:
            print(f"crosscheck: {len(snippets)} blocks as {cpu} in {took:.0f} s", file=sys.stderr)
        if failed:
            return failed
        runs = {cpu: json.loads(path.read_text(encoding="utf-8")) for cpu, path in outs.items()}
    return compare(runs, snippets)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("snippets", nargs="+", help="paths under the snippets folder")
    parser.add_argument("--config", type=Path, default=Path("mkdocs.yml"))
    parser.add_argument("--cpu", action="append", help=f"a qemu CPU model (default: {CPUS})")
    parser.add_argument("--run-here", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    config = args.config.resolve()
    if args.run_here:
        run_sample(config, args.snippets, args.run_here)
        return 0
    cpus = tuple(args.cpu or CPUS)
    problems = crosscheck(config, args.snippets, cpus)
    for problem in problems:
        print(f"crosscheck: {problem}", file=sys.stderr)
    if problems:
        return 1
    print(
        f"crosscheck: {len(args.snippets)} blocks print the same bytes here and as "
        f"{', '.join(cpus)}: {', '.join(args.snippets)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
