"""The question engine: a question is published only if its run selects exactly its key.

Unit tests build small questions in memory; the build tests check the real pages, that changing
one keyed answer in a question file fails the build naming that file, and that every kind of bad
question file fails the build naming its file and line while every other page builds.
"""

from __future__ import annotations

import dataclasses
import re

import pytest
import torch
from bs4 import BeautifulSoup

from conftest import ROOT, run_build
from execdocs import proofs, questions, reading_time
from execdocs.proofs import prove, run_code
from execdocs.question_files import load, loads
from execdocs.questions import (
    Option,
    Question,
    QuestionError,
    runnable_text,
    seed_claims,
    validate,
)
from execdocs.quiz_render import question_html as render

PROOF = "lr = 0.1 * 0.5 ** (3 // 2)\nprint(lr)\n"
ANSWER = run_code(PROOF, "expected").answer_line  # what the proof really prints


def reasoned(fields: dict) -> Question:
    """The question of ``fields`` with a reason on each wrong option that has none: a run's
    question quotes it (the proof's line, or the exception a code option raised)."""
    q = Question(**fields)
    quote = "" if q.conceptual else "{raised}" if q.kind == "runs" else "{printed}"
    options = []
    for letter, option in zip(q.letters, q.choices, strict=True):
        if letter != q.answer and not option.why:
            option = dataclasses.replace(option, why=f"Not {letter}: {quote or 'by meaning'}.")
        options.append(option)
    return dataclasses.replace(q, options=options)


def question(**changes) -> Question:
    fields = {
        "id": "halved-once",
        "difficulty": "medium",
        "stem": "What does it print?",
        "proof": PROOF,
        "options": [ANSWER, "0.1", "0.025"],
        "answer": "A",
        "steps": ["Three calls pass one multiple of two."],
        "hint": "Count.",
        "mistakes": ["Halving at every call."],
    }
    fields.update(changes)
    return reasoned(fields)


def test_a_proved_question_selects_its_key():
    proof = prove(question())
    assert proof.selected == ["A"]
    assert proof.runs["proof"].answer_line == ANSWER


def test_rendered_question_has_options_solution_and_real_output():
    soup = BeautifulSoup(render(question()), "html.parser")
    root = soup.select_one("div.lrlab-question#question-halved-once")
    assert root["data-answer"] == "A"
    assert [i["value"] for i in root.select("input[type=radio]")] == ["A", "B", "C"]
    solution = root.select_one("details.lrlab-solution")
    assert ANSWER in solution.select_one("pre.lrlab-output").get_text()
    assert "option A" in solution.select_one(".lrlab-final").get_text()
    assert root.select_one("details.lrlab-hint")
    assert root.select_one("details.lrlab-mistakes")
    assert root.select_one(".lrlab-feedback")["aria-live"] == "polite"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"answer": "B"}, "the run selects option A, but the keyed answer is B"),
        ({"answer": ""}, "has no keyed answer"),
        ({"answer": "E"}, "keyed answer 'E' is not one of the options"),
        ({"options": ["0.5", "0.1", "0.025"]}, "which matches no option"),
        ({"options": [ANSWER, "0.1", "0.1"]}, "options B and C are duplicates"),
        (
            {"options": [ANSWER, Option("also A", value=ANSWER)]},
            "options A and B would match the same line",
        ),
        ({"proof": "raise RuntimeError('boom')"}, "its proof raised RuntimeError: boom"),
        ({"proof": "x = 1"}, "its proof printed nothing"),
        ({"proof": ""}, "has no proof code"),
        ({"difficulty": "tricky"}, "difficulty must be one of"),
        ({"steps": []}, "has no solution steps"),
        ({"id": "Bad Id"}, "id must be lower-case words"),
    ],
)
def test_a_bad_question_raises_naming_it(changes, message):
    with pytest.raises(QuestionError) as caught:
        render(question(**changes))
    text = str(caught.value)
    assert message in text
    assert "question '" in text


def test_two_selected_options_fail():
    proof = "print('yes')"
    bad = question(proof=proof, options=[Option("a", value="yes"), Option("b", value="yes ")])
    with pytest.raises(QuestionError, match="would match the same line"):
        prove(bad)


