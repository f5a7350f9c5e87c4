"""Cache keys (`execdocs.cache.Keys`, `execdocs.closure.HelperClosure`): each input an output
can depend on changes the key when it changes, one at a time, and nothing else does."""

from __future__ import annotations

import shutil
from dataclasses import replace

import pytest

from conftest import ROOT
from execdocs import cache, closure, numerics
from execdocs.cache import Cache, Keys
from execdocs.closure import HelperClosure
from execdocs.settings import Settings

# what the site's mkdocs.yml says every output depends on
PINNED = {"ATEN_CPU_CAPABILITY": "default", "MKL_CBWR": "COMPATIBLE"}
SITE = Settings(
    helpers=("lrlab",), key_env={"LRLAB_SEED": "0"}, key_packages=("torch",), numerics=PINNED
)


@pytest.fixture
def fake_lrlab(tmp_path, monkeypatch):
    """A copy of the lrlab sources that the keys read instead of the real ones."""
    copy = tmp_path / "lrlab"
    shutil.copytree(ROOT / "src/lrlab", copy, ignore=shutil.ignore_patterns("__pycache__"))
    real = closure.package_dir
    monkeypatch.setattr(
        closure, "package_dir", lambda name: copy if name == "lrlab" else real(name)
    )
    return copy


CODE = "from lrlab.tables import trace_table\nprint(trace_table([]))\n"
RUN = {"raises": "", "timeout": 6.0}  # what a block is keyed on besides the code


def key(code: str = CODE, options: dict | None = None, settings: Settings = SITE) -> str:
    """The key a new build gives (a new build re-reads the sources)."""
    keys = Keys(settings, HelperClosure(settings.helpers))
    return keys.key(code, RUN if options is None else options)


def test_same_inputs_same_key(fake_lrlab):
    assert key() == key()


def test_code_change_changes_key(fake_lrlab):
    assert key() != key(CODE + "# edited\n")


def test_run_option_change_changes_key(fake_lrlab):
    assert key() != key(options={**RUN, "raises": "ValueError"})
    assert key() != key(options={**RUN, "timeout": 20.0})


def test_imported_helper_change_changes_key(fake_lrlab):
    before = key()
    tables = fake_lrlab / "tables.py"
    tables.write_text(tables.read_text() + "\n# edited\n")
    assert key() != before


def test_transitively_imported_helper_change_changes_key(fake_lrlab):
    before = key()  # tables imports lrlab.training
    training = fake_lrlab / "training.py"
    training.write_text(training.read_text() + "\n# edited\n")
    assert key() != before


def test_helper_imported_deep_in_nested_blocks_changes_key(fake_lrlab):
    nested = (
        "def show():\n    try:\n        pass\n    except ImportError:\n        pass\n"
        "    else:\n        with open(__file__):\n            for _ in range(1):\n"
        "                from lrlab.plots import chart\n"
    )
    before = key(nested)
    plots = fake_lrlab / "plots.py"
    plots.write_text(plots.read_text() + "\n# edited\n")
    assert key(nested) != before


def test_unrelated_helper_change_keeps_key(fake_lrlab):
    before = key()
    plots = fake_lrlab / "plots.py"  # not imported by CODE, directly or not
    plots.write_text(plots.read_text() + "\n# edited\n")
    assert key() == before


def test_unparseable_code_depends_on_every_helper(fake_lrlab):
    broken = "from lrlab import (\n"
    before = key(broken)
    plots = fake_lrlab / "plots.py"
    plots.write_text(plots.read_text() + "\n# edited\n")
    assert key(broken) != before


def test_a_key_package_version_changes_key(fake_lrlab, monkeypatch):
    before = key()
    monkeypatch.setattr(cache, "version", lambda name: "9.9.9")
    assert key() != before


def test_the_prelude_changes_key(fake_lrlab, monkeypatch):
    before = key()
    assert key(settings=replace(SITE, prelude="import random; random.seed(1)")) != before


def test_seed_changes_key(fake_lrlab, monkeypatch):
    monkeypatch.setenv("LRLAB_SEED", "0")
    before = key()
    monkeypatch.setenv("LRLAB_SEED", "1")
    assert key() != before


def stored_then_looked_up(tmp_path, monkeypatch, stored: dict, looked_up: dict) -> bool:
    """Whether an entry stored on one platform is found on another: ``stored`` and
    ``looked_up`` patch the machine (``machine``), Python's version (``version_info``) and
    the numerics mode (``numerics``)."""
    store = Cache(tmp_path / "cache")

    def keyed(platform: dict) -> str:
        monkeypatch.setattr(numerics.platform, "machine", lambda: platform.get("machine", "x86_64"))
        monkeypatch.setattr(numerics.sys, "version_info", platform.get("version_info", (3, 11, 7)))
        return key(settings=replace(SITE, numerics=platform.get("numerics", PINNED)))

    store.put(keyed(stored), {"output": "stored\n"})
    return store.get(keyed(looked_up)) is not None


