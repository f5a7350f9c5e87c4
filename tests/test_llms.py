"""llms.txt and llms-full.txt (`execdocs.llms`): every page listed, its executed outputs as text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from execdocs.llms import page_markdown, page_note
from tools.review import configured_site_url, pages

PAGE = """<html><body><nav><a href="../x/">site nav</a></nav>
<article class="md-content__inner md-typeset">
<h1 id="t">Title<a class="headerlink" href="#t">&para;</a></h1>
<p><strong>When to use it.</strong> A schedule that halves the rate. Then more.</p>
<p>See <a href="../other/#part">the other page</a> and <a href="#t">the top</a>.</p>
<div class="language-python highlight"><pre><span></span><code><span class="k">print</span>
(1 &lt; 2)</code></pre></div>
<figure><svg><text>axis label</text></svg><figcaption>The curve</figcaption></figure>
<details><summary>Values behind the chart</summary>
<table><thead><tr><th>step</th><th>lr</th></tr></thead><tbody><tr><td>1</td><td>0.1</td></tr></tbody></table></details>
<math alttext="\\gamma^t" display="block"><mi>γ</mi></math>
<p class="lrlab-provenance">Executed at build · 0.01 s · fresh</p>
<div hidden><p>controls</p></div><script>var x = 1;</script>
</article></body></html>"""


def test_a_page_becomes_markdown_with_absolute_links():
    markdown, note = page_markdown(
        PAGE, "https://example.org/site/page/", "article.md-content__inner", ["figcaption"]
    )
    assert note == "A schedule that halves the rate."
    assert markdown.startswith("# Title\n\n**When to use it.** A schedule")
    assert "[the other page](https://example.org/site/other/#part)" in markdown
    assert "[the top](https://example.org/site/page/#t)" in markdown
    assert "```python\nprint\n(1 < 2)\n```" in markdown
    assert "| step | lr |\n| --- | --- |\n| 1 | 0.1 |" in markdown  # the chart as its values
    assert "$$\n\\gamma^t\n$$" in markdown  # MathML as the LaTeX it was typeset from
    for absent in (
        "site nav",
        "axis label",
        "The curve",
        "Executed at build",
        "controls",
        "var x",
        "¶",
    ):
        assert absent not in markdown


HIDDEN_FIRST = PAGE.replace(
    "<h1",
    "<table><tr><td>A table cell of many words, and no paragraph.</td></tr></table>"
    "<div hidden><p>Hidden words come first in this page, out of sight.</p></div>"
    "<p>Six words of prose <button>and a control</button> then a stop. More.</p><h1",
)


@pytest.mark.parametrize("page", [PAGE, HIDDEN_FIRST], ids=["plain", "dropped-first"])
def test_a_pages_note_alone_is_the_note_of_its_markdown(page):
    """A page llms-full.txt leaves out gets its note without being converted: the same note,
    with what the conversion drops (here a hidden paragraph and a button) left out the same way."""
    args = (page, "https://example.org/site/page/", "article.md-content__inner", ["figcaption"])
    note = page_note(*args)
    assert note == page_markdown(*args)[1]
    assert note == (
        "A schedule that halves the rate." if page is PAGE else "Six words of prose then a stop."
    )


@pytest.fixture(scope="module")
def llms(built_site: Path) -> tuple[str, str]:
    return tuple(
        (built_site / name).read_text(encoding="utf-8") for name in ("llms.txt", "llms-full.txt")
    )


@pytest.mark.build
def test_llms_txt_lists_every_page(built_site: Path, llms):
    index, full = llms
    assert index.startswith("# LR Lab\n\n> ")
    site_url = configured_site_url()
    listed = re.findall(r"^- \[[^\]]+\]\(([^)]+)\)", index, re.M)
    assert listed == list(dict.fromkeys(listed)), "each page once"
    assert sorted(listed) == sorted(site_url + page for page in pages(built_site))
    sources = re.findall(r"^Source: (\S+)$", full, re.M)
    assert sorted(sources) == sorted(
        site_url + page
        for page in pages(built_site)
        if not page.startswith("notebooks/") and page != "build-report/"
    )
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert 'href="llms.txt"' in home
    assert 'href="llms-full.txt"' in home


@pytest.mark.build
def test_llms_full_holds_the_executed_outputs(built_site: Path, llms):
    """What a block printed and a chart's values, as the built page shows them; no fence
    source, no provenance note, no drawing."""
    _, full = llms
    page = BeautifulSoup((built_site / "atlas/steplr/index.html").read_text(), "html.parser")
    printed = page.select('[data-block="atlas/steplr/usage"] pre')[-1].get_text()
    assert "epoch 4: trained at lr = 0.05" in printed  # an output, not the code
    assert printed.strip() in full
    row = page.select('[data-block="atlas/steplr/curve"] .lrlab-values tbody tr')[10]
    assert "| " + " | ".join(cell.get_text() for cell in row.find_all("td")) + " |" in full
    for section in full.split("\n---\n\nSource: ")[1:]:
        url = section.split("\n", 1)[0]
        if not url.endswith(("/authoring/", "/authoring-questions/")):  # they teach the syntax
            assert 'exec="1"' not in section, url
        assert "Executed at build" not in section, url
        assert "<svg" not in section, url
