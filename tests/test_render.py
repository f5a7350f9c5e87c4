"""`execdocs.render`, `execdocs.report` and `execdocs.theme`: from outputs to the HTML a reader
gets, and what the plugin changes in Material's and mkdocs-jupyter's pages."""

from __future__ import annotations

import markdown
from bs4 import BeautifulSoup
from markdown_exec import markdown_config

from execdocs.cache import Cache, Keys
from execdocs.closure import HelperClosure
from execdocs.render import Renderer, provenance_html, stderr_html
from execdocs.report import TOP_LEVEL, BlockRun, report_html, section_costs, section_seconds
from execdocs.settings import Settings
from execdocs.theme import NOTEBOOK_CSS_MARKER, set_charts_aside, slim_notebook_page


def renderer(tmp_path, effects=lambda: (0, 0)) -> Renderer:
    keys = Keys(Settings(), HelperClosure(()))
    return Renderer(Cache(tmp_path), keys, effects)


def test_a_rendering_is_kept_with_its_entry_and_reused(tmp_path):
    markdown_config.save(["tables"], {})
    try:
        md = markdown.Markdown(extensions=["tables"])
        entry: dict = {"output": "| a |\n|---|\n| 1 |\n"}
        options = {"result": "", "html": False, "source": ""}
        first = renderer(tmp_path).html(
            "python", "print()", entry["output"], md, options, "k1", entry
        )
        assert "<table>" in first
        assert len(entry["renders"]) == 1
        stored = next(iter(entry["renders"].values()))
        stored["html"] = "<p>reused</p>"  # what a second build would find in the entry
        again = renderer(tmp_path).html(
            "python", "print()", entry["output"], md, options, "k1", entry
        )
        assert again == "<p>reused</p>"
        other = renderer(tmp_path).html(
            "python", "print(1)", entry["output"], md, options, "k1", entry
        )
        assert "<table>" in other  # other code: rendered afresh
    finally:
        markdown_config.reset()


def test_a_rendering_with_effects_is_never_kept(tmp_path):
    markdown_config.save([], {})
    counter = iter(range(100))
    try:
        md = markdown.Markdown()
        entry: dict = {"output": "text\n"}
        ran_a_block = renderer(tmp_path, effects=lambda: (next(counter),))
        ran_a_block.html("python", "print()", "text\n", md, {}, "k2", entry)
        assert entry["renders"] == {}
    finally:
        markdown_config.reset()


def test_notes_under_an_output_escape_what_they_show():
    assert "&lt;script&gt;" in stderr_html("<script>")
    note = provenance_html("torch 2 · seed 0", 0.1234, cached=True)
    assert note.endswith("0.12 s · cached</p>")
    assert "torch 2 · seed 0" in note


def test_the_report_lists_blocks_in_page_order_then_notebooks():
    runs = [
        BlockRun("docs/b.md:3", "b", 0.5, False, True),
        BlockRun("docs/a.md:12", "a2", 0.25, True, True, "1 warning"),
        BlockRun("docs/a.md:9", "a1", 1.0, False, False),
    ]
    books = [BlockRun("docs/a.md", "notebooks/a.ipynb", 0.1, False, True)]
    html = report_html(runs, books, executed=2, workers=2)
    order = [
        html.index(name) for name in ("docs/a.md:9", "docs/a.md:12", "docs/b.md:3", "notebooks/a")
    ]
    assert order == sorted(order)
    assert "1.50 s of execution (1 reused a run)" in html
    assert "1 blocks wrote to stderr" in html
    assert "<td>failed</td>" in html


def site_runs(recorded: bool) -> list[BlockRun]:
    """A small site's report rows: a cold build's (``recorded=False``) or the warm rebuild's,
    whose every output comes from the cache with the run time recorded by the cold one."""

    def block(location: str, name: str, *runs: tuple[str, float]) -> BlockRun:
        seconds = sum(s for _, s in runs)
        pieces = tuple((key, s, recorded) for key, s in runs)
        return BlockRun(location, name, seconds, recorded, True, "", pieces)

    return [
        block("docs/lesson/a.md:3", "a", ("k1", 1.5)),
        block("docs/lesson/b.md:9", "b", ("k2", 2.0)),
        block("docs/lesson/b.md:20", "same snippet as a", ("k1", 1.5)),
        block("docs/lesson/practice.md:5", "question", ("q1", 0.25), ("q2", 0.5), ("q3", 0.75)),
        block("docs/atlas/steplr.md:7", "steplr", ("k4", 0.125)),
        block("docs/index.md:4", "home", ("k5", 0.5)),
    ]