def runs_question(**changes) -> Question:
    fields = {
        "id": "which-runs",
        "difficulty": "easy",
        "stem": "Which line runs?",
        "setup": "import torch\nmodel = torch.nn.Linear(1, 1)",
        "options": [
            Option(code="opt = torch.optim.SGD(model.parameters(), learning_rate=0.01)"),
            Option(code="opt = torch.optim.SGD(model.parameters(), lr=0.01)"),
        ],
        "check": "print(opt.param_groups[0]['lr'])",
        "answer": "B",
        "steps": ["`lr` is the keyword."],
    }
    fields.update(changes)
    return reasoned(fields)


def test_code_options_are_each_executed():
    proof = prove(runs_question())
    assert proof.selected == ["B"]
    assert proof.runs["A"].raised.startswith("TypeError")
    assert proof.runs["B"].output.strip() == "0.01"


def test_code_options_select_raises_and_wrong_key():
    assert prove(runs_question(select="raises", answer="A")).selected == ["A"]
    with pytest.raises(QuestionError, match="selects option B, but the keyed answer is A"):
        prove(runs_question(answer="A"))
    both = [Option(code="x = 1"), Option(code="x = 2")]
    with pytest.raises(QuestionError, match="selects options A, B"):
        prove(runs_question(options=both, check=""))


def test_two_passing_or_no_passing_code_options_fail_saying_what_each_did():
    both = [Option(code="opt = 1"), Option(code="opt = 2")]
    with pytest.raises(QuestionError) as caught:
        prove(runs_question(options=both, check="", page="snippets/q/both.yml"))
    text = str(caught.value)
    assert text.startswith("snippets/q/both.yml")
    assert "selects options A, B" in text
    assert "A passed; B passed" in text
    neither = [Option(code="opt = torch.optim.SGD(model.parameters(), rate=1)"), both[0]]
    with pytest.raises(QuestionError) as caught:
        prove(runs_question(options=neither, check="assert opt != 1", page="snippets/q/no.yml"))
    text = str(caught.value)
    assert text.startswith("snippets/q/no.yml")
    assert "selects no option" in text
    assert "A raised TypeError" in text
    assert "B raised AssertionError" in text


@pytest.mark.parametrize(
    ("text", "runnable"),
    [
        ("`scheduler = StepLR(opt, step_size=5)`", True),
        ("`opt.step()`", True),
        ("`[0.1]`", False),  # a value, not code that does something
        ("`lr = (`", False),  # not Python
        ("Use `StepLR(opt, 5)` and decay", False),  # prose around code
    ],
)
def test_options_written_as_code_are_recognised(text, runnable):
    assert runnable_text(text) is runnable


def test_a_proof_question_may_not_offer_runnable_code_as_text():
    options = [ANSWER, "`lr = 0.1 * 0.5 ** 3`", "0.025"]
    with pytest.raises(QuestionError, match=r"option B .* is code the build could run"):
        prove(question(options=options))
    with pytest.raises(QuestionError, match=r"option B .* is code the build could run"):
        prove(question(proof="", conceptual=True, options=options))


def test_code_option_that_does_not_parse_fails():
    broken = [Option(code="opt = ("), Option(code="opt = 1")]
    with pytest.raises(QuestionError, match=r"option A .* does not parse"):
        prove(runs_question(options=broken, check=""))


def test_conceptual_questions_are_marked_and_may_illustrate():
    concept = question(
        proof="", conceptual=True, illustration="print('illustrated')", options=["x", "y"]
    )
    html = render(concept)
    assert "conceptual" in html
    assert "illustrated" in html
    with pytest.raises(QuestionError, match="a conceptual question has no proof"):
        prove(question(conceptual=True))


def test_a_question_file_is_checked_against_its_schema_with_lines():
    good = "difficulty: easy\nstem: S?\noptions: [a, b]\nanswer: A\nsteps: [s]\nteaches: a.md#b\n"
    assert loads(good, "q.yml").answer == "A"
    cases = {
        "stem: S?\noptions: [a, b]\nanswer: A\nsteps: [s]\nteaches: a.md#b\n": (
            r"q\.yml:1: .*'difficulty'"
        ),
        good.replace("answer: A", "answer: C"): r"q\.yml:4: keyed answer 'C' is not one of",
        good + "colour: red\n": r"q\.yml:1: .*unknown field",
        good.replace("difficulty: easy", "difficulty: tricky"): r"q\.yml:1: difficulty",
        good.replace("options: [a, b]", "options: [a]"): r"q\.yml:3: options",
        good + "proof: nowhere.py\n": r"q\.yml:7: proof file 'nowhere\.py' does not exist",
        "stem: [\n": r"q\.yml:2: not valid YAML",
    }
    for text, message in cases.items():
        with pytest.raises(QuestionError, match=message):
            loads(text, "q.yml", ROOT)


