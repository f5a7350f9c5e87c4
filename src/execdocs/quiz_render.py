"""HTML for a practice question, made only after its answer has been proved by execution.

`question_html` proves the question (`execdocs.proofs.prove`) and returns one self-contained
HTML fragment. Without JavaScript it reads as a question, native radio buttons and collapsed
``<details>`` for the hint, the solution (with the executed proof and its real output) and the
common mistakes; ``docs/javascripts/quiz.js`` adds checking, feedback and progress (and, on a
page that declares itself a test, scoring: it reads ``data-answer`` and ``data-difficulty``).
"""

from __future__ import annotations

import html

import markdown

from execdocs.proofs import Proof, Run, Runner, Seeded, prove, reasons, run_each, seed_label
from execdocs.questions import Question

_EXTENSIONS = [
    "admonition",
    "tables",
    "pymdownx.superfences",
    "pymdownx.highlight",
    "pymdownx.inlinehilite",
]


def md(text: str) -> str:
    """Markdown to HTML (code fences highlighted, never executed)."""
    converter = markdown.Markdown(extensions=_EXTENSIONS)
    return converter.convert(text.strip())


def md_inline(text: str) -> str:
    """Markdown for one line of text: the HTML without its wrapping paragraph."""
    out = md(text)
    if out.startswith("<p>") and out.endswith("</p>") and out.count("<p>") == 1:
        return out[3:-4]
    return out


def code_block(code: str, language: str = "python") -> str:
    fence = "````"
    return md(f"{fence}{language}\n{code.strip(chr(10))}\n{fence}")


def output_block(text: str, extra_class: str = "") -> str:
    classes = f"lrlab-output {extra_class}".strip()
    return f'<pre class="{classes}"><code>{html.escape(text.rstrip())}</code></pre>'


def _run_html(run: Run, label: str, show_code: bool = True) -> str:
    parts = [f'<p class="lrlab-run-label">{label}</p>']
    if show_code:
        parts += [code_block(run.code), '<p class="lrlab-run-label">Output at build time:</p>']
    shown = run.output + (run.raised + "\n" if run.raised else "")
    parts.append(output_block(shown))
    parts += _warnings_html(run)
    return "\n".join(parts)


def _warnings_html(run: Run) -> list[str]:
    if not run.warnings:
        return []
    return [
        '<p class="lrlab-run-label">Warnings PyTorch raised during the run:</p>',
        output_block("\n".join(run.warnings), "lrlab-warnings"),
    ]


def _stem(q: Question, proof: Proof) -> str:
    parts = [md(q.stem)]
    if "given" in proof.runs:
        parts.append(code_block(q.given))
        parts.append('<p class="lrlab-run-label">It prints (executed at build time):</p>')
        parts.append(output_block(proof.runs["given"].output))
        parts += _warnings_html(proof.runs["given"])
    if q.proof_in_stem:
        parts.append(code_block(q.proof))
    if q.kind == "runs" and q.setup.strip():
        parts.append('<p class="lrlab-run-label">Each option runs after this setup:</p>')
        parts.append(code_block(q.setup))
    return "\n".join(parts)


def _options(q: Question, why: dict[str, str]) -> str:
    rows = []
    for letter, option in zip(q.letters, q.choices, strict=True):
        reason = (
            f'<span class="lrlab-why" data-why="{letter}" hidden>{md_inline(why[letter])}</span>'
            if letter in why
            else ""
        )
        ident = f"question-{q.id}-{letter}"
        if option.text.strip():
            body = md_inline(option.text)
        else:
            body = f'<code class="lrlab-option-code">{html.escape(option.code.strip())}</code>'
        rows.append(
            f'<div class="lrlab-option" data-option="{letter}">'
            f'<input type="radio" name="question-{q.id}" id="{ident}" value="{letter}">'
            f'<label for="{ident}"><span class="lrlab-option-letter">{letter}.</span> '
            f"{body}</label>{reason}</div>"
        )
    return "\n".join(rows)


def _each_seed(q: Question, proof: Proof) -> str:
    """What the proof's last line was with each seed the question claims its answer on."""
    if not q.seeds:
        return ""
    said = "; ".join(
        f"seed {seed}: <code>{html.escape(proof.runs[seed_label(seed)].answer_line)}</code>"
        for seed in q.seeds
    )
    intro = "The same proof run with each seed the question names"
    return f'<p class="lrlab-seeds">{intro}: {said}.</p>'