def test_each_section_counts_its_blocks_and_question_pieces_and_their_seconds():
    runs = site_runs(recorded=False)
    runs.append(BlockRun("docs/atlas/cyclic.md:2", "broken", 0.0, False, False))
    costs = {c.section: c for c in section_costs(runs)}
    assert list(costs) == ["atlas/", "lesson/", TOP_LEVEL]
    lesson = costs["lesson/"]
    # a.md's snippet shown again on b.md runs once; the question's three pieces count each
    assert (lesson.blocks, lesson.seconds) == (5, 5.0)
    assert (lesson.run_now, lesson.run_now_seconds, lesson.recorded) == (5, 5.0, 0)
    assert (costs["atlas/"].blocks, costs["atlas/"].seconds) == (2, 0.125)  # the failed one: 0 s
    assert (costs[TOP_LEVEL].blocks, costs[TOP_LEVEL].seconds) == (1, 0.5)


def test_a_warm_build_reports_the_cold_cost_as_recorded():
    cold = {c.section: c for c in section_costs(site_runs(recorded=False))}
    warm = {c.section: c for c in section_costs(site_runs(recorded=True))}
    for section, cost in warm.items():
        assert cost.seconds == cold[section].seconds
        assert (cost.run_now, cost.run_now_seconds) == (0, 0.0)
        assert cost.recorded == cold[section].run_now


def test_the_report_opens_with_the_sections_and_says_what_each_figure_is():
    runs = site_runs(recorded=False)
    runs[1] = BlockRun("docs/lesson/b.md:9", "b", 2.0, True, True, "", (("k2", 2.0, True),))
    html = report_html(runs, [], executed=5, workers=2)
    soup = BeautifulSoup(html, "html.parser")
    assert html.index("lrlab-sections") < html.index("lrlab-report")
    assert [th.get_text() for th in soup.select("table.lrlab-sections th")] == [
        "Section",
        "Blocks",
        "Seconds",
        "Run now",
        "Recorded when cached",
    ]
    lesson = soup.select_one('table.lrlab-sections tr[data-section="lesson/"]')
    assert [td.get_text() for td in lesson.select("td")] == [
        "lesson/",
        "5",
        "5.00",
        "3.00 s, 4 blocks",
        "2.00 s, 1 block",
    ]
    assert "a warm build still reports what the section costs a cold one" in html
    assert section_seconds(html) == {"atlas/": 0.125, "lesson/": 5.0, TOP_LEVEL: 0.5}


def test_charts_set_aside_come_back_unchanged():
    page = '<p>a</p><svg viewBox="0 0 1 1"><text>0.1</text></svg><p>b</p><svg><g/></svg>'
    aside, put_back = set_charts_aside(page)
    assert "<svg" not in aside
    assert aside.count("<!--lrlab-chart-") == 2
    assert put_back(f"<html>{aside}</html>") == f"<html>{page}</html>"


def test_a_notebook_page_loses_its_inline_styles_and_cdn_scripts():
    page = (
        '<head><style type="text/css">.jp-Cell{color:red}</style>'
        '<style type="text/css">.jp-Out{}</style><style type="text/css">body{}</style>'
        '<script type="text/x-mathjax-config">MathJax</script></head>'
        '<div class="highlight-ipynb">x</div>'
    )
    slim, css = slim_notebook_page(page)
    assert ".jp-Cell{color:red}" in css
    assert ".jp-Out{}" in css
    assert "body{}" not in css
    assert slim.count(NOTEBOOK_CSS_MARKER) == 1
    assert "MathJax" not in slim
    assert '<style type="text/css">body{}</style>' in slim
    assert 'tabindex="0" class="highlight-ipynb' in slim


def test_a_notebook_page_draws_its_copy_icon_once():
    icon = (
        '<svg aria-hidden="true" class="clipboard-copy-icon" height="20" width="20">'
        '<path d="M0 6.75C0"></path></svg>'
    )
    page = f"<div>{icon}</div><div>{icon}</div><div>{icon}</div>"
    slim, _ = slim_notebook_page(page)
    assert slim.count('<path d="M0 6.75C0">') == 1
    assert slim.count('<use href="#lrlab-clipboard-icon">') == 3
    assert slim.index("<symbol") < slim.index("<use")


def test_each_report_table_scrolls_in_a_named_focusable_box_of_its_own():
    html = report_html(site_runs(recorded=False), [], executed=5, workers=2)
    soup = BeautifulSoup(html, "html.parser")
    for table in soup.select("table.lrlab-sections, table.lrlab-report"):
        box = table.parent
        assert box.name == "div", table["class"]
        assert box["class"] == ["lrlab-scroll"]
        assert box["role"] == "region"
        assert box["tabindex"] == "0"
        assert box["aria-label"]