def test_warnings_are_recorded_not_printed():
    run = run_code("import warnings\nwarnings.warn('careful')\nprint('done')", "warns")
    assert run.warnings == ("UserWarning: careful",)
    assert run.output == "done\n"


# --------------------------------------------------------------------------- the real pages


def page_questions(site, page: str) -> list:
    soup = BeautifulSoup((site / page / "index.html").read_text(encoding="utf-8"), "html.parser")
    return soup.select("div.lrlab-question")


LESSONS = {
    "lesson": "affects convergence in PyTorch",
    "choosing": "its schedule in practice",
    "stability": "sharpness and scale",
}
"""Each lesson's folder and the end of its title, as its pages' header line spells it."""


@pytest.mark.build
def test_every_question_of_the_bank_is_published(built_site):
    counts = {f"{lesson}/{page}": 10 for lesson in LESSONS for page in ("practice", "test")}
    for page, count in counts.items():
        questions = page_questions(built_site, page)
        assert len(questions) == count, page
        ids = [q["id"] for q in questions]
        assert len(set(ids)) == len(ids), f"{page}: two questions share an id"
        for q in questions:
            letters = [i["value"] for i in q.select("input[type=radio]")]
            assert q["data-answer"] in letters
            final = q.select_one("details.lrlab-solution .lrlab-final").get_text()
            assert final.endswith(f"option {q['data-answer']}")
            if q["data-kind"] != "conceptual" or q.select_one("pre.lrlab-output"):
                assert q.select_one("details.lrlab-solution pre.lrlab-output"), q["id"]
    words = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
    for lesson in LESSONS:
        test_page = page_questions(built_site, f"{lesson}/test")
        difficulties = [q.select_one(".lrlab-difficulty").get_text() for q in test_page]
        # the page's introduction says how many of each there are, in words
        intro = (ROOT / f"docs/{lesson}/test.md").read_text(encoding="utf-8")
        said = re.search(r"(\w+) easy, (\w+) medium, (\w+) hard", intro)
        assert said, f"{lesson}: the introduction no longer counts the questions"
        counts = [difficulties.count(d) for d in ("easy", "medium", "hard")]
        assert [words[n] for n in counts] == list(said.groups()), lesson


def test_test_questions_are_self_contained():
    """What a test question needs to be answered is on it: its stem and hint send the learner
    to no other page or question (any number it needs comes from its own `given` run)."""
    elsewhere = re.compile(
        r"\b(?:concept|practice|pipeline|big.idea|test|atlas) page\b|\b(?:easy|medium|hard|"
        r"first|second|previous|next|other) question\b",
        re.I,
    )
    paths = sorted(
        path for lesson in LESSONS for path in (ROOT / "snippets" / lesson / "test").glob("*.yml")
    )
    assert len(paths) == 10 * len(LESSONS)
    for path in paths:
        q = load(path)
        for field in ("stem", "hint"):
            found = elsewhere.search(getattr(q, field))
            assert not found, f"{path.name}: its {field} points elsewhere: {found.group(0)!r}"


BASE = (
    "difficulty: easy\nstem: S?\noptions: [a, {text: b, why: 'Not b: {printed}'}]\nanswer: A\n"
    "steps: [s]\nteaches: questions.md#bad-questions\n"
)
BAD_QUESTIONS = {  # file -> (its text, what its failure line must say)
    "missing-field": (BASE.replace("steps: [s]\n", ""), "missing-field.yml:1: ", "'steps'"),
    "unknown-letter": (BASE.replace("answer: A", "answer: D"), "unknown-letter.yml:4: ", "'D'"),
    "not-selected": (
        BASE + "proof: prints_b.py\n",
        "not-selected.yml:4: ",
        "the run selects option B, but the keyed answer is A",
    ),
    "no-proof-file": (BASE + "proof: gone.py\n", "no-proof-file.yml:7: ", "does not exist"),
}


