"""lrlab.mathml: LaTeX typeset to MathML at build time, or the build fails."""

from __future__ import annotations

import re

import pytest

from lrlab.mathml import TypesetError, breakable, mathml, typeset


def test_a_formula_becomes_mathml_with_its_source_kept():
    out = mathml(r"\mathrm{lr}_t = \gamma^{t}", display=True)
    assert out.startswith("<math ")
    assert 'display="block"' in out
    assert r'alttext="\mathrm{lr}_t = \gamma^{t}"' in out
    assert "<msub>" in out
    assert "<msup>" in out
    assert "\\" not in re.sub(r'alttext="[^"]*"', "", out), "no LaTeX command left in the markup"


@pytest.mark.parametrize(
    "latex", [r"\notacommand x", r"\begin{aligned} a &= b \end{aligned}", "  "]
)
def test_what_does_not_convert_fails(latex):
    with pytest.raises(TypesetError):
        mathml(latex)


def test_typeset_mixes_text_inline_and_displayed_formulas_and_escapes_text():
    out = typeset("If $a < b$ then `x<y` is *true* & fine:\n\n$$ a = b $$\n")
    assert out.count("<math ") == 3, "the inline a < b in two pieces, the displayed one whole"
    assert 'display="inline"' in out
    assert 'display="block"' in out
    assert "<code>x&lt;y</code>" in out
    assert "<em>true</em>" in out
    assert "&amp; fine" in out
    source = re.search(r"<pre><code>(.*?)</code></pre>", out, re.S).group(1)
    assert source == "If $a &lt; b$ then `x&lt;y` is *true* &amp; fine:\n\n$$ a = b $$"


def test_typeset_needs_a_formula_and_displayed_formulas_stand_alone():
    with pytest.raises(TypesetError, match="no formula"):
        typeset("plain words")
    with pytest.raises(TypesetError, match="paragraph of its own"):
        typeset("text $$ a = b $$ more text")


@pytest.mark.parametrize(
    ("latex", "pieces"),
    [
        (r"\eta_t = \frac{a+b}{2} + c", [r"\eta_t =", r"\frac{a+b}{2} +", "c"]),
        (r"-x \le (a + b)", [r"-x \le", "(a + b)"]),
        (r"x_{t+1}", [r"x_{t+1}"]),
    ],
)
def test_an_inline_formula_breaks_after_relations_and_operators_outside_brackets(latex, pieces):
    assert breakable(latex) == pieces


def test_a_long_inline_formula_becomes_one_math_element_per_piece():
    out = typeset(r"So $\eta_t = \eta_0 \cdot \gamma^{t}$ here.")
    assert out.count("<math ") == 3
    assert 'alttext="\\eta_t ="' in out