def _evidence(q: Question, proof: Proof) -> str:
    if q.kind == "proof":
        if q.proof_in_stem:
            label = "The program in the question, run when the site was built, printed:"
            return _run_html(proof.runs["proof"], label, show_code=False) + _each_seed(q, proof)
        shown = _run_html(proof.runs["proof"], "The proof, run when the site was built:")
        return shown + _each_seed(q, proof)
    if q.kind == "runs":
        items = []
        for letter in q.letters:
            run = proof.runs[letter]
            verdict = (
                f"raised <code>{html.escape(run.raised)}</code>" if run.raised else "ran cleanly"
            )
            printed = output_block(run.output) if run.output.strip() else ""
            printed += "".join(_warnings_html(run))
            items.append(f"<li><strong>{letter}</strong> {verdict}{printed}</li>")
        check = ""
        if q.check.strip():
            check = (
                '<p class="lrlab-run-label">After each option, this check ran:</p>'
                + code_block(q.check)
            )
        return (
            '<p class="lrlab-run-label">Every option was executed when the site was built:</p>'
            f'{check}<ul class="lrlab-option-runs">{"".join(items)}</ul>'
        )
    if "illustration" in proof.runs:
        return (
            "<p><em>No program can decide this one; it is a question of meaning. "
            "This run illustrates it:</em></p>"
            + _run_html(proof.runs["illustration"], "Illustration, run when the site was built:")
        )
    return "<p><em>No program can decide this one; it is a question of meaning.</em></p>"


def _teaches(q: Question, href: str) -> str:
    if not href:
        return ""
    page, anchor = q.teaches.split("#", 1)
    label = f"{page.removesuffix('.md')}: {anchor.replace('-', ' ')}"
    return (
        f'<p class="lrlab-teaches">Where to read: <a class="lrlab-teaches-link" '
        f'href="{html.escape(href)}">{html.escape(label)}</a></p>'
    )


def question_html(
    question: Question,
    run: Runner = run_each,
    teaches_href: str = "",
    seeded: Seeded | None = None,
) -> str:
    """Prove ``question`` (running its code with ``run``) and return its HTML. Raises
    `execdocs.questions.QuestionError` (and returns nothing) if the question is malformed or
    its run does not select exactly the key."""
    proof = prove(question, run, seeded)
    q = question
    why = reasons(proof)
    key_option = q.choices[q.letters.index(q.answer)]
    key_text = (
        md_inline(key_option.text)
        if key_option.text.strip()
        else f"<code>{html.escape(key_option.code.strip())}</code>"
    )
    status = {
        "proof": "answer proved by execution",
        "runs": "answer proved by running every option",
        "conceptual": "conceptual: no code decides it",
    }[q.kind]
    steps = "".join(f"<li>{md(step)}</li>" for step in q.steps)
    quick = (
        f"<p><strong>Quick check:</strong> {md_inline(q.quick_check)}</p>" if q.quick_check else ""
    )
    hint = (
        f'<details class="lrlab-hint"><summary>Hint</summary>{md(q.hint)}</details>'
        if q.hint
        else ""
    )
    mistakes = (
        '<details class="lrlab-mistakes"><summary>Common mistakes</summary><ul>'
        + "".join(f"<li>{md_inline(m)}</li>" for m in q.mistakes)
        + "</ul></details>"
        if q.mistakes
        else ""
    )
    return f"""<div class="lrlab-question" id="question-{q.id}" data-question="{q.id}" \
data-answer="{q.answer}" data-kind="{q.kind}" data-difficulty="{q.difficulty}"\
{f' data-teaches="{html.escape(teaches_href)}"' if teaches_href else ""}>
<p class="lrlab-question-meta"><span class="lrlab-difficulty lrlab-difficulty--{q.difficulty}">\
{q.difficulty}</span> <span class="lrlab-question-status">{status}</span></p>
<div class="lrlab-question-stem" id="question-{q.id}-stem">
{_stem(q, proof)}
</div>
<form class="lrlab-question-form" aria-labelledby="question-{q.id}-stem">
<fieldset class="lrlab-options"><legend>Choose one answer</legend>
{_options(q, why)}
</fieldset>
<div class="lrlab-question-actions" hidden>\
<button type="submit" class="md-button lrlab-check">Check answer</button></div>
</form>
<p class="lrlab-feedback" role="status" aria-live="polite"></p>
{hint}
<details class="lrlab-solution"><summary>Solution</summary>
<ol class="lrlab-steps">{steps}</ol>
{_evidence(q, proof)}
<p class="lrlab-final"><strong>Final answer:</strong> {key_text} → option {q.answer}</p>
{quick}
{_teaches(q, teaches_href)}
</details>
{mistakes}
</div>"""
