"""Sharded execution: two shards into two caches, merged, publish a site with zero executions
that is byte for byte the site a cold build makes."""

from __future__ import annotations

import json
import re

import pytest

from conftest import ROOT, run_build
from execdocs import shards

pytestmark = pytest.mark.build


def entries(cache) -> set[str]:
    return {path.name for path in cache.glob("??/*.json")}


def test_two_shards_merged_build_the_site_without_executing(
    built_site, tmp_path, monkeypatch, capfd
):
    """The session's site ran its blocks on one worker per CPU, in page order; the shards run
    theirs one at a time, last page first. The site built from the merged caches must still be
    the session's byte for byte (so no output depends on the workers or the order either)."""
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.setenv("LRLAB_WORKERS", "1")
    monkeypatch.setenv("LRLAB_ORDER", "reverse")
    monkeypatch.chdir(ROOT)
    caches = [tmp_path / "shard-0", tmp_path / "shard-1"]
    for index, cache in enumerate(caches):
        assert shards.execute_shard(f"{index}/2", cache) == 0
    logged = capfd.readouterr().err
    assert logged.count("execdocs: blocks confined") == 2, logged
    # every run submitted ahead of rendering was one a page or notebook used: none ran twice
    assert "submitted runs were not used" not in logged
    first, second = entries(caches[0]), entries(caches[1])
    assert first, "shard 0 executed part of the site"
    assert second, "shard 1 executed part of the site"
    assert not first & second, "no block ran in both shards"

    merged = tmp_path / "merged"
    assert shards.merge(caches, merged) == len(first | second)
    assert shards.merge(caches, merged) == 0  # merging again copies nothing

    site = tmp_path / "site"
    result = run_build(ROOT, site, "--strict", LRLAB_CACHE="on", LRLAB_CACHE_DIR=str(merged))
    assert result.returncode == 0, result.stderr
    assert re.search(r"execdocs: \d+ blocks, 0 executed", result.stderr), result.stderr
    assert "0 blocks executed in this build" in (site / "build-report/index.html").read_text()
    # every file, not only the pages: the command the CI workflow runs before it publishes
    assert shards.site_differences(built_site, site) == []


def test_a_bad_shard_is_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    assert shards.execute_shard("2/2", tmp_path / "cache") != 0


def test_compare_sees_every_difference_but_run_times(tmp_path):
    """What `execdocs.shards compare` tells apart: a page's content, a missing file, a search
    entry; not the provenance notes (run time, cached or fresh) nor the build report."""
    note = '<p class="lrlab-provenance">Executed at build · torch 2 · {} s · {}</p>'

    def site(name: str, seconds: str, how: str, body: str = "42", extra: bool = False):
        root = tmp_path / name
        (root / "page").mkdir(parents=True)
        (root / "search").mkdir()
        (root / "build-report").mkdir()
        (root / "page/index.html").write_text(f"<pre>{body}</pre>{note.format(seconds, how)}")
        search = {
            "docs": [
                {"location": "page/", "text": f"{body} <p>Executed at build · {seconds} s</p>"},
                {"location": "build-report/", "text": f"took {seconds} s"},
            ]
        }
        (root / "search/search_index.json").write_text(json.dumps(search, ensure_ascii=True))
        (root / "build-report/index.html").write_text(f"took {seconds} s")
        if extra:
            (root / "extra.txt").write_text("x")
        return root

    cold = site("cold", "0.81", "fresh")
    assert shards.site_differences(cold, site("cached", "0.79", "cached")) == []
    assert shards.site_differences(cold, site("other", "0.81", "fresh", body="43")) == [
        "page/index.html: differs",
        "search/search_index.json: differs",
    ]
    more = site("more", "0.81", "fresh", extra=True)
    assert shards.site_differences(cold, more) == [f"extra.txt: only in {more}"]
