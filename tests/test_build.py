"""`execdocs.engine.Build` and `execdocs.pool`: a build runs each block once, reuses what the cache
or this build already has, says where a failure is, and keeps one warm parent across builds."""

from __future__ import annotations

import pytest

from execdocs import pool
from execdocs.engine import Build
from execdocs.failures import BlockError, NotInShard
from execdocs.fences import place
from execdocs.settings import Settings


@pytest.fixture
def settings(tmp_path):
    return Settings(cache_dir=tmp_path / "cache", snippets_dir=tmp_path, workers=1)


def test_a_block_runs_once_then_comes_from_the_build_then_the_cache(settings):
    build = Build(settings)
    run = build.run_options({})
    entry, reused, key = build.run_cached('print("hi")', "b", None, run)
    assert (entry["output"], reused, build.records.executed) == ("hi\n", False, 1)
    assert build.run_cached('print("hi")\n\n', "b2", None, run)[1:] == (True, key)
    later = Build(settings)  # the next build: a new object, the same cache folder
    assert later.run_cached('print("hi")', "b", None, run) == (entry, True, key)
    assert later.records.executed == 0


def test_a_runs_cost_says_whether_this_build_ran_it_or_the_cache_recorded_it(settings):
    run_options = Build(settings).run_options({})
    cold = Build(settings)
    entry, _, key = cold.run_cached('print("cost")', "b", None, run_options)
    assert cold.cost(key, entry) == (key, entry["seconds"], False)
    # the same code again in this build (a notebook cell ran it first, say): still run now
    again, reused, _ = cold.run_cached('print("cost")', "b2", None, run_options)
    assert reused
    assert cold.cost(key, again)[2] is False
    warm = Build(settings)  # the next build: from the cache, at the time recorded then
    stored, _, _ = warm.run_cached('print("cost")', "b", None, run_options)
    assert warm.cost(key, stored) == (key, entry["seconds"], True)


def test_a_failure_names_the_snippet_line(settings, tmp_path):
    (tmp_path / "x.py").write_text('print("ok")\nraise ValueError("no")\n')
    fence = place("docs/p.md", 7, ['--8<-- "x.py"'], tmp_path)
    build = Build(settings)
    code = (tmp_path / "x.py").read_text()
    with pytest.raises(BlockError) as raised:
        build.run_cached(code, "x", fence, build.run_options({}))
    assert raised.value.kind == "Exception"
    assert raised.value.code_line == f"{tmp_path.as_posix()}/x.py:2"
    assert "ValueError: no" in raised.value.message


def test_options_are_read_with_the_site_defaults(settings):
    build = Build(settings)
    assert build.run_options({}).timeout == settings.timeout
    assert build.run_options({"timeout": "20", "raises": "KeyError"}).raises == "KeyError"
    with pytest.raises(ValueError, match="timeout must be a number"):
        build.run_options({"timeout": "soon"})


def test_a_block_of_another_shard_is_neither_run_nor_shown(settings):
    from dataclasses import replace

    codes = [f"print({n})" for n in range(8)]
    build = Build(replace(settings, shard=(0, 2), cache_dir=None))
    outcomes = []
    for code in codes:
        try:
            build.run_cached(code, "b", None, build.run_options({}))
            outcomes.append("ran")
        except NotInShard:
            outcomes.append("elsewhere")
    assert {"ran", "elsewhere"} == set(outcomes)
    assert build.records.executed == outcomes.count("ran")


def test_the_warm_parent_is_kept_until_a_helper_or_the_numerics_change(settings):
    first = pool.warm_parent(1, (), {}, "stamp-a")
    assert pool.warm_parent(1, (), {}, "stamp-a") is first
    second = pool.warm_parent(1, (), {}, "stamp-b")  # a helper edit: restarted
    assert second is not first
    assert not first.alive
    assert second.alive
    third = pool.warm_parent(1, (), {"MKL_CBWR": "COMPATIBLE"}, "stamp-b")  # another mode
    assert third is not second
    assert not second.alive
    assert third.numerics == {"MKL_CBWR": "COMPATIBLE"}
    pool.close()
    assert not third.alive
