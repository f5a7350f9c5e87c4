"""The test page in a real browser: the first answer counts and is locked, the result panel gives
the score per difficulty and the missed questions once every question is answered (and only
then), retake clears the page, keyboard-only use works, and axe finds nothing serious on the
result. Every expected score is worked out from the page's own data (each question's keyed
answer and difficulty, as the build rendered them), never typed here."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

TESTS = ("lesson/test/", "choosing/test/", "stability/test/")
"""The test pages of both lessons: every behaviour below is checked on each."""
PANEL = ".lrlab-quiz-result"


@pytest.fixture(params=TESTS)
def path(request) -> str:
    return request.param


def bank(page: Page) -> list[dict]:
    """Each question as the page holds it: id, keyed letter, difficulty, its option letters."""
    return page.locator(".lrlab-question").evaluate_all(
        """qs => qs.map(q => ({
            id: q.id, answer: q.dataset.answer, difficulty: q.dataset.difficulty,
            letters: Array.from(q.querySelectorAll('input[type=radio]')).map(i => i.value),
        }))"""
    )


def wrong_letter(q: dict) -> str:
    return next(letter for letter in q["letters"] if letter != q["answer"])


def answer(page: Page, q: dict, letter: str) -> None:
    question = page.locator(f"#{q['id']}")
    question.locator(f"input[value={letter}]").check()
    question.get_by_role("button", name="Check answer").click()


def expected(questions: list[dict], missed: set[str]) -> dict[str, tuple[int, int]]:
    """(right, total) per difficulty and overall, for these missed question ids."""
    out: dict[str, tuple[int, int]] = {}
    for q in questions:
        right, total = out.get(q["difficulty"], (0, 0))
        out[q["difficulty"]] = (right + (q["id"] not in missed), total + 1)
    out["overall"] = (len(questions) - len(missed), len(questions))
    return out


def shown_scores(page: Page) -> dict[str, tuple[int, int]]:
    rows = page.locator(f"{PANEL} .lrlab-test-details table tbody tr").evaluate_all(
        "rows => rows.map(r => [r.dataset.level, r.cells[1].textContent, r.cells[2].textContent])"
    )
    return {level: (int(right), int(total)) for level, right, total in rows}


def missed_links(page: Page) -> list[str]:
    return page.locator(f"{PANEL} .lrlab-test-missed a.lrlab-test-missed-question").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )


def test_all_answered_some_wrong_shows_scores_per_difficulty_and_the_missed(
    path: str, page: Page, site_url: str
):
    page.goto(site_url + path)
    questions = bank(page)
    assert {q["difficulty"] for q in questions} == {"easy", "medium", "hard"}
    missed = {q["id"] for q in questions[1::3]}  # one in three, across the levels
    for n, q in enumerate(questions, start=1):
        answer(page, q, wrong_letter(q) if q["id"] in missed else q["answer"])
        if n < len(questions):  # partly answered: no score, only how many remain
            expect(page.locator(f"{PANEL} .lrlab-test-live")).to_contain_text(
                f"{len(questions) - n} question"
            )
            expect(page.locator(f"{PANEL} table")).to_have_count(0)
    want = expected(questions, missed)
    assert shown_scores(page) == want
    right, total = want["overall"]
    live = page.locator(f"{PANEL} .lrlab-test-live")
    expect(live).to_have_attribute("role", "status")
    expect(live).to_contain_text(f"Your score: {right} of {total}")
    expect(live).to_contain_text("Verdict:")
    assert missed_links(page) == [f"#{q['id']}" for q in questions if q["id"] in missed]
    # each link leads to its question
    first = missed_links(page)[0]
    page.locator(f"{PANEL} .lrlab-test-missed a.lrlab-test-missed-question").first.click()
    expect(page).to_have_url(site_url + path + first)


def test_a_retried_answer_does_not_change_the_score(path: str, page: Page, site_url: str):
    page.goto(site_url + path)
    questions = bank(page)
    first = questions[0]
    answer(page, first, wrong_letter(first))
    question = page.locator(f"#{first['id']}")
    expect(question.locator("input[type=radio]").first).to_be_disabled()
    expect(question.locator(".lrlab-feedback")).to_contain_text(f"the answer is {first['answer']}")
    # try again anyway: pick the key behind the lock and submit, and press the button
    question.evaluate(
        """(q, key) => {
            q.querySelector(`input[value=${key}]`).checked = true;
            q.querySelector('form').requestSubmit();
        }""",
        first["answer"],
    )
    question.locator(".lrlab-check").click(force=True)  # aria-disabled: Playwright would wait
    for q in questions[1:]:
        answer(page, q, q["answer"])
    assert shown_scores(page) == expected(questions, {first["id"]})
    assert missed_links(page) == [f"#{first['id']}"]
    # the hint and the solution still open after the answer is locked
    question.locator("details.lrlab-solution summary").click()
    expect(question.locator("details.lrlab-solution .lrlab-final")).to_be_visible()


def test_retake_clears_the_page(path: str, page: Page, site_url: str):
    page.goto(site_url + path)
    questions = bank(page)
    for q in questions:
        answer(page, q, wrong_letter(q))
    assert shown_scores(page)["overall"] == (0, len(questions))
    expect(page.locator(f"{PANEL} .lrlab-test-verdict")).to_contain_text("review")
    page.locator(PANEL).get_by_role("button", name="Retake the test").click()
    expect(page.locator(f"{PANEL} table")).to_have_count(0)
    expect(page.locator(f"{PANEL} .lrlab-test-missed")).to_have_count(0)
    expect(page.locator(f"{PANEL} .lrlab-test-live")).to_contain_text(
        f"Answer all {len(questions)} questions"
    )
    expect(page.locator(".lrlab-question input:checked")).to_have_count(0)
    expect(page.locator(".lrlab-question fieldset:disabled")).to_have_count(0)
    expect(page.locator(".lrlab-option--wrong, .lrlab-option--right")).to_have_count(0)
    # and the page is a test again: answering counts afresh
    for q in questions:
        answer(page, q, q["answer"])
    assert shown_scores(page)["overall"] == (len(questions), len(questions))
    expect(page.locator(f"{PANEL} .lrlab-test-verdict")).to_contain_text("strong")
    assert missed_links(page) == []


def test_keyboard_only_through_the_whole_test(path: str, page: Page, site_url: str):
    page.goto(site_url + path)
    questions = bank(page)
    missed = {questions[-1]["id"]}
    page.locator(f"#{questions[0]['id']} input[type=radio]").first.focus()
    for n, q in enumerate(questions):
        if n:  # Tab on until the focus reaches the next question's options
            for _ in range(30):
                page.keyboard.press("Tab")
                if page.evaluate(
                    "id => document.activeElement.closest('.lrlab-question')?.id === id"
                    " && document.activeElement.type === 'radio'",
                    q["id"],
                ):
                    break
            else:
                pytest.fail(f"Tab never reached question {q['id']}")
        letter = wrong_letter(q) if q["id"] in missed else q["answer"]
        page.keyboard.press("Space")  # choose A
        for _ in range(ord(letter) - ord("A")):
            page.keyboard.press("ArrowDown")
        question = page.locator(f"#{q['id']}")
        expect(question.locator(f"input[value={letter}]")).to_be_checked()
        page.keyboard.press("Tab")
        expect(question.locator(".lrlab-check")).to_be_focused()
        page.keyboard.press("Enter")
        expect(question.locator("input[type=radio]").first).to_be_disabled()
    assert shown_scores(page) == expected(questions, missed)
    retake = page.locator(PANEL).get_by_role("button", name="Retake the test")
    for _ in range(60):
        page.keyboard.press("Tab")
        if retake.evaluate("b => b === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reached the retake button")
    page.keyboard.press("Enter")
    expect(page.locator(f"{PANEL} table")).to_have_count(0)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_result_panel_has_no_serious_accessibility_violation(
    path: str, browser, site_url: str, scheme: str
):
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.goto(site_url + path)
    questions = bank(page)
    for q in questions:
        answer(page, q, q["answer"] if q["difficulty"] != "medium" else wrong_letter(q))
    expect(page.locator(f"{PANEL} table")).to_have_count(1)
    results = Axe().run(page, context=PANEL)
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']}"
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
    assert not serious, serious
    # the whole page too, with every question locked
    results = Axe().run(page)
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']}"
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
    assert not serious, serious
    context.close()


def test_the_test_reads_without_javascript(path: str, browser, site_url: str):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + path)
    expect(page.locator(".lrlab-question")).to_have_count(len(bank(page)))
    expect(page.locator(".lrlab-question-actions").first).to_be_hidden()
    expect(page.locator(".lrlab-question details.lrlab-solution .lrlab-final").first).to_be_hidden()
    expect(page.locator(f"{PANEL} .lrlab-test-live")).to_have_count(0)
    expect(page.locator(PANEL)).to_contain_text("Where each level is taught")
    context.close()


def test_practice_keeps_retrying(page: Page, site_url: str):
    page.goto(site_url + "lesson/practice/")
    q = bank(page)[0]
    answer(page, q, wrong_letter(q))
    question = page.locator(f"#{q['id']}")
    expect(question.locator(".lrlab-feedback")).to_contain_text("Try again")
    answer(page, q, q["answer"])
    expect(question.locator(".lrlab-feedback")).to_contain_text("Correct")
    expect(page.locator(PANEL)).to_have_count(0)


STORAGE = """() => [localStorage, sessionStorage].map(
    s => Object.keys(s).sort().map(k => k + "=" + s.getItem(k)))"""


def test_nothing_is_stored_or_sent(path: str, page: Page, site_url: str):
    page.goto(site_url + path)
    before = page.evaluate(STORAGE)  # what the theme keeps (its palette), not ours
    sent: list[str] = []

    def record(request) -> None:  # a request that carries anything away (not the favicon)
        carries = request.method != "GET" or request.resource_type in {"xhr", "fetch", "ping"}
        if carries or not request.url.startswith(site_url):
            sent.append(f"{request.method} {request.resource_type} {request.url}")

    page.on("request", record)
    for q in bank(page):
        answer(page, q, q["answer"])
    expect(page.locator(f"{PANEL} table")).to_have_count(1)
    assert page.evaluate(STORAGE) == before
    assert sent == []
    page.reload()  # nothing outlives the page
    expect(page.locator(".lrlab-question input:checked")).to_have_count(0)
    expect(page.locator(f"{PANEL} table")).to_have_count(0)


def test_every_missed_question_links_to_the_section_that_teaches_it(
    path: str, page: Page, site_url: str
):
    """All answered wrong: each missed question's line in the result links to a section, and
    that section is a heading of the page it names (followed in the browser)."""
    page.goto(site_url + path)
    questions = bank(page)
    for q in questions:
        answer(page, q, wrong_letter(q))
    items = page.locator(f"{PANEL} .lrlab-test-missed li")
    expect(items).to_have_count(len(questions))
    targets = items.evaluate_all(
        """lis => lis.map(li => {
            const read = li.querySelector('a.lrlab-test-missed-teaches');
            return read ? read.href : null;
        })"""
    )
    assert all(targets), targets
    for target in sorted(set(targets)):
        url, anchor = target.split("#", 1)
        page.goto(url)
        heading = page.locator(f"[id='{anchor}']")
        expect(heading).to_have_count(1)
        assert heading.evaluate("h => /^H[1-6]$/.test(h.tagName)"), target


def test_retake_lands_question_1_below_the_sticky_header(path: str, page: Page, site_url: str):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(site_url + path)
    questions = bank(page)
    for q in questions:
        answer(page, q, wrong_letter(q))
    page.locator(PANEL).get_by_role("button", name="Retake the test").click()
    first = page.locator(f"#{questions[0]['id']}")
    page.wait_for_function("() => window.scrollY > 0")
    header = page.locator(".md-header").bounding_box()
    box = first.bounding_box()
    assert box["y"] >= header["y"] + header["height"], (box, header)
    assert box["y"] < page.viewport_size["height"] / 2, box  # near the top, not below the fold


def test_a_locked_wrong_answer_shows_that_options_reason(path: str, page: Page, site_url: str):
    """In a test, each wrong answer, once locked, is followed by the reason the build wrote into
    the option chosen (a different wrong option on alternate questions, so no reason is shown
    for an option that was not chosen)."""
    page.goto(site_url + path)
    for number, q in enumerate(bank(page)):
        wrong = [letter for letter in q["letters"] if letter != q["answer"]]
        letter = wrong[number % len(wrong)]
        answer(page, q, letter)
        question = page.locator(f"#{q['id']}")
        reason = question.locator(f".lrlab-why[data-why={letter}]").text_content().strip()
        assert reason, f"{q['id']}: option {letter} has no reason"
        feedback = question.locator(".lrlab-feedback")
        expect(feedback).to_contain_text(f"you chose {letter}, the answer is {q['answer']}")
        expect(feedback.locator(".lrlab-feedback-why")).to_have_text(reason)
