"""Shared fixtures: paths, a snapshot format for snippet outputs, and site builds.

The tests run torch in this process (and in forks of it) under the site's numerics mode, set
here before any test module imports torch, as the build sets it in its warm parent.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from filelock import FileLock
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode

from execdocs import numerics
from execdocs.options import site_settings
from tools.review import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parent.parent
SNIPPETS = ROOT / "snippets"
MKDOCS = [sys.executable, "-m", "mkdocs"]
SITE = site_settings(ROOT / "mkdocs.yml")
"""The site's engine settings, as its build reads them."""
NUMERICS = tuple(sorted(SITE.numerics.items()))
"""The site's numerics mode, as a `execdocs.runner.Job` carries it."""
numerics.pin(SITE.numerics)  # before torch is imported by any test


class TextSnapshot(SingleFileSnapshotExtension):
    """One readable .txt file per snippet, re-recorded by `make golden`."""

    _write_mode = WriteMode.TEXT
    file_extension = "txt"


@pytest.fixture
def text_snapshot(snapshot):
    return snapshot.use_extension(TextSnapshot)


def build_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", LRLAB_CACHE="off")
    env.update(extra)
    return env


def run_build(project: Path, site: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    """`mkdocs build` of ``project`` into ``site``; returns the finished process (not checked)."""
    return subprocess.run(
        [*MKDOCS, "build", "--site-dir", str(site), *args],
        cwd=project,
        env=build_env(**env),
        capture_output=True,
        text=True,
        timeout=600,
    )


def project_env(root: Path) -> dict[str, str]:
    """The environment of a scratch project's builds: its own sources first on the path (so a
    test can edit a helper without touching the checkout's), its cache in ``root``/cache."""
    return dict(
        os.environ,
        PYTHONPATH=str(root / "src"),
        NO_MKDOCS_2_WARNING="1",
        LRLAB_CACHE_DIR=str(root / "cache"),
        LRLAB_CACHE="on",
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that reads the built site is a build test, whatever its module says: the tiers
    mean what they say (`make check` runs no build)."""
    for item in items:
        if "built_site" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.build)


def made_once(tmp_path_factory, name: str, make: Callable[[Path], None]) -> Path:
    """The folder ``name`` that ``make`` fills once per test run, however many pytest-xdist
    workers ask for it: the first to ask makes it, under a file lock in the folder all workers
    share; the others wait for it and reuse it. If ``make`` fails, every worker that asks fails
    with its message (no worker makes it a second time)."""
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # the run's own folder, above each worker's
    folder, failed = root / name, root / f"{name}.failed"
    with FileLock(root / f"{name}.lock"):
        if failed.is_file():
            pytest.fail(f"making {name} failed (in another worker):\n{failed.read_text()}")
        if not (folder / ".made").is_file():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            try:
                make(folder)
            except BaseException as error:
                failed.write_text(str(error) or type(error).__name__)
                raise
            (folder / ".made").touch()
    return folder


def build_once(
    tmp_path_factory, name: str, prepare: Callable[[Path], tuple[Path, dict[str, str]]], *args: str
) -> tuple[Path, subprocess.CompletedProcess]:
    """A test module's project, built once per test run however many xdist workers run its
    tests (`made_once`): ``prepare(folder)`` writes the project and returns it with the build's
    environment overrides; the build (``mkdocs build`` with ``args``) goes to ``folder/site``.
    Returns the project and the build's finished process (not checked)."""

    def make(folder: Path) -> None:
        project, env = prepare(folder)
        result = run_build(project, folder / "site", *args, **env)
        (folder / "build.json").write_text(
            json.dumps([str(project), result.returncode, result.stdout, result.stderr])
        )

    folder = made_once(tmp_path_factory, name, make)
    project, code, out, err = json.loads((folder / "build.json").read_text())
    return Path(project), subprocess.CompletedProcess(["mkdocs", "build"], code, out, err)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real site, built once per test run (shared by every xdist worker), strict and cold
    (its cache starts empty), its runs kept beside it for the builds that change a copy of the
    site (`reusing_session_runs`)."""

    def build(root: Path) -> None:
        cache = root / "cache"
        result = run_build(ROOT, root / "site", "--strict", **cached_in(cache))
        assert result.returncode == 0, result.stderr
        assert next(cache.glob("??/*.json"), None), "the session build cached no run"

    return made_once(tmp_path_factory, "session", build) / "site"


def cached_in(cache: Path) -> dict[str, str]:
    """A build's environment overrides to keep its runs in (and reuse them from) ``cache``."""
    return {"LRLAB_CACHE": "on", "LRLAB_CACHE_DIR": str(cache)}


def reusing_session_runs(built_site: Path, cache: Path) -> dict[str, str]:
    """The environment overrides of a build of a changed copy of the site that reuses the
    session build's runs from a copy of its cache in ``cache``: only the blocks the change
    touched run (the session cache itself is never written to)."""
    shutil.copytree(built_site.parent / "cache", cache)
    return cached_in(cache)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """pytest-playwright launches Debian's chromium (`make browser` installs it; `playwright
    install` cannot download browsers here), headless and with no background traffic."""
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"{CHROMIUM} is missing: run `make browser`")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}