@pytest.mark.build
def test_bad_question_files_fail_the_build_naming_file_and_line(tmp_path):
    from test_engine import make_site

    files = {f"q/{name}.yml": text for name, (text, *_) in BAD_QUESTIONS.items()}
    files["q/prints_b.py"] = 'print("b")\n'
    files["other/not-selected.yml"] = BASE  # a good file, but its id is taken
    fences = [f"q/{name}.yml" for name in BAD_QUESTIONS] + ["other/not-selected.yml"]
    body = "".join(f"```question\n{path}\n```\n\n" for path in fences)
    pages = {
        "questions.md": "# Bad questions\n\n" + body,
        "fine.md": '# Fine\n\n```python exec="1" result="text"\nprint("built")\n```\n',
    }
    root = make_site(tmp_path, pages, files)
    result = run_build(root, root / "site", "--strict")
    assert result.returncode != 0
    for name, (_, *parts) in BAD_QUESTIONS.items():
        lines = [x for x in result.stderr.splitlines() if f"[q/{name}] Question" in x]
        assert len(lines) == 1, result.stderr
        assert lines[0].strip().startswith("docs/questions.md:"), lines[0]
        assert f"snippets/q/{parts[0]}" in lines[0], lines[0]
        assert parts[1] in lines[0], lines[0]
    assert "question id 'not-selected' is used twice: q/not-selected.yml" in result.stderr
    assert "built" in (root / "site/fine/index.html").read_text(encoding="utf-8")


def test_pages_load_the_quiz_script_and_style():
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "javascripts/quiz.js" in config
    assert "stylesheets/quiz.css" in config


def test_question_pages_carry_the_lesson_header():
    def modes(text: str) -> set[str]:
        line = re.search(r"^Modes: (.*?)\n\n", text, re.S | re.M)
        assert line, "no 'Modes:' line"
        return set(re.findall(r"\(([\w-]+\.md)\)", line.group(1)))

    for lesson, title in LESSONS.items():
        folder = ROOT / "docs" / lesson
        concept = (folder / "concept.md").read_text(encoding="utf-8")
        for name in ("practice.md", "test.md"):
            text = (folder / name).read_text(encoding="utf-8")
            header = text.split("\n\n")[1]
            assert f"{title}** · " in header, f"{lesson}/{name}"
            # the reading time is worked out by the build (tests/test_reading_time.py)
            assert f"· {reading_time.PLACEHOLDER} · easy to hard" in header, f"{lesson}/{name}"
            # the same modes as every lesson page: all but the page itself are links
            assert modes(text) | {name} == modes(concept) | {"concept.md"}, f"{lesson}/{name}"


def test_leaning_keys_are_named_with_every_letters_count():
    keyed = {f"q{i}.yml": ("A", 4) for i in range(13)}
    keyed |= {f"r{i}.yml": ("B", 4) for i in range(4)} | {f"s{i}.yml": ("C", 4) for i in range(3)}
    found = dict(questions.leaning(keyed, 0.1, 0.4))
    assert set(found) == {"A", "D"}  # 65 % and 0 %
    assert "A is keyed in 13 of 20 questions (65%" in found["A"]
    assert "keyed letters: A 13, B 4, C 3, D 0" in found["A"]
    assert "q0.yml" in found["A"]  # the files to re-letter
    balanced = {f"{letter}.yml": (letter, 4) for letter in "ABCD"}
    assert questions.leaning(balanced, 0.1, 0.4) == []


def test_a_set_smaller_than_the_balance_minimum_is_not_checked():
    """One example question keys one letter in 100 % of its set: no re-lettering can fix
    that, so sets of fewer than ``fewest`` questions are left alone, and from there on
    checked."""
    keyed = {f"q{i}.yml": ("A", 4) for i in range(3)}
    assert questions.leaning(keyed, 0.1, 0.4, fewest=4) == []
    keyed["q3.yml"] = ("A", 4)
    assert {letter for letter, _ in questions.leaning(keyed, 0.1, 0.4, fewest=4)} == set("ABCD")


def test_an_answer_balance_is_read_with_its_minimum():
    from execdocs.settings import parse_balance

    assert parse_balance({"least": 0.1, "most": 0.4, "questions": 5}) == (0.1, 0.4, 5)
    assert parse_balance({"least": 0.1, "most": 0.4})[2] >= 4  # a default that can be met
    assert parse_balance({}) is None


