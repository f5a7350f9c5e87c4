"""Reading times come from a page's words and blocks (`execdocs.reading_time`), never typed."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT
from execdocs import reading_time as rt


def NOTHING(path: str) -> str:  # reads no snippet
    return ""


def words(n: int) -> str:
    return " ".join(["word"] * n)


def test_prose_is_read_at_the_prose_rate():
    minutes = 3
    page = f"# Title\n\n{words(minutes * rt.WORDS_PER_MINUTE - 1)}\n"  # the title is a word
    found = rt.estimate(page)
    assert found.words == minutes * rt.WORDS_PER_MINUTE
    assert found.minutes == minutes
    assert found.text == f"about {minutes} minutes"


def test_markup_is_not_counted_as_words():
    page = (
        "A [link](https://example.invalid/a/b/c) and <span class='x'>tag</span>"
        "<!-- a comment of several words --> and an [attribute](x.md){ data-x=y }.\n"
    )
    assert rt.estimate(page).words == len(["A", "link", "and", "tag", "and", "an", "attribute"])


def test_code_outputs_and_questions_count_as_blocks_not_words():
    snippet = "import torch\n\nx = 1\nprint(x)\n"
    code_lines = len([line for line in snippet.splitlines() if line.strip()])
    page = (
        "Intro.\n\n"
        '```python exec="1" source="above" result="text" id="a"\n--8<-- "p/a.py"\n```\n\n'
        '```python exec="1" id="measured"\n--8<-- "p/a.py"\n```\n\n'
        "```question\np/q.yml\n```\n\n"
        "```text\nshown as is\n```\n"
    )
    found = rt.estimate(page, {"p/a.py": snippet}.get)
    assert found.words == 1
    # the first fence shows its code; the measured one shows only its output; text is code
    assert found.code_lines == code_lines + 1
    assert found.outputs == 2
    assert found.questions == 1
    expected = (
        60 / rt.WORDS_PER_MINUTE
        + 60 * found.code_lines / rt.CODE_LINES_PER_MINUTE
        + 2 * rt.SECONDS_PER_OUTPUT
        + rt.SECONDS_PER_QUESTION
    )
    assert found.seconds == expected


def test_more_blocks_take_longer():
    page = "Some words here.\n\n"
    question = "```question\np/q.yml\n```\n\n"
    times = [rt.estimate(page + question * n).seconds for n in range(4)]
    assert times == sorted(times)
    assert len(set(times)) == len(times)


def test_a_short_page_is_one_minute_singular():
    assert rt.estimate("Hi.").text == "about 1 minute"


def test_fill_replaces_the_placeholder_and_leaves_other_pages_alone():
    page = f"**Lesson** · {rt.PLACEHOLDER} · easy\n\n{words(rt.WORDS_PER_MINUTE * 2)}\n"
    filled = rt.fill(page)
    assert rt.PLACEHOLDER not in filled
    assert f"· {rt.estimate(page).text} ·" in filled
    assert rt.fill("no placeholder") == "no placeholder"
    shown = f"How to ask for it:\n\n```markdown\n{rt.PLACEHOLDER}\n```\n"
    assert rt.fill(shown) == shown  # a page that shows the placeholder as code keeps it
    inline = f"Write `{rt.PLACEHOLDER}` or `<!-- execdocs:reading-time gone.md -->`.\n"
    assert rt.fill(inline) == inline


def test_a_page_can_ask_for_another_page_time(tmp_path):
    other = f"# Other\n\n{words(rt.WORDS_PER_MINUTE * 4)}\n"
    (tmp_path / "other.md").write_text(other, encoding="utf-8")
    overview = "| [Other](other.md) | <!-- execdocs:reading-time other.md --> |\n"
    filled = rt.fill(overview, NOTHING, rt.reader(tmp_path))
    assert filled == f"| [Other](other.md) | {rt.estimate(other).text} |\n"
    with pytest.raises(ValueError, match=r"gone\.md"):
        rt.fill("<!-- execdocs:reading-time gone.md -->", NOTHING, rt.reader(tmp_path))


def test_a_missing_include_reads_as_empty(tmp_path):
    (tmp_path / "there.py").write_text("a = 1\nb = 2\n", encoding="utf-8")
    read = rt.reader(tmp_path)
    assert read("there.py").count("\n") == len(["a", "b"])
    assert read("missing.py") == ""


LESSONS = {
    "lesson": "affects convergence in PyTorch**",
    "choosing": "Choosing the learning rate and its schedule in practice**",
    "stability": "How large can the rate be? Stability, sharpness and scale**",
}
"""Each lesson's folder under docs/, and the end of the title its pages' headers carry."""


@pytest.mark.parametrize("lesson", LESSONS)
def test_lesson_pages_ask_for_their_reading_time_and_get_it(built_site, lesson):
    checked = 0
    for source in sorted((ROOT / "docs" / lesson).glob("*.md")):
        text = source.read_text(encoding="utf-8")
        if LESSONS[lesson] not in text:
            continue
        header = text.split("\n\n")[1]
        assert rt.PLACEHOLDER in header, f"{source.name} types its reading time by hand"
        assert not re.search(r"about \d+ minutes?", text), source.name
        expected = rt.estimate(text, rt.reader(ROOT / "snippets")).text
        built = built_site / lesson / source.stem / "index.html"
        shown = BeautifulSoup(built.read_text(encoding="utf-8"), "html.parser").get_text(" ")
        assert f"· {expected} ·" in shown, source.name
        checked += 1
    assert checked >= 5, f"only {checked} pages of docs/{lesson} carry the lesson header"


@pytest.mark.parametrize("lesson", LESSONS)
def test_the_lesson_overview_quotes_each_page_time(built_site, lesson):
    folder = ROOT / "docs" / lesson
    text = (folder / "index.md").read_text(encoding="utf-8")
    asked = re.findall(
        r"\[[^]]+\]\(([\w-]+\.md)\) \|[^|]*\| <!-- execdocs:reading-time \1 -->", text
    )
    assert len(asked) == len(re.findall(r"^\| \[", text, re.M)), "a row types its time"
    html = (built_site / lesson / "index.html").read_text(encoding="utf-8")
    rows = {
        row.select_one("a")["href"]: row.get_text(" ", strip=True)
        for row in BeautifulSoup(html, "html.parser").select("table tbody tr")
    }
    for name in asked:
        page = (folder / name).read_text(encoding="utf-8")
        expected = rt.estimate(page, rt.reader(ROOT / "snippets")).text
        assert expected in rows[name.removesuffix(".md") + "/"], name