def test_an_entry_stored_under_another_python_patch_release_is_reused(
    fake_lrlab, tmp_path, monkeypatch
):
    assert stored_then_looked_up(
        tmp_path, monkeypatch, {"version_info": (3, 11, 7)}, {"version_info": (3, 11, 9)}
    )


def test_an_entry_stored_under_another_python_minor_version_is_not_reused(
    fake_lrlab, tmp_path, monkeypatch
):
    assert not stored_then_looked_up(
        tmp_path, monkeypatch, {"version_info": (3, 11, 7)}, {"version_info": (3, 12, 1)}
    )


def test_an_entry_stored_on_another_architecture_is_not_reused(fake_lrlab, tmp_path, monkeypatch):
    assert not stored_then_looked_up(
        tmp_path, monkeypatch, {"machine": "x86_64"}, {"machine": "aarch64"}
    )
    # the same architecture under its other names is the same architecture
    assert stored_then_looked_up(tmp_path, monkeypatch, {"machine": "x86_64"}, {"machine": "AMD64"})


def test_an_entry_stored_under_another_numerics_mode_is_not_reused(
    fake_lrlab, tmp_path, monkeypatch
):
    unpinned: dict = {"numerics": {}}
    other = {"numerics": {**PINNED, "MKL_CBWR": "AVX2"}}
    assert not stored_then_looked_up(tmp_path, monkeypatch, {}, unpinned)
    assert not stored_then_looked_up(tmp_path, monkeypatch, {}, other)
    assert stored_then_looked_up(tmp_path, monkeypatch, {}, {"numerics": dict(PINNED)})


def test_the_site_pins_its_numerics_and_keys_on_them():
    """The mode mkdocs.yml sets is the one every key carries (the build's own settings)."""
    from conftest import SITE as BUILT

    assert BUILT.numerics, "mkdocs.yml sets a numerics mode"
    keys = Keys(BUILT, HelperClosure(BUILT.helpers))
    assert keys.key("print(1)\n", RUN) != key("print(1)\n", settings=replace(BUILT, numerics={}))


def test_a_helper_package_the_site_does_not_list_is_not_followed(fake_lrlab):
    before = key(settings=replace(SITE, helpers=()))
    tables = fake_lrlab / "tables.py"
    tables.write_text(tables.read_text() + "\n# edited\n")
    assert key(settings=replace(SITE, helpers=())) == before
    assert HelperClosure(()).files(CODE) == []


def test_the_closure_names_sources_the_same_on_every_machine(fake_lrlab):
    files = HelperClosure(("lrlab",)).files(CODE)
    names = {HelperClosure(("lrlab",)).source_name(path) for path in files}
    assert {"lrlab/__init__.py", "lrlab/tables.py"} <= names
    assert all(name.startswith("lrlab/") for name in names)


def test_relative_imports_inside_a_helper_are_followed(fake_lrlab):
    (fake_lrlab / "extra.py").write_text("from .tables import trace_table\n")
    files = HelperClosure(("lrlab",)).files("import lrlab.extra\n")
    assert fake_lrlab / "tables.py" in files


def test_shards_split_keys_between_them():
    keys = [key(f"print({n})\n") for n in range(40)]
    shards = [Keys(replace(SITE, shard=(i, 3)), HelperClosure(())) for i in range(3)]
    owners = [[s.in_shard(k) for s in shards] for k in keys]
    assert all(sum(row) == 1 for row in owners)  # each key in exactly one shard
    assert all(any(row[i] for row in owners) for i in range(3))  # no shard left empty


def test_cache_entries_round_trip_and_a_torn_entry_is_a_miss(tmp_path):
    cache = Cache(tmp_path)
    cache.put("ab" + "0" * 62, {"output": "hi\n"})
    assert cache.get("ab" + "0" * 62) == {"output": "hi\n"}
    torn = tmp_path / "cd" / ("cd" + "0" * 62 + ".json")
    torn.parent.mkdir()
    torn.write_text('{"output": "hal')
    assert cache.get("cd" + "0" * 62) is None
    assert Cache(tmp_path, refresh=True).get("ab" + "0" * 62) is None
    assert Cache(None).get("ab" + "0" * 62) is None