@pytest.mark.parametrize(
    "bad",
    [
        {"least": 0.5, "most": 0.4},
        {"most": 0.4},
        {"least": "x", "most": 1},
        {"least": 0.1, "most": 0.4, "questions": 0},
        {"least": 0.1, "most": 0.4, "fewest": 8},
    ],
)
def test_a_bad_answer_balance_is_refused(bad):
    from execdocs.settings import SettingError, parse_balance

    with pytest.raises(SettingError, match="answer_balance"):
        parse_balance(bad)


@pytest.mark.build
def test_a_lesson_whose_keys_lean_fails_the_build_naming_it_and_the_counts(tmp_path):
    """Five questions of one lesson all keyed A fail the build (the lesson, each letter's
    count, the files); a lesson whose four questions key A, B, C and D once each does not,
    nor a page with fewer questions than the check's minimum; every page is built all the
    same."""
    from test_engine import make_site

    def four(key: str) -> str:  # four options; the wrong ones carry a reason, the key none
        options = [x if x.upper() == key else f"{{text: {x}, why: not {x}}}" for x in "abcd"]
        return (
            f"difficulty: easy\nstem: S?\noptions: [{', '.join(options)}]\nanswer: {key}\n"
            "steps: [s]\nconceptual: true\nteaches: fine.md#fine\n"
        )

    files = {f"lean/q{i}.yml": four("A") for i in range(5)}
    files |= {f"even/{letter.lower()}.yml": four(letter) for letter in "ABCD"}
    fences = lambda folder, names: "".join(  # noqa: E731
        f"```question\n{folder}/{name}.yml\n```\n\n" for name in names
    )
    files |= {"few/lone.yml": four("A")}
    fine = {
        "fine.md": '# Fine\n\n```python exec="1" result="text"\nprint("built")\n```\n\n'
        + fences("few", ["lone"])
    }
    root = make_site(tmp_path, fine, files)
    lessons = {
        "lean": "# Lean\n\n" + fences("lean", [f"q{i}" for i in range(5)]),
        "even": "# Even\n\n" + fences("even", "abcd"),
    }
    for folder, text in lessons.items():
        (root / "docs" / folder).mkdir()
        (root / "docs" / folder / "practice.md").write_text(text)
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text().replace(
            "      helpers: [lrlab]\n",
            "      helpers: [lrlab]\n      answer_balance: {least: 0.1, most: 0.4, questions: 4}\n",
        )
    )
    result = run_build(root, root / "site", "--strict")
    assert result.returncode != 0
    leaning = [line for line in result.stderr.splitlines() if "[question keys]" in line]
    assert len(leaning) == 4, result.stderr  # A at 100 %; B, C and D at 0 %
    assert all(line.strip().startswith("docs/lean/ [question keys] Question: ") for line in leaning)
    assert any("A is keyed in 5 of 5 questions" in line for line in leaning)
    assert all("keyed letters: A 5, B 0, C 0, D 0" in line for line in leaning)
    assert "docs/even/" not in result.stderr
    assert "A 1, B 0" not in result.stderr  # one question on a top-level page: not checked
    for page in ("lean/practice", "even/practice", "fine"):
        assert (root / "site" / page / "index.html").is_file(), page


QUOTING = "print('rate 0.1')\nprint('rate', 0.1 * 0.5)\nprint(0.1 * 0.5 ** (3 // 2))\n"


def test_a_wrong_options_reason_quotes_what_the_run_printed():
    run = run_code(QUOTING, "expected")
    printed = [line.strip() for line in run.output.splitlines() if line.strip()]
    options = [
        run.answer_line,
        Option("0.1", why="It printed {printed}."),
        Option("0.025", why="Its first line is {printed:rate 0.1}."),
    ]
    root = BeautifulSoup(render(question(proof=QUOTING, options=options)), "html.parser")
    why = {span["data-why"]: span for span in root.select(".lrlab-why")}
    assert set(why) == {"B", "C"}  # the key has no reason
    assert why["B"].get_text() == f"It printed {printed[-1]}."
    assert why["C"].get_text() == f"Its first line is {printed[0]}."
    assert why["C"].code.get_text() == printed[0]  # what it quotes is shown as code


