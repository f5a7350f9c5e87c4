"""The build engine: every failure kind names its page and line; the cache is never stale.

Failure kinds are proved on a small throwaway site (one build covers all of them); the cache
and rendering reuse by editing a real site between builds (the keys themselves: test_cache).
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from conftest import build_once, run_build

MINI_CONFIG = """\
site_name: mini
plugins:
  - execdocs:
      timeout: {timeout}
      helpers: [lrlab]
markdown_extensions:
  - pymdownx.snippets:
      base_path: [snippets]
      check_paths: true
"""


def make_site(root: Path, pages: dict[str, str], snippets: dict[str, str], timeout: float = 2):
    """A minimal MkDocs project using the execdocs plugin, with the given pages and snippets."""
    (root / "docs").mkdir(parents=True)
    (root / "mkdocs.yml").write_text(MINI_CONFIG.format(timeout=timeout))
    for name, text in pages.items():
        (root / "docs" / name).write_text(textwrap.dedent(text))
    for name, text in snippets.items():
        path = root / "snippets" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    (root / "snippets").mkdir(exist_ok=True)
    return root


def failure_of(stderr: str, page: str, page_text: str, block: str) -> str:
    """The one line of a build's log that reports block ``block`` failing, checked to start
    with ``docs/<page>:<line of its fence> [<block>]``."""
    failed = [x.strip() for x in stderr.splitlines() if f"[{block}]" in x]
    assert len(failed) == 1, stderr
    line = fence_line(page_text, f'id="{block}"')
    assert failed[0].startswith(f"docs/{page}:{line} [{block}]"), failed[0]
    return failed[0]


def fence_line(page_text: str, marker: str) -> int:
    """1-based line of the first line containing ``marker`` (the fence under test)."""
    for number, line in enumerate(textwrap.dedent(page_text).splitlines(), start=1):
        if marker in line:
            return number
    raise AssertionError(f"{marker!r} not in page")


FAILING_PAGE = """\
# Failures

```python exec="1" result="text" id="raise"
--8<-- "bad/raises.py"
```

```python exec="1" result="text" id="syntax"
--8<-- "bad/syntax.py"
```

```python exec="1" result="text" id="exit"
import sys
sys.exit(3)
```

```python exec="1" result="text" id="hang" timeout="1"
while True:
    pass
```

```python exec="1" result="text" id="sleep" timeout="1"
import time
time.sleep(60)
```

```python exec="1" result="text" id="missing"
--8<-- "bad/nope.py"
```

```python exec="1" result="text" id="empty"
x = 1
```

```python exec="1" result="text"
--8<-- "bad/unnamed.py"
```

```python exec="1" result="text" id="noraise" raises="KeyError"
print("fine")
```

```python exec="1" result="text" id="wrongraise" raises="KeyError"
raise ValueError("not a key error")
```

