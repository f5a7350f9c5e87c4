"""What readers get: printed text is escaped, links and anchors resolve, pages stay small."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import Page

from conftest import build_once
from test_engine import make_site
from tools.review import configured_site_url

pytestmark = pytest.mark.build

MAX_PAGE_BYTES = 210 * 1024
"""The largest page a reader downloads. Raised from 200 KiB when the third lesson's nav entries
(on every page) pushed the two largest pages just over it; Material's navigation.prune would
cut the nav from every page instead (not adopted yet)."""
LYCHEE = Path(sys.executable).parent / "lychee"

ESCAPE_PAGE = """\
# Escaping

```python exec="1" result="text" id="as-text"
print("<script>window.pwnedText = 1</script>")
```

```python exec="1" id="as-prose"
print("A sentence with <script>window.pwnedProse = 1</script> in it.")
```

```python exec="1" html="1" id="as-html"
print('<b class="declared-html">bold</b>')
```
"""


@pytest.fixture(scope="module")
def escape_site(tmp_path_factory) -> Path:
    pages = {"index.md": ESCAPE_PAGE}
    root, result = build_once(tmp_path_factory, "escape", lambda f: (make_site(f, pages, {}), {}))
    assert result.returncode == 0, result.stderr
    return root / "site"


def test_printed_markup_is_escaped_unless_the_block_declares_html(escape_site: Path):
    page = (escape_site / "index.html").read_text(encoding="utf-8")
    assert "<script>window.pwned" not in page
    assert "&lt;script&gt;window.pwnedText = 1&lt;/script&gt;" in page
    assert "&lt;script&gt;window.pwnedProse = 1&lt;/script&gt;" in page
    assert '<b class="declared-html">bold</b>' in page


@pytest.mark.browser
def test_printed_script_is_shown_not_run(escape_site: Path, page: Page):
    page.goto((escape_site / "index.html").as_uri())
    assert page.evaluate("window.pwnedText === undefined && window.pwnedProse === undefined")
    assert "<script>window.pwnedText = 1</script>" in page.inner_text("body")


def lychee(site: Path) -> subprocess.CompletedProcess:
    """Offline check of every link and anchor in the built HTML, raw HTML included, and in
    llms.txt and llms-full.txt, whose links are absolute: each address under `site_url` is
    checked as the built file it names."""
    return subprocess.run(
        [
            str(LYCHEE),
            "--offline",
            "--include-fragments",
            "--index-files",
            "index.html",
            "--root-dir",
            str(site),
            "--remap",
            f"{re.escape(configured_site_url())}(.*) {site.resolve().as_uri()}/$1",
            # 404.html links root-relative to the deployed site_url path, which exists only
            # once deployed; every other page links relatively.
            "--exclude-path",
            r"404\.html",
            "--no-progress",
            str(site),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_no_broken_link_or_anchor(built_site: Path):
    result = lychee(built_site)
    assert result.returncode == 0, result.stdout + result.stderr


def test_link_check_catches_a_broken_anchor_and_file(built_site: Path, tmp_path: Path):
    site = shutil.copytree(built_site, tmp_path / "site")
    (site / "broken.html").write_text(
        '<a href="lesson/concept/#no-such-anchor">a</a> <a href="no/such/page/">b</a>'
    )
    with (site / "llms.txt").open("a", encoding="utf-8") as index:
        index.write(f"- [c]({configured_site_url()}atlas/no-such-scheduler/)\n")
    result = lychee(site)
    assert result.returncode != 0
    assert "no-such-anchor" in result.stdout + result.stderr
    assert "no/such/page" in result.stdout + result.stderr
    assert "llms.txt" in result.stdout + result.stderr
    assert "atlas/no-such-scheduler" in result.stdout + result.stderr


def test_every_page_is_small(built_site: Path):
    sizes = {
        p.relative_to(built_site).as_posix(): p.stat().st_size for p in built_site.rglob("*.html")
    }
    assert len(sizes) > 10
    too_big = {name: size for name, size in sizes.items() if size > MAX_PAGE_BYTES}
    assert not too_big, f"pages over {MAX_PAGE_BYTES} bytes: {too_big}"