def test_a_reason_quoting_a_line_the_run_did_not_print_fails():
    options = [ANSWER, Option("0.1", why="It printed {printed:epoch}."), "0.025"]
    with pytest.raises(QuestionError, match=r"option B: .*no line of what the proof printed"):
        render(question(options=options))
    same = [ANSWER, Option("0.1", why="{printed}"), Option("0.025", why="{printed}")]
    with pytest.raises(QuestionError, match="options B and C give the same reason"):
        render(question(options=same))


def reason_file(tmp_path, why: str) -> tuple[str, int]:
    """A question file whose option B has the reason line ``why``, and B's line."""
    (tmp_path / "p.py").write_text(PROOF)
    text = (
        "difficulty: easy\nstem: S?\nproof: p.py\nteaches: a.md#b\noptions:\n"
        f"- '{ANSWER}'\n- text: '0.1'\n{why}answer: A\nsteps: [s]\n"
    )
    return text, text.splitlines().index("- text: '0.1'") + 1


@pytest.mark.parametrize(
    ("why", "message"),
    [
        ("  why: 'It printed {shown}.'\n", "its why has an unknown placeholder {shown}"),
        ("  why: 'It printed {printed!r}.'\n", "unknown placeholder {printed!r}"),
        ("  why: 'It printed {raised}.'\n", "{raised} quotes the exception a code option"),
        ("  why: 'Only words.'\n", "a run decides this question, so its why quotes the run"),
        ("", "option B is a wrong answer without a reason"),
    ],
)
def test_a_bad_or_missing_reason_is_refused_naming_file_and_line(tmp_path, why, message):
    text, line = reason_file(tmp_path, why)
    with pytest.raises(QuestionError) as caught:
        prove(loads(text, "snippets/q/reasons.yml", tmp_path))
    assert str(caught.value).startswith(f"snippets/q/reasons.yml:{line}: question 'reasons'")
    assert message in str(caught.value)


def test_a_key_moved_without_its_reasons_is_named_at_the_answer_line(tmp_path):
    """The key moved to the option whose why says it is wrong, and the option without a why is
    left unkeyed: the answer line is named (before any run, and in a conceptual question too)."""
    text, _ = reason_file(tmp_path, "  why: 'It printed {printed}.'\n")
    text = text.replace("answer: A", "answer: B")
    line = text.splitlines().index("answer: B") + 1
    with pytest.raises(QuestionError) as caught:
        prove(loads(text, "snippets/q/reasons.yml", tmp_path))
    assert str(caught.value).startswith(f"snippets/q/reasons.yml:{line}: question 'reasons'")
    assert "option A is the one without a why" in str(caught.value)
    assert "but the keyed answer is B" in str(caught.value)


def test_teaches_must_name_a_page_and_an_anchor():
    with pytest.raises(QuestionError, match=r"teaches 'concept\.md' must name a page"):
        prove(question(teaches="concept.md"))
    assert prove(question(teaches="lesson/concept.md#pitfalls")).selected == ["A"]


@pytest.mark.build
def test_a_missing_anchor_or_reason_fails_the_build_naming_the_file(tmp_path):
    """A question whose `teaches` names no heading of the built page, and one whose wrong
    option has no reason, each fail the build naming their file; a question that teaches a
    real anchor links to it, and every page is built."""
    from test_engine import make_site

    four = "difficulty: easy\nstem: S?\noptions: [a, {{text: b, why: not b}}]\nanswer: A\n"
    four += "steps: [s]\nconceptual: true\nteaches: {}\n"
    files = {
        "q/bad-anchor.yml": four.format("fine.md#nowhere"),
        "q/no-page.yml": four.format("gone.md#fine"),
        "q/no-why.yml": four.format("fine.md#fine").replace("{text: b, why: not b}", "b"),
        "q/good.yml": four.format("fine.md#fine"),
    }
    body = "".join(f"```question\nq/{name}.yml\n```\n\n" for name in ("bad-anchor", "no-page"))
    body += "```question\nq/no-why.yml\n```\n\n```question\nq/good.yml\n```\n"
    pages = {
        "questions.md": "# Questions\n\n" + body,
        "fine.md": '# Fine\n\n```python exec="1" result="text"\nprint("built")\n```\n',
    }
    root = make_site(tmp_path, pages, files)
    result = run_build(root, root / "site", "--strict")
    assert result.returncode != 0
    found = {
        name: [x for x in result.stderr.splitlines() if f"[q/{name}] Question" in x]
        for name in ("bad-anchor", "no-page", "no-why", "good")
    }
    assert len(found["bad-anchor"]) == 1, result.stderr
    assert "snippets/q/bad-anchor.yml:" in found["bad-anchor"][0]
    assert "no heading with the anchor 'nowhere'" in found["bad-anchor"][0]
    assert len(found["no-page"]) == 1, result.stderr
    assert "there is no page docs/gone.md" in found["no-page"][0]
    assert len(found["no-why"]) == 1, result.stderr
    assert "snippets/q/no-why.yml:" in found["no-why"][0]
    assert "option B is a wrong answer without a reason" in found["no-why"][0]
    assert not found["good"], result.stderr
    assert "built" in (root / "site/fine/index.html").read_text(encoding="utf-8")
    page = BeautifulSoup((root / "site/questions/index.html").read_text(), "html.parser")
    link = page.select_one("#question-good .lrlab-teaches-link")
    assert link["href"] == "../fine/#fine"


