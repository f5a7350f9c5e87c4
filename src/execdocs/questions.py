"""A practice question, what makes one publishable, and whether a set's keyed letters lean.

A `Question` holds the stem, the options, the keyed answer, the solution steps, a quick check, a
hint and common mistakes; `validate` refuses one that cannot be published. `execdocs.proofs.prove`
runs the question's code and returns which option the run selects; `question_html` (in
`execdocs.quiz_render`) refuses to return HTML unless that option is exactly the key. Three kinds
of question:

* **proof**: ``proof`` is a program (a snippet file). Its last printed line is *the answer line*;
  an option is selected when its ``value`` (by default its text) equals that line.
* **runs**: each option is code (``Option(code=...)``). Each one runs after the question's
  ``setup`` and before its ``check``; the options that run without raising are selected
  (``select="raises"``: the options that raise).
* **conceptual**: no code can decide it (``conceptual=True``). It may carry an ``illustration``
  that is executed and shown with its output, but nothing is matched.

Every wrong option (a *distractor*) carries its own reason, ``why``: what a reader who picks it
has missed. Where a run decides the question, the reason quotes the run through placeholders the
build fills in from it (`execdocs.proofs.reasons`): ``{printed}`` (the proof's answer line, or
what the option's own code printed last), ``{printed:TEXT}`` (the one line that starts with TEXT),
``{given}`` and ``{given:TEXT}`` (the same on the ``given`` program's output) and ``{raised}``
(the exception a code option raised). So a reason cannot say a number the run did not print.
A question also names the section that teaches it, ``teaches`` (``page.md#anchor`` under
``docs/``), which the build checks against the headings of the built pages.

Options that can be run are run, every one of them: an option written as nothing but a code
span holding a Python statement (`` `scheduler = StepLR(opt, 5)` ``) is code the build could
judge, so a proof or conceptual question that offers one is refused (make every option
``code:``). A "runs" question passes only if exactly its keyed option passes; when none or
several do, the error says what each option did.

Everything here returns values and never prints; a question that cannot be published raises
`QuestionError` naming the question, which the build reports with the page and line.
"""

from __future__ import annotations

import ast
import re
import string
from dataclasses import dataclass, field
from typing import Literal

DIFFICULTIES = ("easy", "medium", "hard")
_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_CODE_SPAN = re.compile(r"^`([^`]+)`$")
PLACEHOLDER_RE = re.compile(r"^(printed|given|raised)(?::(.+))?$", re.S)
PLACEHOLDERS = ("{printed}", "{printed:TEXT}", "{given}", "{given:TEXT}", "{raised}")
"""What a wrong option's ``why`` can quote from the runs (see `execdocs.proofs.reasons`)."""
TEACHES_RE = re.compile(r"^(?!/)(?!.*(?:^|/)\.\.?/)[\w./-]+\.md#[\w-]+$")
"""A ``teaches`` reference: a page under docs/ and one of its headings' anchors."""


def runnable_text(text: str) -> bool:
    """Whether an option's text is code the build could run: nothing but one code span holding
    Python that assigns or calls something (`` `lr = 0.1` ``, `` `StepLR(opt, 5)` ``), not a
    value (`` `[0.1]` ``) or prose around code."""
    found = _CODE_SPAN.match(text.strip())
    if not found:
        return False
    try:
        tree = ast.parse(found.group(1))
    except SyntaxError:
        return False
    doing = (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Call)
    return any(isinstance(node, doing) for node in ast.walk(tree))


class QuestionError(Exception):
    """A question that is malformed or whose proof does not select exactly its keyed option."""


@dataclass(frozen=True)
class Option:
    """One answer option.

    ``text`` is shown (Markdown); ``value`` is what the proof's answer line must equal for this
    option to be selected (defaults to ``text``); ``code`` makes it a code option of a "runs"
    question (shown as a code block when ``text`` is empty).
    """

    text: str = ""
    value: str | None = None
    code: str = ""
    why: str = ""  # a wrong option's reason (Markdown, may quote the run: see `reasons`)

    @property
    def match(self) -> str:
        return (self.text if self.value is None else self.value).strip()


