"""A question's proof: its code run, piece by piece, and the option the runs select.

`pieces` lists the code a question runs (the given program, an illustration, the proof or each
code option between the setup and the check); `prove` validates the question, runs them (one
process after another with `run_each`, or however the caller's `Runner` does) and returns the
`Proof`, or raises `QuestionError` when the runs select anything but the keyed option; `reasons`
fills each wrong option's ``why`` from those runs. Nothing here prints.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from dataclasses import dataclass

from execdocs.questions import PLACEHOLDER_RE, Question, QuestionError, validate


@dataclass(frozen=True)
class Run:
    """What running a piece of question code did: its printed output and, if it raised, the
    exception's last line (``"TypeError: ..."``)."""

    code: str
    output: str
    raised: str = ""
    warnings: tuple[str, ...] = ()

    @property
    def answer_line(self) -> str:
        lines = [line.strip() for line in self.output.splitlines() if line.strip()]
        return lines[-1] if lines else ""


@dataclass(frozen=True)
class Proof:
    """The outcome of proving a question: the runs it took and the letters they selected."""

    question: Question
    selected: list[str]
    runs: dict[str, Run]  # "proof", "given", "illustration", or an option letter


def code_span(text: str) -> str:
    """``text`` as one Markdown code span, whatever backticks it holds."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or longest else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _lines(output: str) -> list[str]:
    return [line.strip() for line in output.splitlines() if line.strip()]


def reasons(proof: Proof) -> dict[str, str]:
    """Each wrong option's reason (Markdown, by letter) with its placeholders filled in from
    the runs: ``{printed}`` is the proof's answer line (a code option: the last line its own run
    printed), ``{printed:TEXT}`` the one line of that output that starts with TEXT,
    ``{given}``/``{given:TEXT}`` the same on the given program's output, ``{raised}`` the
    exception the option raised. Raises `QuestionError` naming the option when the run did not
    print (or raise) what a reason quotes, or when two wrong options get the same reason."""
    q = proof.question
    filled: dict[str, str] = {}
    for index, (letter, option) in enumerate(zip(q.letters, q.choices, strict=True)):
        if letter == q.answer:
            continue
        at = f"options.{index}"
        parts = []
        for literal, name, spec, _conversion in string.Formatter().parse(option.why.strip()):
            parts.append(literal)
            if name is None:
                continue
            raw = name + (f":{spec}" if spec else "")
            parts.append(code_span(_quote(q, proof, letter, raw, at)))
        filled[letter] = "".join(parts)
    seen: dict[str, str] = {}
    for letter, text in filled.items():
        if text in seen:
            raise q.error(
                f"options {seen[text]} and {letter} give the same reason: a reader who picks "
                "either must learn what that option missed",
                f"options.{q.letters.index(letter)}",
            )
        seen[text] = letter
    return filled


def _quote(q: Question, proof: Proof, letter: str, raw: str, at: str) -> str:
    match = PLACEHOLDER_RE.match(raw)
    assert match, raw  # validate() refused any other
    source, text = match.group(1), (match.group(2) or "").strip()
    shown = "{" + raw + "}"
    if source == "raised":
        raised = proof.runs[letter].raised
        if not raised:
            raise q.error(
                f"option {letter}: its why quotes {{raised}}, but {letter} raised nothing", at
            )
        return raised
    if source == "given":
        run, whose = proof.runs["given"], "the given program"
    elif q.kind == "proof":
        run, whose = proof.runs["proof"], "the proof"
    else:
        run, whose = proof.runs[letter], f"option {letter}'s run"
    lines = _lines(run.output)
    if not text:
        if not lines:
            raise q.error(
                f"option {letter}: its why quotes {shown}, but {whose} printed nothing", at
            )
        return lines[-1]
    found = [line for line in lines if line.startswith(text)]
    if len(found) != 1:
        count = "no line" if not found else f"{len(found)} lines"
        raise q.error(
            f"option {letter}: its why quotes {shown}, but {count} of what {whose} printed "
            f"start with {text!r}: {' | '.join(lines)}",
            at,
        )
    return found[0]


def run_code(code: str, name: str) -> Run:
    """Run ``code`` in a process of its own, as the engine runs every block
    (`execdocs.runner.run`), and say what it printed and raised.

    Warnings are recorded (``"UserWarning: ..."``) and shown under the output, not printed to the
    build log. An exception the code raises is recorded, not propagated: the caller decides what
    it means. A run that fails in any other way (a crash, ``sys.exit``, a time limit) raises
    `QuestionError`.
    """
    from execdocs import runner

    # seeded like the block that runs the question (the site's prelude)
    job = runner.Job(
        code,
        f"question code {name}",
        timeout=0,
        prelude=runner.inherited_prelude(),
        numerics=runner.inherited_numerics(),
    )
    outcome = runner.run(job)
    problem = outcome.problem
    raised = outcome.exception
    if problem is not None and not raised:
        raise QuestionError(f"code {name!r} failed: {problem.kind}: {problem.message}")
    seen = tuple(dict.fromkeys(f"{w.category}: {w.message}" for w in outcome.warnings))
    return Run(code, outcome.output, raised, seen)


Runner = Callable[[dict[str, str], str], dict[str, Run]]
"""Runs a question's pieces of code (label -> code) and says what each did: `run_each` here,
one process after another; the build runs them all at once, cached like any block."""


def run_each(pieces: dict[str, str], question_id: str) -> dict[str, Run]:
    return {label: run_code(code, f"{question_id}-{label}") for label, code in pieces.items()}


Seeded = Callable[[int, str], str]
"""``seeded(seed, code)``: ``code`` made to run with another seed than the site's (the build
sets the site's seed variable and runs its prelude again first); for a question's ``seeds:``."""


def seed_label(seed: int) -> str:
    return f"proof, seed {seed}"


def pieces(question: Question, seeded: Seeded | None = None) -> dict[str, str]:
    """Every piece of code proving ``question`` runs, by label: "given", "illustration",
    "proof", the proof once per seed of its ``seeds:`` (`seed_label`, made by ``seeded``; none
    without it, as a notebook runs the proof once), or an option's letter (its code between
    the setup and the check)."""
    q = question
    found = {label: code for label, code in (("given", q.given), ("illustration", q.illustration))}
    if q.kind == "proof":
        found["proof"] = q.proof
        for seed in q.seeds if seeded else ():
            found[seed_label(seed)] = seeded(seed, q.proof)
    elif q.kind == "runs":
        for letter, option in zip(q.letters, q.choices, strict=True):
            found[letter] = "\n".join(p for p in (q.setup, option.code, q.check) if p.strip())
    return {label: code for label, code in found.items() if code.strip()}


def prove(question: Question, run: Runner = run_each, seeded: Seeded | None = None) -> Proof:
    """Validate ``question``, run its code and return what the run selects.

    Raises `QuestionError` if the question is malformed, a proof, premise or illustration raises,
    or the run selects no option, several options or an option other than the key; for a
    question with ``seeds:``, if the proof run with any of them does not select the key.
    """
    q = question
    validate(q)
    if q.seeds and seeded is None:
        raise q.error("seeds: needs the site's seed variable (execdocs' seed_env)", "seeds")
    done = run(pieces(q, seeded), q.id)
    runs: dict[str, Run] = {}
    for label in ("given", "illustration"):
        if label in done:
            runs[label] = run_ = done[label]
            if run_.raised:
                raise q.error(f"its {label} code raised {run_.raised}", label)
            if not run_.output.strip():
                raise q.error(f"its {label} code printed nothing", label)
    selected: list[str] = []
    if q.kind == "proof":
        runs["proof"] = run_ = done["proof"]
        if run_.raised:
            raise q.error(f"its proof raised {run_.raised}", "proof")
        line = run_.answer_line
        if not line:
            raise q.error("its proof printed nothing, so it selects no option", "proof")
        selected = [
            letter for letter, o in zip(q.letters, q.choices, strict=True) if o.match == line
        ]
        if not selected:
            raise q.error(f"proof printed {line!r}, which matches no option", "options")
        _check_each_seed(q, done)
        runs.update({seed_label(s): done[seed_label(s)] for s in q.seeds})
    elif q.kind == "runs":
        for letter in q.letters:
            runs[letter] = run_ = done[letter]
            if run_.raised.startswith("SyntaxError"):
                raise q.error(
                    f"option {letter} (with setup and check) does not parse: {run_.raised}"
                )
            if bool(run_.raised) == (q.select == "raises"):
                selected.append(letter)
        if not selected:
            verb = "raises" if q.select == "raises" else "runs"
            raise q.error(
                f"no option {verb} when executed, so the run selects no option "
                f"({_outcomes(q, runs)})",
                "options",
            )
    if q.kind != "conceptual":
        if len(selected) > 1:
            did = f" ({_outcomes(q, runs)})" if q.kind == "runs" else ""
            raise q.error(
                f"the run selects options {', '.join(selected)}; exactly one must match{did}",
                "options",
            )
        if selected != [q.answer]:
            raise q.error(
                f"the run selects option {selected[0]}, but the keyed answer is {q.answer}",
                "answer",
            )
    return Proof(q, selected, runs)


def _check_each_seed(q: Question, done: dict[str, Run]) -> None:
    """The keyed answer must hold with every seed the question claims it on."""
    held, failed = [], []
    for seed in q.seeds:
        run_ = done[seed_label(seed)]
        line = "" if run_.raised else run_.answer_line
        picked = [letter for letter, o in zip(q.letters, q.choices, strict=True) if o.match == line]
        if picked == [q.answer]:
            held.append(seed)
        else:
            what = run_.raised or (f"{line!r} (option {picked[0]})" if picked else repr(line))
            failed.append(f"with seed {seed} it gave {what}")
    if failed:
        raise q.error(
            f"its stem claims the keyed answer {q.answer} on {len(q.seeds)} seeds, but it holds "
            f"on {len(held)} of them ({', '.join(map(str, held)) or 'none'}): " + "; ".join(failed),
            "seeds",
        )


def _outcomes(q: Question, runs: dict[str, Run]) -> str:
    """What each code option did, for an error: ``A passed; B raised TypeError: ...``."""
    return "; ".join(
        f"{letter} raised {runs[letter].raised}" if runs[letter].raised else f"{letter} passed"
        for letter in q.letters
    )
