"""Practice questions in a real browser: right and wrong answers, the solution, keyboard-only
use, instant navigation, and the page without JavaScript."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

PRACTICE = ("lesson/practice/", "choosing/practice/", "stability/practice/")
TESTS = ("lesson/test/", "choosing/test/", "stability/test/")
"""The practice pages of both lessons: each behaviour below is checked on each."""

PROVED = ".lrlab-question[data-kind=proof]"


@pytest.fixture(params=PRACTICE)
def path(request) -> str:
    return request.param


def proved(page: Page) -> str:
    """The selector of the page's first question whose key a proof run selected."""
    return "#" + page.locator(PROVED).first.get_attribute("id")


def keyed_letter(page: Page, selector: str) -> str:
    return page.locator(selector).get_attribute("data-answer")


def other_letter(page: Page, selector: str) -> str:
    key = keyed_letter(page, selector)
    letters = page.locator(f"{selector} input[type=radio]").evaluate_all(
        "inputs => inputs.map(i => i.value)"
    )
    return next(letter for letter in letters if letter != key)


def progress_total(page: Page) -> int:
    return page.locator(".lrlab-question").count()


def test_right_answer_is_confirmed_and_counted(path: str, page: Page, site_url: str):
    page.goto(site_url + path)
    selector = proved(page)
    question = page.locator(selector)
    question.locator(f"input[value={keyed_letter(page, selector)}]").check()
    question.get_by_role("button", name="Check answer").click()
    expect(question.locator(".lrlab-feedback")).to_contain_text("Correct")
    expect(page.locator(".lrlab-quiz-progress")).to_have_text(
        f"Progress: 1/{progress_total(page)} answered correctly"
    )


def test_wrong_answer_is_flagged_and_not_counted(path: str, page: Page, site_url: str):
    page.goto(site_url + path)
    selector = proved(page)
    question = page.locator(selector)
    question.locator(f"input[value={other_letter(page, selector)}]").check()
    question.get_by_role("button", name="Check answer").click()
    expect(question.locator(".lrlab-feedback")).to_contain_text("Not quite")
    expect(question.locator(".lrlab-option--wrong")).to_have_count(1)
    expect(page.locator(".lrlab-quiz-progress")).to_contain_text("Progress: 0/")


def test_revealing_the_solution_shows_the_executed_proof(path: str, page: Page, site_url: str):
    page.goto(site_url + path)
    selector = proved(page)
    question = page.locator(selector)
    solution = question.locator("details.lrlab-solution")
    expect(solution.locator(".lrlab-final")).to_be_hidden()
    solution.locator("summary").click()
    expect(solution.locator(".lrlab-final")).to_be_visible()
    expect(solution.locator(".lrlab-final")).to_contain_text(
        f"option {keyed_letter(page, selector)}"
    )
    expect(solution.locator("pre.lrlab-output").first).to_be_visible()
    expect(solution.locator("pre.lrlab-output").first).not_to_be_empty()


def test_keyboard_only_answering(page: Page, site_url: str):
    page.goto(site_url + "lesson/test/")
    selector = "#question-exponentiallr-three-epochs"
    key = keyed_letter(page, selector)
    question = page.locator(selector)
    first = question.locator("input[type=radio]").first
    first.focus()
    page.keyboard.press("Space")  # choose A
    for _ in range(ord(key) - ord("A")):
        page.keyboard.press("ArrowDown")  # arrows move the choice within the group
    expect(question.locator(f"input[value={key}]")).to_be_checked()
    page.keyboard.press("Tab")
    expect(question.get_by_role("button", name="Check answer")).to_be_focused()
    page.keyboard.press("Enter")
    expect(question.locator(".lrlab-feedback")).to_contain_text("Right")  # a test: locked
    page.keyboard.press("Tab")  # on to the hint, then the solution
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(question.locator("details.lrlab-solution")).to_have_attribute("open", "")