@dataclass(frozen=True)
class Question:
    """A multiple-choice question with one keyed answer (a letter: "A", "B", ...).

    ``given`` is code shown in the stem with its executed output (a premise such as "this loop
    prints ..."); ``proof_in_stem`` shows the proof's code (not its output) in the stem, for
    "what does this print?" questions. ``teaches`` names the section that teaches the topic
    (``lesson/concept.md#anchor``, under docs/).
    """

    id: str
    difficulty: Literal["easy", "medium", "hard"]
    stem: str
    options: list[str | Option]
    answer: str
    steps: list[str] = field(default_factory=list)
    quick_check: str = ""
    hint: str = ""
    mistakes: list[str] = field(default_factory=list)
    proof: str = ""
    proof_in_stem: bool = False
    given: str = ""
    setup: str = ""
    check: str = ""
    select: Literal["runs", "raises"] = "runs"
    conceptual: bool = False
    illustration: str = ""
    teaches: str = ""
    seeds: list[int] = field(default_factory=list)  # the proof must hold with each seed
    page: str = ""  # where the question is written (its file), for errors
    lines: dict[str, int] = field(default_factory=dict, compare=False)  # field -> line there

    @property
    def letters(self) -> list[str]:
        return list(string.ascii_uppercase[: len(self.options)])

    @property
    def choices(self) -> list[Option]:
        return [o if isinstance(o, Option) else Option(text=o) for o in self.options]

    @property
    def kind(self) -> str:
        if self.conceptual:
            return "conceptual"
        if any(o.code for o in self.choices):
            return "runs"
        return "proof"

    def error(self, message: str, at: str = "") -> QuestionError:
        """An error naming the question's file and, when known, the line of field ``at`` (or
        of one option, ``options.<index>``, falling back to the options' line)."""
        if at not in self.lines and at.startswith("options."):
            at = "options"
        line = f":{self.lines[at]}" if at in self.lines else ""
        where = f"{self.page}{line}: " if self.page else ""
        return QuestionError(f"{where}question {self.id!r}: {message}")


def validate(question: Question) -> None:
    """Raise `QuestionError` for a question that cannot be published, whatever its proof says."""
    q = question
    if not isinstance(q.id, str) or not _ID_RE.match(q.id):
        raise q.error("id must be lower-case words joined by hyphens, e.g. 'steplr-after-3-steps'")
    if q.difficulty not in DIFFICULTIES:
        raise q.error(f"difficulty must be one of {', '.join(DIFFICULTIES)}, got {q.difficulty!r}")
    if not q.stem.strip():
        raise q.error("the stem is empty")
    if not 2 <= len(q.options) <= 26:
        raise q.error(f"needs 2 to 26 options, got {len(q.options)}")
    choices = q.choices
    for letter, option in zip(q.letters, choices, strict=True):
        if not option.text.strip() and not option.code.strip():
            raise q.error(f"option {letter} is empty")
    shown = [(o.text.strip(), o.code.strip()) for o in choices]
    for i, item in enumerate(shown):
        if item in shown[:i]:
            raise q.error(
                f"options {q.letters[shown.index(item)]} and {q.letters[i]} are duplicates"
            )
    if not isinstance(q.answer, str) or not q.answer.strip():
        raise q.error("has no keyed answer (answer='A', 'B', ...)")
    if q.answer not in q.letters:
        raise q.error(f"keyed answer {q.answer!r} is not one of the options {', '.join(q.letters)}")
    has_code = [o.code.strip() != "" for o in choices]
    if any(has_code) and not all(has_code):
        raise q.error("either every option is code (a 'runs' question) or none is")
    if q.conceptual:
        if q.proof or any(has_code):
            raise q.error("a conceptual question has no proof; use illustration= to show code")
    elif q.kind == "proof":
        if not q.proof.strip():
            raise q.error("has no proof code: add proof=..., or mark it conceptual=True")
        matches = [o.match for o in choices]
        for i, value in enumerate(matches):
            if value in matches[:i]:
                first = q.letters[matches.index(value)]
                raise q.error(f"options {first} and {q.letters[i]} would match the same line")
    elif q.select not in ("runs", "raises"):
        raise q.error(f"select must be 'runs' or 'raises', got {q.select!r}")
    if q.kind != "runs":
        for letter, option in zip(q.letters, choices, strict=True):
            if runnable_text(option.text):
                raise q.error(
                    f"option {letter} ({option.text.strip()}) is code the build could run: "
                    "write every option as `code:` (with a setup and a check) so each one is "
                    "run, or state the options as outcomes",
                    "options",
                )
    if q.seeds:
        _check_seeds(q)
    if not q.steps:
        raise q.error("has no solution steps")
    if q.teaches and not TEACHES_RE.match(q.teaches):
        raise q.error(
            f"teaches {q.teaches!r} must name a page under docs/ and a heading's anchor, "
            "e.g. 'lesson/concept.md#pitfalls'",
            "teaches",
        )
    _check_reasons(q)