```python exec="1" result="text" id="goodraise" raises="KeyError"
print("about to fail")
{}["missing"]
```
"""

BAD_SNIPPETS = {
    "bad/raises.py": 'print("start")\nraise RuntimeError("boom")\n',
    "bad/syntax.py": "x = 1\ndef broken(:\n    pass\n",
    "bad/unnamed.py": 'raise LookupError("no id on its fence")\n',
}

EXPECTED = {  # block id -> (failure kind, line inside the snippet or page, message fragment)
    "raise": ("Exception", "snippets/bad/raises.py:2", "RuntimeError: boom"),
    "syntax": ("SyntaxError", "snippets/bad/syntax.py:2", ""),
    "exit": ("SystemExit", "", "sys.exit(3)"),
    "hang": ("Timeout", "", "1 s limit"),
    "sleep": ("Timeout", "", "1 s limit"),
    "empty": ("EmptyOutput", "", "printed nothing"),
    "noraise": ("MissingException", "", "raises='KeyError'"),
    "wrongraise": ("Exception", "", "expected KeyError, got ValueError"),
    # a fence without an id is named for the snippet it includes
    "bad/unnamed": ("Exception", "snippets/bad/unnamed.py:1", "LookupError"),
}


@pytest.fixture(scope="module")
def failing_build(tmp_path_factory):
    def prepare(folder: Path) -> tuple[Path, dict[str, str]]:
        return make_site(folder, {"fail.md": FAILING_PAGE}, BAD_SNIPPETS), {}

    return build_once(tmp_path_factory, "fail", prepare)  # note: not --strict


@pytest.mark.build
def test_failing_build_exits_nonzero_without_strict(failing_build):
    _, result = failing_build
    assert result.returncode != 0
    assert "code block(s) failed" in result.stderr


def assert_reported(stderr: str, page: str, text: str, block: str, kind: str, *parts: str):
    """The build's log names ``block`` once, as ``docs/<page>:<fence line> [block] Kind``,
    with each of ``parts`` (the snippet line, a message fragment) on that line."""
    marker = 'id="' + block + '"'
    # a fence with no id is named for its include, which sits on the line below the fence
    include = f'"{block}.py"'
    line = fence_line(text, marker) if marker in text else fence_line(text, include) - 1
    location = f"docs/{page}:{line}"
    lines = [line for line in stderr.splitlines() if f"[{block}]" in line]
    assert len(lines) == 1, stderr
    assert lines[0].strip().startswith(f"{location} [{block}] {kind}"), lines[0]
    for part in parts:
        assert part in lines[0], lines[0]


@pytest.mark.build
@pytest.mark.parametrize("block", sorted(EXPECTED))
def test_each_failure_names_page_line_block_and_snippet_line(failing_build, block):
    _, result = failing_build
    kind, code_line, fragment = EXPECTED[block]
    assert_reported(result.stderr, "fail.md", FAILING_PAGE, block, kind, code_line, fragment)


@pytest.mark.build
def test_exit_failure_points_at_its_page_line(failing_build):
    _, result = failing_build
    exit_line = fence_line(FAILING_PAGE, "sys.exit(3)")
    assert f"at docs/fail.md:{exit_line}" in result.stderr


@pytest.mark.build
def test_missing_include_names_the_include_line(failing_build):
    _, result = failing_build
    line = fence_line(FAILING_PAGE, '"bad/nope.py"')
    assert f"docs/fail.md:{line} [include bad/nope.py] MissingInclude" in result.stderr


@pytest.mark.build
def test_all_failures_are_listed_together(failing_build):
    _, result = failing_build
    assert f"{len(EXPECTED) + 1} code block(s) failed" in result.stderr


@pytest.mark.build
def test_expected_exception_is_shown_not_failed(failing_build):
    root, result = failing_build
    assert "[goodraise]" not in result.stderr
    page = (root / "site/fail/index.html").read_text()
    assert "about to fail" in page
    assert "KeyError: &#x27;missing&#x27;" in page or "KeyError: 'missing'" in page
    assert "Traceback (most recent call last)" not in page


@pytest.mark.build
def test_timeouts_fire_within_their_limit(failing_build):
    _, result = failing_build
    took = re.search(r"Documentation built in ([\d.]+) seconds", result.stderr)
    # two 1 s timeouts; without them a hang would never end (the run would hit pytest's timeout)
    assert took is None or float(took.group(1)) < 30


CACHED_PAGE = """\
# Cached

```python exec="1" result="text" id="one"
--8<-- "c/one.py"
```

```python exec="1" result="text" id="two"
--8<-- "c/two.py"
```
"""


def executed_count(stderr: str) -> tuple[int, int]:
    match = re.search(r"execdocs: (\d+) blocks, (\d+) executed, (\d+) from cache", stderr)
    assert match, stderr
    return int(match.group(2)), int(match.group(3))


@pytest.mark.build
def test_cache_reuses_until_an_included_snippet_changes(tmp_path):
    root = make_site(
        tmp_path,
        {"index.md": CACHED_PAGE},
        {"c/one.py": 'print("one")\n', "c/two.py": 'print("two")\n'},
    )
    env = {"LRLAB_CACHE": "on", "LRLAB_CACHE_DIR": str(tmp_path / "cache")}
    first = run_build(root, root / "site", **env)
    assert first.returncode == 0, first.stderr
    assert executed_count(first.stderr) == (2, 0)
    assert "warm parent ready" in first.stderr  # started early: the cache was empty
    again = run_build(root, root / "site", **env)
    assert executed_count(again.stderr) == (0, 2)
    assert "warm parent" not in again.stderr  # nothing to run: torch never imported
    (root / "snippets/c/two.py").write_text('print("two, edited")\n')
    edited = run_build(root, root / "site", **env)
    assert executed_count(edited.stderr) == (1, 1)
    assert "two, edited" in (root / "site/index.html").read_text()
    forced = run_build(root, root / "site", **{**env, "LRLAB_CACHE": "refresh"})
    assert executed_count(forced.stderr) == (2, 0)


READS_PAGE = """\
# Reads