def test_a_question_file_is_read_once_until_it_or_its_code_changes(tmp_path):
    """A build asks for each question file several times; it is parsed once, and again only
    when the file or a code file it names changes (size or modification time)."""
    from execdocs import question_files

    (tmp_path / "p.py").write_text(PROOF)
    path = tmp_path / "q.yml"
    path.write_text(
        f"difficulty: easy\nstem: S?\nproof: p.py\nteaches: a.md#b\noptions:\n- '{ANSWER}'\n"
        "- text: '0.1'\n  why: 'It printed {printed}.'\nanswer: A\nsteps: [s]\n"
    )
    first = question_files.load(path)
    assert question_files.load(path) is first
    (tmp_path / "p.py").write_text(PROOF + "# edited\n")
    again = question_files.load(path)
    assert again is not first
    assert again.proof.endswith("# edited\n")
    path.write_text(path.read_text().replace("stem: S?", "stem: T?"))
    assert question_files.load(path).stem == "T?"


SEED_PROOF = """\
import torch
from lrlab.repro import site_seed

x = torch.rand(1, generator=torch.Generator().manual_seed(site_seed())).item()
print("above half" if x > 0.5 else "at most half")
"""


def seed_outcome(seed: int) -> str:
    """What SEED_PROOF prints with ``seed``, computed here without running it."""
    x = torch.rand(1, generator=torch.Generator().manual_seed(seed)).item()
    return "above half" if x > 0.5 else "at most half"


def seeds_where(held: bool, key: str, count: int) -> list[int]:
    return [s for s in range(50) if (seed_outcome(s) == key) == held][:count]


def with_seed(seed: int, code: str) -> str:  # what the build's seed_env does
    return f"import os\nos.environ['LRLAB_SEED'] = '{seed}'\n{code}"


def seeded_question(seeds: list[int], stem: str) -> Question:
    key = seed_outcome(0)
    other = "above half" if key == "at most half" else "at most half"
    return question(stem=stem, proof=SEED_PROOF, options=[key, other], answer="A", seeds=seeds)


@pytest.mark.parametrize(
    ("stem", "claims"),
    [
        ("On each of 3 seeds, which?", {3}),
        ("Over three different seeds and 2 seeds", {2, 3}),
        ("Seeded runs say", set()),
        ("On five seeds", {5}),
    ],
)
def test_the_seeds_a_stem_claims_are_read_in_digits_and_words(stem, claims):
    assert seed_claims(stem) == claims


def test_a_claim_on_every_seed_that_holds_is_proved_and_shown_seed_by_seed():
    key = seed_outcome(0)
    seeds = seeds_where(True, key, 3)
    html = render(seeded_question(seeds, "On 3 seeds, what does it print?"), seeded=with_seed)
    shown = BeautifulSoup(html, "html.parser").select_one("p.lrlab-seeds").get_text()
    assert all(f"seed {s}: {key}" in shown for s in seeds)


