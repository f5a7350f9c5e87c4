"""Execute a site's blocks on several machines, then publish from their merged caches.

    python -m execdocs.shards run 0/2 --cache-dir .cache/shard-0   # on machine 1
    python -m execdocs.shards run 1/2 --cache-dir .cache/shard-1   # on machine 2
    python -m execdocs.shards merge .cache/shard-0 .cache/shard-1 --into .cache/lrlab
    mkdocs build --strict                                       # 0 blocks executed
    python -m execdocs.shards compare cold-site site            # the same site, byte for byte

A shard is a normal `mkdocs build` (into a scratch folder) that runs only the blocks whose cache
key falls in its shard (``LRLAB_SHARD=i/n``) and stores their outputs in its cache folder; a
block that fails fails its shard. The cache is content-addressed (an entry's file name is the
digest of everything its output depends on), so merging is copying files: an entry present in
two caches is the same run. `make shard` and `make merge` call this; so does the CI workflow,
which then checks (`compare`) that the published site is the one a cold build makes.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


def execute_shard(shard: str, cache_dir: Path, config: Path = Path("mkdocs.yml")) -> int:
    """Execute shard ``"i/n"`` into ``cache_dir``; returns the build's exit status."""
    env = dict(os.environ, LRLAB_SHARD=shard, LRLAB_CACHE="on", LRLAB_CACHE_DIR=str(cache_dir))
    with tempfile.TemporaryDirectory(prefix="lrlab-shard-") as scratch:
        command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config)]
        return subprocess.run([*command, "--site-dir", scratch], env=env).returncode


def merge(sources: list[Path], into: Path) -> int:
    """Copy every entry of ``sources`` missing from ``into``; returns how many were copied."""
    copied = 0
    for source in sources:
        for entry in sorted(source.glob("??/*.json")):
            target = into / entry.relative_to(source)
            if target.is_file():
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(entry, target.with_suffix(".tmp"))
            target.with_suffix(".tmp").replace(target)  # atomic, as the engine writes
            copied += 1
    return copied


PROVENANCE = re.compile(r'<p class="lrlab-provenance">.*?</p>')
"""The note under each output: it carries the run time and whether this build ran the block,
which differ between a cold build and one from a cache by design."""
_NOTE_TEXT = re.compile(r"<p>Executed at build · .*?</p>")
"""The same note as the search index holds it (its text, tags kept, attributes dropped)."""
REPORT = "build-report/index.html"
"""The build report lists run times and what ran: it differs by design too."""


def comparable(path: Path) -> bytes:
    """A built file as two builds of the same site must make it: the provenance notes (run
    times) left out of pages and of the search index that holds their text."""
    data = path.read_bytes()
    if path.suffix == ".html":
        return PROVENANCE.sub("", data.decode("utf-8")).encode()
    if path.name == "search_index.json":
        index = json.loads(data)
        report = REPORT.removesuffix("index.html")
        index["docs"] = [
            {**doc, "text": _NOTE_TEXT.sub("", doc.get("text", ""))}
            for doc in index.get("docs", [])
            if not doc.get("location", "").startswith(report)
        ]
        return json.dumps(index, sort_keys=True).encode()
    return data


def site_differences(first: Path, second: Path) -> list[str]:
    """Every file two built sites do not share byte for byte (see `comparable`)."""
    files = [
        {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
        for root in (first, second)
    ]
    found = [f"{name}: only in {first}" for name in sorted(files[0] - files[1])]
    found += [f"{name}: only in {second}" for name in sorted(files[1] - files[0])]
    for name in sorted(files[0] & files[1] - {REPORT}):
        if comparable(first / name) != comparable(second / name):
            found.append(f"{name}: differs")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    shard = commands.add_parser("run", help="execute the blocks of shard i of n")
    shard.add_argument("shard", help="i/n, with 0 <= i < n")
    shard.add_argument("--cache-dir", type=Path, required=True)
    shard.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"))
    joined = commands.add_parser("merge", help="copy the entries of several caches into one")
    joined.add_argument("sources", type=Path, nargs="+")
    joined.add_argument("--into", type=Path, required=True)
    same = commands.add_parser("compare", help="check two built sites are the same site")
    same.add_argument("sites", type=Path, nargs=2)
    args = parser.parse_args(argv)
    if args.command == "run":
        return execute_shard(args.shard, args.cache_dir, args.config_file)
    if args.command == "compare":
        found = site_differences(*args.sites)
        for line in found:
            print(f"lrlab shards: {line}", file=sys.stderr)
        print(
            f"lrlab shards: {len(found)} files differ between {' and '.join(map(str, args.sites))}"
        )
        return 1 if found else 0
    copied = merge(args.sources, args.into)
    print(f"lrlab shards: {copied} entries merged into {args.into}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