NUMBER_WORDS = ("", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def seed_claims(stem: str) -> set[int]:
    """The counts of seeds a stem claims ("on 3 seeds", "each of five seeds")."""
    words = {word: n for n, word in enumerate(NUMBER_WORDS) if word}
    found = re.findall(r"\b(\d+|[a-z]+) (?:different |distinct )?seeds\b", stem.lower())
    return {int(w) if w.isdigit() else words[w] for w in found if w.isdigit() or w in words}


def _check_seeds(q: Question) -> None:
    """A question with ``seeds:`` claims its answer on each of them: its proof is run once per
    seed, so it needs a proof, and its stem must say on how many seeds (the count a reader is
    told is the count the build checks)."""
    if q.kind != "proof":
        raise q.error("seeds: runs the proof once per seed; this question has no proof", "seeds")
    if len(set(q.seeds)) != len(q.seeds) or len(q.seeds) < 2:
        raise q.error(f"seeds: must be two or more distinct seeds, got {q.seeds}", "seeds")
    claimed = seed_claims(q.stem)
    if claimed != {len(q.seeds)}:
        said = ", ".join(map(str, sorted(claimed))) if claimed else "no count"
        raise q.error(
            f"seeds: lists {len(q.seeds)} seeds, but the stem claims {said}: say in the stem "
            f'on how many seeds the answer holds ("on {len(q.seeds)} seeds")',
            "seeds",
        )


def _check_reasons(q: Question) -> None:
    """Every wrong option has a reason and the key has none; each reason is one paragraph and
    quotes only what this kind of question runs; a question a run decides quotes the run in
    every reason. A key moved to a reasoned option, leaving one option without a reason, is
    named at the ``answer:`` line (the reasons say which option the author keyed)."""
    bare = [
        letter
        for letter, option in zip(q.letters, q.choices, strict=True)
        if not option.why.strip()
    ]
    if len(bare) == 1 and bare[0] != q.answer:
        raise q.error(
            f"option {bare[0]} is the one without a why: (a right answer needs none), but the "
            f"keyed answer is {q.answer}, whose why: says why it is wrong: did the key move "
            "without its reasons?",
            "answer",
        )
    for index, (letter, option) in enumerate(zip(q.letters, q.choices, strict=True)):
        at = f"options.{index}"
        why = option.why.strip()
        if letter == q.answer:
            if why:
                raise q.error(
                    f"option {letter} is the keyed answer: a why: is for wrong options only", at
                )
            continue
        if not why:
            raise q.error(
                f"option {letter} is a wrong answer without a reason: give it a why: that says "
                "what a reader who picks it has missed (a plain option needs the mapping form, "
                f"text: ... and why: ...)",
                at,
            )
        if "\n\n" in why:
            raise q.error(f"option {letter}: its why is one paragraph (no blank line)", at)
        quoted = _placeholders(q, letter, why, at)
        if q.kind != "conceptual" and not quoted:
            what = "{printed} or {raised}" if q.kind == "runs" else "{printed}"
            raise q.error(
                f"option {letter}: a run decides this question, so its why quotes the run "
                f"({what}{', {given}' if q.given.strip() else ''}), not only words",
                at,
            )


def _placeholders(q: Question, letter: str, why: str, at: str) -> list[tuple[str, str]]:
    """The placeholders in option ``letter``'s reason, as (source, TEXT) pairs, after checking
    each is one this question can fill."""
    try:
        parsed = list(string.Formatter().parse(why))
    except ValueError as error:
        raise q.error(
            f"option {letter}: its why has a stray brace ({error}); write {{{{ and }}}} for "
            "a literal brace",
            at,
        ) from None
    found = []
    position = 0
    for literal, name, spec, conversion in parsed:
        position += len(literal)
        if name is None:
            continue
        raw = name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
        shown = "{" + raw + "}"
        match = PLACEHOLDER_RE.match(raw)
        if not match or conversion:
            raise q.error(
                f"option {letter}: its why has an unknown placeholder {shown}; it can quote "
                f"{', '.join(PLACEHOLDERS)} (write {{{{ for a literal brace)",
                at,
            )
        source, text = match.group(1), (match.group(2) or "").strip()
        if q.kind == "conceptual":
            raise q.error(
                f"option {letter}: its why quotes {shown}, but a conceptual question has no run "
                "to quote",
                at,
            )
        if source == "raised" and (q.kind != "runs" or text):
            raise q.error(
                f"option {letter}: {shown} quotes the exception a code option raised; "
                "only {raised} (no TEXT), and only in a question whose options are code",
                at,
            )
        if source == "given" and not q.given.strip():
            raise q.error(f"option {letter}: its why quotes {shown}, but there is no given", at)
        found.append((source, text))
    # the build shows what it quotes as code: backticks around a placeholder would nest
    ticked = re.search(r"`\{[^{}]*\}|\{[^{}]*\}`", why)
    if ticked:
        raise q.error(
            f"option {letter}: write {ticked.group(0).strip('`')} without backticks: the "
            "build shows what it quotes as code",
            at,
        )
    return found


def leaning(
    keyed: dict[str, tuple[str, int]], least: float, most: float, fewest: int = 1
) -> list[tuple[str, str]]:
    """Which keyed letters lean in a set of questions: ``keyed`` maps each question file to its
    answer letter and its number of options. Every letter the questions offer must be keyed in
    at least ``least`` and at most ``most`` of them (as shares), or a reader who always picks
    one letter scores well without reading; a set of fewer than ``fewest`` questions is not
    checked. Returns ``(letter, message)`` for each letter outside those bounds, the message
    giving every letter's count."""
    if len(keyed) < max(fewest, 1):
        return []
    offered = max(count for _, count in keyed.values())
    letters = string.ascii_uppercase[:offered]
    counts = {letter: 0 for letter in letters}
    for answer, _ in keyed.values():
        counts[answer] = counts.get(answer, 0) + 1
    total = len(keyed)
    tally = ", ".join(f"{letter} {count}" for letter, count in counts.items())
    found = []
    for letter, count in counts.items():
        if not least <= count / total <= most:
            files = sorted(path for path, (answer, _) in keyed.items() if answer == letter)
            which = f": {', '.join(files)}" if count / total > most else ""
            found.append(
                (
                    letter,
                    f"its keyed answers lean: {letter} is keyed in {count} of {total} questions "
                    f"({count / total:.0%}; each letter must be keyed in {least:.0%} to "
                    f"{most:.0%}); keyed letters: {tally}. Re-letter options (the proofs match "
                    f"them by value, not by letter){which}",
                )
            )
    return found