```python exec="1" result="text" reads="docs/data/*.txt" id="reads"
from lrlab.atlas import docs_dir
print("rate", (docs_dir() / "data" / "rate.txt").read_text().strip())
```
"""


@pytest.mark.build
def test_a_block_runs_again_when_a_file_it_declares_it_reads_changes(tmp_path):
    """A key covers a block's code and helpers; ``reads=`` adds the files it opens, so a cached
    run is not reused once one of them changes, and a pattern that matches nothing fails."""
    root = make_site(tmp_path, {"index.md": READS_PAGE}, {})
    data = root / "docs/data/rate.txt"
    data.parent.mkdir()
    data.write_text("0.1\n")
    env = {"LRLAB_CACHE": "on", "LRLAB_CACHE_DIR": str(tmp_path / "cache")}
    first = run_build(root, root / "site", "--strict", **env)
    assert first.returncode == 0, first.stderr
    assert executed_count(first.stderr) == (1, 0)
    assert "rate 0.1" in (root / "site/index.html").read_text()
    again = run_build(root, root / "site", "--strict", **env)
    assert executed_count(again.stderr) == (0, 1)
    data.write_text("0.05\n")
    edited = run_build(root, root / "site", "--strict", **env)
    assert executed_count(edited.stderr) == (1, 0)
    assert "rate 0.05" in (root / "site/index.html").read_text()
    data.unlink()
    gone = run_build(root, root / "site", "--strict", **env)
    assert gone.returncode != 0
    assert "'docs/data/*.txt' matches no file" in failure_of(
        gone.stderr, "index.md", READS_PAGE, "reads"
    )


# ---------------------------------------------------------------- rendered output reuse

RENDER_PAGE = """\
# Rendered

```python exec="1"
print("| step | lr |\\n|---|---|\\n| 0 | 0.1 |\\n\\nThe ~~old~~ rate.")
```

```python exec="1"
print("[Back to the table](#top)")
```

```python exec="1" id="printed"
print("## Printed heading\\n\\nText under it.")
```
"""


@pytest.mark.build
def test_reused_rendering_is_never_stale(tmp_path):
    """Rendered HTML is reused only while output, display options and Markdown setup are the
    same; a rendering that feeds the table of contents is never reused; and a warm page is
    byte-identical to the cold one, ids numbered by markdown-exec included."""
    root = make_site(tmp_path, {"index.md": RENDER_PAGE}, {})
    env = {"LRLAB_CACHE": "on", "LRLAB_CACHE_DIR": str(tmp_path / "cache")}
    site = root / "site"

    def page() -> str:  # the theme stamps the build time into a comment: leave that out
        return re.sub(r"Build Date UTC : .*", "", (site / "index.html").read_text())

    cold = run_build(root, site, **env)
    assert executed_count(cold.stderr) == (3, 0), cold.stderr
    cold_html = page()
    # markdown-exec numbers the second output's ids by its running count of outputs
    assert 'href="#exec-2--top"' in cold_html
    assert 'href="#printed-printed-heading"' in cold_html  # the page's toc lists it
    assert "~~old~~" in cold_html
    warm = run_build(root, site, **env)
    assert executed_count(warm.stderr) == (0, 3)
    assert page() == cold_html
    # a display option changes: the page shows it, nothing re-runs
    source = root / "docs/index.md"
    source.write_text(source.read_text().replace('exec="1"', 'exec="1" source="above"', 1))
    shown = run_build(root, site, **env)
    assert executed_count(shown.stderr) == (0, 3)
    assert "<pre>" in page()  # the source, above the output
    assert "<pre>" not in cold_html
    # the Markdown setup changes: the same output renders the new way, nothing re-runs
    config = root / "mkdocs.yml"
    config.write_text(config.read_text() + "  - pymdownx.tilde\n")
    tilde = run_build(root, site, **env)
    assert executed_count(tilde.stderr) == (0, 3)
    assert "<del>old</del>" in page()
    # a new output before them shifts that count: ids follow it, none is reused stale
    first = '```python exec="1"\nprint("[Up](#top)")\n```\n\n'
    source.write_text(source.read_text().replace("# Rendered\n\n", "# Rendered\n\n" + first))
    shifted = run_build(root, site, **env)
    assert executed_count(shifted.stderr) == (1, 3)
    assert 'href="#exec-1--top"' in page()
    assert 'href="#exec-3--top"' in page()
