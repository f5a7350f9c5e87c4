"""The plugin's options as mkdocs.yml spells them, and the engine settings a site's options
make (for a build, and for what runs blocks outside one: the snippet tests, bench, crosscheck)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config import config_options
from mkdocs.config.base import Config

from execdocs.settings import SettingError, Settings


class ExecDocsConfig(Config):
    """The plugin's options (``plugins: - execdocs: ...`` in mkdocs.yml). Environment variables
    override some of them for one build: ``LRLAB_CACHE`` (on, off, refresh),
    ``LRLAB_CACHE_DIR``, ``LRLAB_WORKERS``, ``LRLAB_EXECUTE=off``, ``LRLAB_SHARD=i/n``,
    ``LRLAB_ORDER=reverse``."""

    timeout = config_options.Type((int, float), default=6.0)
    """Seconds a block may run (``timeout="20"`` on a fence)."""
    memory = config_options.Type(str, default="4G")
    """What a block may allocate beyond the warm parent (``memory="8G"`` on a fence)."""
    workers = config_options.Type(int, default=0)
    """Blocks run at once, each in its own process (0: one per CPU)."""
    preload = config_options.Type(list, default=[])
    """Modules the warm parent imports before it forks (torch, numpy, matplotlib always)."""
    helpers = config_options.Type(list, default=[])
    """Packages whose sources key the blocks that import them (followed through imports)."""
    prelude = config_options.Type(str, default="")
    """Code run before every block, untimed (seeding); it is in every key."""
    key_env = config_options.Type(dict, default={})
    """Environment variables (with their defaults) every output depends on."""
    seed_env = config_options.Type(str, default="")
    """The variable of `key_env` that holds the seed: a question's ``seeds:`` runs its proof
    once per seed with it set (and the prelude run again); empty: ``seeds:`` is refused."""
    key_packages = config_options.Type(list, default=[])
    """Installed packages whose versions every output depends on."""
    provenance = config_options.Type(str, default="")
    """The note under each output, filled in from `key_env` and `key_packages` by name, and
    ``{platform}`` (the machine, and whether the numerics are pinned)."""
    answer_balance = config_options.Type(dict, default={})
    """``{least: 0.1, most: 0.4}``: each answer letter must be keyed in that share of a
    lesson's questions (the question files its top-level docs folder includes), or the build
    fails naming the lesson, the counts and the files; ``{}`` checks nothing."""
    numerics = config_options.Type(dict, default={})
    """Environment variables set in every process that runs a block before it imports torch,
    so that it prints the same bytes on every CPU of the machine architecture (see
    `execdocs.numerics`); they key every output."""
    strict_sandbox = config_options.Type(bool, default=False)
    """Fail the build where the kernel cannot keep a block from writing outside its own
    temporary folder (no Landlock), instead of warning once (`LRLAB_STRICT_SANDBOX=1`)."""
    cache_dir = config_options.Type(str, default=".cache/lrlab")
    """Where outputs are cached, keyed by everything they depend on."""
    notebooks = config_options.Type(list, default=[])
    """Pages (globs under docs/) that get a notebook of their examples."""
    notebooks_dir = config_options.Type(str, default="notebooks")
    """Where the notebooks are published in the site."""
    notebook_tests = config_options.Type(list, default=[])
    """Pages (globs) whose notebooks are tests: no cell carries an output."""
    notebook_links = config_options.Type(list, default=[])
    """Hosted-notebook services that open a notebook from its address: ``{name, url}`` each,
    ``url`` a template of ``{notebook_url}`` (absolute, under ``site_url``) and ``{path}`` (in
    the published site)."""
    incremental = config_options.Type(bool, default=True)
    """Under `mkdocs serve`, render again only the pages whose inputs an edit changed
    (`execdocs.incremental`); every other page keeps its last rendering."""
    wheel = config_options.Type(dict, default={})
    """The helper package the site publishes as a wheel, built from the source that produced
    the pages: ``{package, version, requires, summary, dir}``. Notebooks install it first."""


def site_settings(config_file: Path, environ: dict[str, str] | None = None) -> Settings:
    """The engine's settings of the site whose configuration is ``config_file``, read as a
    build reads them (its ``execdocs`` options with their defaults), for what runs blocks
    outside a build: the snippet tests, `make bench`, `make crosscheck`."""
    import os

    import yaml

    raw = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    entries = raw.get("plugins", [])
    options = next((e["execdocs"] for e in entries if isinstance(e, dict) and "execdocs" in e), {})
    config = ExecDocsConfig()
    config.load_dict(options or {})
    errors, _ = config.validate()
    if errors:
        raise SettingError("; ".join(f"{name}: {error}" for name, error in errors))
    snippets: Any = "snippets"
    for entry in raw.get("markdown_extensions", []):
        if isinstance(entry, dict) and "pymdownx.snippets" in entry:
            snippets = (entry["pymdownx.snippets"] or {}).get("base_path", snippets)
    base = snippets[0] if isinstance(snippets, list) else snippets
    environ = os.environ if environ is None else environ
    return Settings.from_options(dict(config), config_file.parent, base, environ)