def test_a_claim_that_holds_on_fewer_seeds_than_the_stem_says_fails_naming_them():
    key = seed_outcome(0)
    held, broken = seeds_where(True, key, 2), seeds_where(False, key, 1)
    q = seeded_question(held + broken, "On 3 seeds, what does it print?")
    with pytest.raises(QuestionError) as error:
        prove(q, seeded=with_seed)
    message = str(error.value)
    assert f"on 3 seeds, but it holds on 2 of them ({held[0]}, {held[1]})" in message
    assert f"with seed {broken[0]} it gave {seed_outcome(broken[0])!r} (option B)" in message


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"stem": "What does it print?"}, "the stem claims no count"),
        ({"stem": "On 5 seeds, what?"}, "lists 3 seeds, but the stem claims 5"),
        ({"seeds": [0, 0, 1], "stem": "On 3 seeds?"}, "two or more distinct seeds"),
        ({"conceptual": True, "proof": "", "stem": "On 3 seeds?"}, "has no proof"),
    ],
)
def test_seeds_must_match_the_stem_and_need_a_proof(changes, message):
    q = dataclasses.replace(seeded_question([0, 1, 2], "x"), **changes)
    with pytest.raises(QuestionError, match=re.escape(message)):
        validate(q)


@pytest.mark.build
def test_a_seed_claim_that_fails_on_one_seed_fails_the_build_naming_the_file(tmp_path):
    """Three question files claim their answer on several seeds: the one whose claim breaks on
    a seed, and the one whose stem names another count, fail the build naming their file and
    line; the one that holds is published with each seed's outcome; every page is built."""
    from test_engine import make_site

    key = seed_outcome(0)
    other = "above half" if key == "at most half" else "at most half"
    held, broken = seeds_where(True, key, 3), seeds_where(False, key, 1)

    def claim(seeds: list[int], count: int) -> str:
        return (
            f"difficulty: easy\nstem: On {count} seeds, what does it print?\n"
            f"options: ['{key}', {{text: '{other}', why: 'It printed {{printed}}.'}}]\n"
            f"answer: A\nsteps: [s]\nteaches: fine.md#fine\nproof: coin.py\nseeds: {seeds}\n"
        )

    files = {
        "q/coin.py": SEED_PROOF,
        "q/holds.yml": claim(held, 3),
        "q/breaks.yml": claim(held[:2] + broken, 3),
        "q/miscounted.yml": claim(held, 5),
    }
    body = "".join(f"```question\nq/{n}.yml\n```\n\n" for n in ("holds", "breaks", "miscounted"))
    pages = {
        "questions.md": "# Questions\n\n" + body,
        "fine.md": '# Fine\n\n```python exec="1" result="text"\nprint("built")\n```\n',
    }
    root = make_site(tmp_path, pages, files)
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text().replace(
            "      helpers: [lrlab]\n",
            "      helpers: [lrlab]\n"
            '      prelude: "from lrlab.repro import seed_everything; seed_everything()"\n'
            '      key_env: {LRLAB_SEED: "0"}\n'
            "      seed_env: LRLAB_SEED\n",
        )
    )
    result = run_build(root, root / "site", "--strict")
    assert result.returncode != 0
    found = {
        name: [x for x in result.stderr.splitlines() if f"[q/{name}] Question" in x]
        for name in ("holds", "breaks", "miscounted")
    }
    assert not found["holds"], result.stderr
    (breaks,) = found["breaks"]
    line = next(n for n, x in enumerate(files["q/breaks.yml"].splitlines(), 1) if "seeds:" in x)
    assert f"snippets/q/breaks.yml:{line}: question 'breaks'" in breaks  # the seeds: line
    assert f"with seed {broken[0]} it gave {other!r} (option B)" in breaks
    (miscounted,) = found["miscounted"]
    assert "lists 3 seeds, but the stem claims 5" in miscounted
    page = BeautifulSoup((root / "site/questions/index.html").read_text(), "html.parser")
    shown = page.select_one("#question-holds p.lrlab-seeds").get_text()
    assert all(f"seed {s}: {key}" in shown for s in held)
    assert "built" in (root / "site/fine/index.html").read_text(encoding="utf-8")


def test_a_notebook_runs_a_seeded_proof_once_and_a_build_without_seed_env_refuses_it():
    q = seeded_question([0, 1, 2], "On 3 seeds, what does it print?")
    assert list(proofs.pieces(q)) == ["proof"]  # a notebook's cell: the proof, once
    with pytest.raises(QuestionError, match="seed_env"):
        prove(q)
