"""`execdocs.settings`: the plugin's options, and the environment overrides read in one place."""

from __future__ import annotations

from pathlib import Path

import pytest

from execdocs.settings import SettingError, Settings, parse_shard, parse_size

OPTIONS = {
    "timeout": 6,
    "memory": "4G",
    "workers": 0,
    "cache_dir": ".cache/site",
    "helpers": ["lrlab"],
    "key_env": {"LRLAB_SEED": 0},
}


def settings(environ: dict[str, str], root: Path = Path("/project")) -> Settings:
    return Settings.from_options(OPTIONS, root, "snippets", environ)


def test_options_are_read_with_their_defaults():
    read = settings({})
    assert read.timeout == 6.0
    assert read.memory == 4 * 1024**3
    assert read.cache_dir == Path("/project/.cache/site")
    assert not read.refresh
    assert read.execute
    assert read.shard is None
    assert not read.reverse
    assert read.helpers == ("lrlab",)
    assert read.key_env == {"LRLAB_SEED": "0"}
    assert read.workers >= 1


def test_the_environment_overrides_options():
    read = settings(
        {
            "LRLAB_WORKERS": "3",
            "LRLAB_CACHE": "refresh",
            "LRLAB_CACHE_DIR": "/elsewhere",
            "LRLAB_EXECUTE": "off",
            "LRLAB_SHARD": "1/4",
            "LRLAB_ORDER": "reverse",
        }
    )
    assert read.workers == 3
    assert read.refresh
    assert read.cache_dir == Path("/elsewhere")
    assert not read.execute
    assert read.shard == (1, 4)
    assert read.reverse
    assert settings({"LRLAB_CACHE": "off"}).cache_dir is None


@pytest.mark.parametrize(
    ("environ", "named"),
    [
        ({"LRLAB_CACHE": "sometimes"}, "LRLAB_CACHE"),
        ({"LRLAB_WORKERS": "many"}, "LRLAB_WORKERS"),
        ({"LRLAB_SHARD": "4/4"}, "LRLAB_SHARD"),
    ],
)
def test_a_bad_override_is_named(environ, named):
    with pytest.raises(SettingError, match=named):
        settings(environ)


def test_sizes_and_shards_parse_or_say_why():
    assert parse_size("512M") == 512 * 1024**2
    assert parse_size("2GiB") == 2 * 1024**3
    assert parse_size("0") == 0
    with pytest.raises(SettingError, match="memory must be a size"):
        parse_size("lots")
    assert parse_shard("") is None
    assert parse_shard("0/2") == (0, 2)
    with pytest.raises(SettingError):
        parse_shard("2/1")
