"""`make properdocs`: ProperDocs builds the very site MkDocs builds, file for file.

ProperDocs (PyPI `properdocs`) is the maintained continuation of MkDocs 1.x: our way out when
MkDocs or Material for MkDocs 9.x (end of life 2027-05-05) stops being kept. It installs a
`properdocs` command and package and no `mkdocs`; its command redirects every `mkdocs.*`
import to `properdocs.*` and reads plugins from the `mkdocs.plugins` entry points too, so
Material, mkdocs-jupyter and `execdocs` load unchanged from the same `mkdocs.yml`.
`make properdocs` installs it in `.venv-properdocs` (the pinned set less mkdocs and
mkdocs-get-deps, without dependencies, so nothing brings MkDocs back) and runs

    python -m tools.properdocs --properdocs .venv-properdocs/bin/properdocs
    python -m tools.properdocs --compare SITE SITE     # only compare two built sites

which builds the site with MkDocs (cold or warm: it fills the execution cache), then with
ProperDocs (warm: it executes nothing), both strict and with one SOURCE_DATE_EPOCH (the
sitemap's dates), into `.cache/properdocs/`, and compares every file. It ignores, and nothing
else:

- the generator's name and version in Material's generator tag: MkDocs fills it as
  `mkdocs-1.6.1`, ProperDocs as `mkdocs-ProperDocs 1.6.7`; it names the generator, the one thing
  meant to differ (Material's version, in the same tag, must still match);
- what any two builds of the site differ by, as the CI workflow's published-site check already
  ignores it (`execdocs.shards.comparable`): the provenance note under each output (its run time
  and whether this build ran it) and the build report (run times: even two warm builds differ in
  the time each notebook took).
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import subprocess
import sys
import time
from pathlib import Path

from execdocs.shards import REPORT, comparable

ROOT = Path(__file__).resolve().parent.parent
GENERATOR = re.compile(
    r'(<meta name="generator" content=")mkdocs-(?:ProperDocs )?[0-9][0-9a-z.]*(, mkdocs-material-)'
)
"""Material's generator tag, up to the generator's version (MkDocs: `mkdocs-1.6.1`,
ProperDocs: `mkdocs-ProperDocs 1.6.7`); Material's own version follows and is compared."""
DIFF_LINES = 12
"""How much of a differing file's diff is shown: enough to see what changed."""
LINE_WIDTH = 160
_COUNTS = re.compile(r"execdocs: \d+ blocks, \d+ executed, \d+ from cache, \d+ failed")


def normalized(path: Path) -> str | bytes:
    """A built file as a second generator must make it (see the module's docstring): text, or
    bytes for a file that is not UTF-8 (images, the wheel, the gzipped sitemap)."""
    data = comparable(path)
    try:
        decoded = data.decode("utf-8")
    except UnicodeDecodeError:
        return data
    return GENERATOR.sub(r"\1GENERATOR\2", decoded) if path.suffix == ".html" else decoded


def files(root: Path) -> set[str]:
    return {path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file()}


def differences(mkdocs_site: Path, properdocs_site: Path) -> list[str]:
    """Every built file the two sites do not share, each named, with a short diff if both hold
    it; an empty list when ProperDocs built MkDocs' site."""
    first, second = files(mkdocs_site), files(properdocs_site)
    found = [f"{name}: only in {mkdocs_site}" for name in sorted(first - second)]
    found += [f"{name}: only in {properdocs_site}" for name in sorted(second - first)]
    for name in sorted(first & second - {REPORT}):
        old, new = normalized(mkdocs_site / name), normalized(properdocs_site / name)
        if old == new:
            continue
        if isinstance(old, bytes) or isinstance(new, bytes):
            found.append(f"{name}: differs ({len(old)} and {len(new)} bytes, not text)")
            continue
        diff = difflib.unified_diff(
            old.splitlines(), new.splitlines(), "mkdocs", "properdocs", n=1, lineterm=""
        )
        shown = [line[:LINE_WIDTH] for line in list(diff)[2 : 2 + DIFF_LINES]]
        found.append("\n    ".join([f"{name}: differs", *shown]))
    return found


def build(command: list[str], site_dir: Path, env: dict[str, str]) -> str:
    """One strict build of the site into ``site_dir``; returns its execdocs count line."""
    result = subprocess.run(
        [*command, "build", "--strict", "-f", "mkdocs.yml", "--site-dir", str(site_dir)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        sys.stderr.write(result.stderr)
        raise SystemExit(f"lrlab properdocs: {' '.join(command)} build failed")
    counts = _COUNTS.findall(result.stderr)
    return counts[-1] if counts else "no execdocs count line"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--properdocs", type=Path, help="the properdocs command to build with")
    parser.add_argument("--out", type=Path, default=ROOT / ".cache/properdocs")
    parser.add_argument("--compare", type=Path, nargs=2, metavar="SITE")
    args = parser.parse_args(argv)
    if args.compare:
        sites = args.compare
    elif args.properdocs:
        # one date for both builds, so a build across midnight does not differ in the sitemap
        env = dict(os.environ, SOURCE_DATE_EPOCH=str(int(time.time())))
        sites = [args.out / "mkdocs", args.out / "properdocs"]
        commands = [[sys.executable, "-m", "mkdocs"], [str(args.properdocs.resolve())]]
        for command, site in zip(commands, sites, strict=True):
            print(f"lrlab properdocs: {Path(command[-1]).name}: {build(command, site, env)}")
    else:
        parser.error("give --properdocs COMMAND (build both, then compare) or --compare A B")
    found = differences(*sites)
    for line in found:
        print(f"lrlab properdocs: {line}", file=sys.stderr)
    checked = len(files(sites[0]) | files(sites[1]))
    pair = " and ".join(map(str, sites))
    print(f"lrlab properdocs: {len(found)} of {checked} built files differ ({pair})")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
