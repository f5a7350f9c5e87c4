"""Formulas typeset at build time: LaTeX in, MathML out (HTML strings for ``html="1"`` blocks).

`latex2mathml` converts; this module only checks that nothing was left unconverted (an unknown
command or an alignment ``&`` would otherwise reach the page as raw text), keeps the LaTeX source
beside the rendering for copying, and lets a paragraph mix text and ``$inline$`` maths. MathML is
drawn by the browser in the text colour, so it reads in light and dark alike, and needs no script.
`latex2mathml` is imported only when a formula is typeset; the site's wheel of lrlab depends on
it, so the atlas's formula snippets run for a reader too.
"""

from __future__ import annotations

import html
import re

_INLINE = re.compile(r"\$([^$]+)\$")
_CODE = re.compile(r"`([^`]+)`")
_EM = re.compile(r"\*([^*]+)\*")


class TypesetError(ValueError):
    """LaTeX that did not convert cleanly to MathML."""


def mathml(latex: str, *, display: bool = False) -> str:
    """``latex`` as one ``<math>`` element (``display=True``: a block of its own). Raises
    `TypesetError` if the converter left a command or an ``&`` unconverted. The source is kept
    in the element's ``alttext``."""
    from latex2mathml.converter import convert

    source = latex.strip()
    if not source:
        raise TypesetError("empty formula")
    converted = convert(source, display="block" if display else "inline")
    body = re.sub(r"<annotation\b.*?</annotation>", "", converted, flags=re.S)
    leftover = re.search(r">([^<]*(?:\\[A-Za-z]+|&(?![#\w]+;))[^<]*)<", body)
    if leftover:
        raise TypesetError(f"latex2mathml left {leftover.group(1)!r} unconverted in {source!r}")
    return converted.replace("<math ", f'<math alttext="{html.escape(source)}" ', 1)


_TOKEN = re.compile(r"\\[A-Za-z]+|\\.|\s+|.", re.S)
_RELATIONS = {"=", "<", ">", r"\le", r"\leq", r"\ge", r"\geq", r"\ne", r"\neq", r"\approx"}
_RELATIONS |= {r"\equiv", r"\to", r"\rightarrow"}
_BINARY = {"+", "-", r"\cdot", r"\times"}
_SPACES = {r"\,", r"\;", r"\:", r"\!", r"\quad", r"\qquad"}


def breakable(latex: str) -> list[str]:
    """An inline formula cut where TeX may break a line: after a relation (``=``, ``\\le``,
    ...) or a binary ``+``, ``-``, ``\\cdot``, ``\\times`` outside any brace, parenthesis or
    bracket. MathML has no line breaking, so one long inline ``<math>`` would run past a phone's
    screen; typeset as one ``<math>`` per piece, the line can break between them."""
    pieces, current, depth, operand = [], "", 0, False
    for token in _TOKEN.findall(latex):
        current += token
        if token in "{([":
            depth += 1
        elif token in "})]":
            depth = max(depth - 1, 0)
        if token.isspace() or token in _SPACES:
            continue
        is_break = depth == 0 and (token in _RELATIONS or (token in _BINARY and operand))
        operand = not (token in _RELATIONS or token in _BINARY or token in "{([")
        if is_break:
            pieces.append(current)
            current = ""
    if current.strip():
        pieces.append(current)
    elif pieces:
        pieces[-1] += current
    return [p.strip() for p in pieces]


def _inline(latex: str) -> str:
    """An inline formula as one ``<math>`` per `breakable` piece."""
    return "".join(mathml(piece) for piece in breakable(latex))


def _paragraph(text: str) -> str:
    """One paragraph: ``$$…$$`` alone is a displayed formula; otherwise text with ``$…$`` inline
    maths, ```…``` code spans and ``*…*`` emphasis, everything else escaped."""
    text = " ".join(text.split())
    if text.startswith("$$") and text.endswith("$$") and text.count("$$") == 2:
        # focusable: on a narrow screen a long formula scrolls, and keyboards must reach it
        return f'<div class="lrlab-math" tabindex="0">{mathml(text[2:-2], display=True)}</div>'
    if "$$" in text:
        raise TypesetError(f"a displayed formula must be a paragraph of its own: {text!r}")
    parts = []
    for index, piece in enumerate(_INLINE.split(text)):
        if index % 2:
            parts.append(_inline(piece))
        else:
            escaped = html.escape(piece)
            escaped = _CODE.sub(lambda m: f"<code>{m.group(1)}</code>", escaped)
            parts.append(_EM.sub(lambda m: f"<em>{m.group(1)}</em>", escaped))
    return f'<p class="lrlab-math-text">{"".join(parts)}</p>'


def typeset(text: str) -> str:
    """A formula section written the way LaTeX documents are: paragraphs separated by blank
    lines, ``$$…$$`` for a displayed formula, ``$…$`` inline. Returns the HTML, the formulas as
    MathML, followed by the whole source in a collapsed block (to copy). Raises
    `TypesetError` if there is no formula in it or one does not convert."""
    if "$" not in text:
        raise TypesetError(f"no formula in {text!r}: write it as Markdown instead")
    paragraphs = [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    body = "\n".join(_paragraph(p) for p in paragraphs)
    source = "\n\n".join(" ".join(p.split()) for p in paragraphs)
    return (
        f'<div class="lrlab-formula">{body}\n<details class="lrlab-tex"><summary>LaTeX source'
        f"</summary><pre><code>{html.escape(source)}</code></pre></details></div>"
    )
