"""Sharded execution: two shards into two caches, merged, publish a site with zero executions
that is byte for byte the site a cold build makes."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT, run_build
from execdocs import shards

pytestmark = pytest.mark.build


def entries(cache) -> set[str]:
    return {path.name for path in cache.glob("??/*.json")}


def test_two_shards_merged_build_the_site_without_executing(built_site, tmp_path, monkeypatch):
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.chdir(ROOT)
    caches = [tmp_path / "shard-0", tmp_path / "shard-1"]
    for index, cache in enumerate(caches):
        assert shards.execute_shard(f"{index}/2", cache) == 0
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