@pytest.mark.parametrize("lesson", ["lesson", "choosing"])
def test_answering_after_instant_navigation(page: Page, site_url: str, lesson: str):
    page.goto(site_url + f"{lesson}/concept/")
    page.evaluate("window.lrlabNoReload = true")
    # every lesson has a "Test this pattern" entry: follow this lesson's
    links = page.locator("nav.md-nav--primary").get_by_role("link", name="Test this pattern")
    hrefs = links.evaluate_all("links => links.map(a => a.href)")
    links.nth(next(i for i, h in enumerate(hrefs) if h.endswith(f"/{lesson}/test/"))).click()
    page.wait_for_url(re.compile(rf"/{lesson}/test/$"))
    expect(page.locator(".lrlab-question").first).to_be_visible()
    assert page.evaluate("window.lrlabNoReload === true"), "the page was reloaded, not swapped"
    selector = proved(page)
    question = page.locator(selector)
    question.locator(f"input[value={keyed_letter(page, selector)}]").check()
    question.get_by_role("button", name="Check answer").click()
    expect(question.locator(".lrlab-feedback")).to_contain_text("Right")
    expect(page.locator(".lrlab-quiz-progress")).to_have_count(1)


def test_questions_read_without_javascript(path: str, browser, site_url: str):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + path)
    question = page.locator(PROVED).first
    expect(question.locator("input[type=radio]")).not_to_have_count(0)
    expect(question.locator(".lrlab-question-actions")).to_be_hidden()
    expect(question.locator("details.lrlab-solution summary")).to_be_visible()
    expect(question.locator("details.lrlab-solution .lrlab-final")).to_be_hidden()
    context.close()


def test_conceptual_feedback_does_not_claim_a_proof(page: Page, site_url: str):
    page.goto(site_url + "lesson/practice/")
    selector = ".lrlab-question[data-kind=conceptual]"
    question = page.locator(selector).first
    key = question.get_attribute("data-answer")
    question.locator(f"input[value={key}]").check()
    question.get_by_role("button", name="Check answer").click()
    feedback = question.locator(".lrlab-feedback")
    expect(feedback).to_contain_text("Correct")
    expect(feedback).to_contain_text("No code decides this one")
    expect(feedback).not_to_contain_text("proved")


def _luminance(rgb: str) -> float:
    r, g, b = (int(c) / 255 for c in re.findall(r"\d+", rgb)[:3])
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_check_button_contrast_in_both_palettes(browser, site_url: str, scheme: str):
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.goto(site_url + "lesson/practice/")
    expect(page.locator("body")).to_have_attribute(
        "data-md-color-scheme", "slate" if scheme == "dark" else "default"
    )
    fg, bg = page.locator(".lrlab-check").first.evaluate(
        "b => [getComputedStyle(b).color, getComputedStyle(document.body).backgroundColor]"
    )
    light, dark = sorted((_luminance(fg), _luminance(bg)), reverse=True)
    assert (light + 0.05) / (dark + 0.05) >= 4.5, (scheme, fg, bg)
    context.close()


@pytest.mark.parametrize("page_path", [*PRACTICE, *TESTS])
def test_question_code_fits_its_box_at_1280px(page: Page, site_url: str, page_path: str):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(site_url + page_path)
    page.evaluate(
        "document.querySelectorAll('.lrlab-question details').forEach(d => d.open = true)"
    )
    too_wide = page.evaluate(
        """() => Array.from(document.querySelectorAll('.lrlab-question pre > code'))
            .filter(c => c.scrollWidth > c.clientWidth + 1)
            .map(c => c.closest('.lrlab-question').id + ': ' + c.textContent.slice(0, 40))"""
    )
    assert not too_wide, too_wide


def test_two_wrong_answers_give_different_feedback_on_every_question(
    path: str, page: Page, site_url: str
):
    """On every practice question, two different wrong answers each get their own reason (the
    one the build wrote into that option), so the feedback differs."""
    page.goto(site_url + path)
    ids = page.locator(".lrlab-question").evaluate_all("qs => qs.map(q => q.id)")
    assert ids
    for ident in ids:
        question = page.locator(f"#{ident}")
        key = question.get_attribute("data-answer")
        letters = question.locator("input[type=radio]").evaluate_all(
            "inputs => inputs.map(i => i.value)"
        )
        said = []
        for letter in [x for x in letters if x != key][:2]:
            question.locator(f"input[value={letter}]").check()
            question.get_by_role("button", name="Check answer").click()
            feedback = question.locator(".lrlab-feedback")
            reason = question.locator(f".lrlab-why[data-why={letter}]").text_content().strip()
            assert reason, f"{ident}: option {letter} has no reason"
            expect(feedback).to_contain_text(f"Not quite: {letter}.")
            expect(feedback.locator(".lrlab-feedback-why")).to_have_text(reason)
            said.append(feedback.text_content())
        assert len(said) == 2, (ident, said)
        assert said[0] != said[1], (ident, said)
