"""`lrlab.compare`: paired comparisons over seeds, and the words a page may use for them."""

from __future__ import annotations

import random

import pytest
from scipy.stats import ttest_rel

from lrlab.compare import BETTER, NOISE, WORSE, ClaimError, compare

IMAGES = 359


def test_pairing_cancels_how_hard_each_seed_is():
    """Seeds differ by far more than the arms do, but one arm is ahead on every seed by about
    the same amount: paired, that is a clear lead an unpaired spread would call noise."""
    hard = [0.80, 0.95, 0.88, 0.91, 0.84]
    gains = [2, 3, 2, 3, 2]
    results = {
        "reference": hard,
        "arm": [h + g / IMAGES for h, g in zip(hard, gains, strict=True)],
    }
    pair = compare(results, "reference", scale=IMAGES, unit="test images").pair("arm", "reference")
    assert [round(d) for d in pair.differences] == gains
    assert (pair.wins, pair.losses) == (5, 0)
    assert pair.verdict == BETTER
    assert pair.sentence().startswith("arm against reference: better (ahead on 5 of 5 seeds")
    assert "+2, +3, +2, +3, +2 test images" in pair.sentence()
    flipped = compare(results, scale=IMAGES).pair("reference", "arm")
    assert flipped.verdict == WORSE


def test_wins_on_most_seeds_are_not_enough_when_the_interval_crosses_zero():
    results = {"a": [0.90, 0.91, 0.92, 0.93, 0.94], "b": [0.89, 0.90, 0.91, 0.92, 0.99]}
    pair = compare(results, "b", scale=IMAGES, unit="test images").pair("a", "b")
    assert pair.wins == 4
    assert pair.verdict == NOISE
    assert "within noise (ahead on 4 of 5 seeds, behind on 1)" in pair.sentence()
    assert "better" not in pair.sentence()


def test_fewer_than_three_seeds_are_always_noise():
    pair = compare({"a": [0.9, 0.95], "b": [0.5, 0.55]}, "b").pair("a", "b")
    assert pair.verdict == NOISE


def test_lower_is_better_turns_the_verdict():
    losses = {"a": [0.10, 0.12, 0.11, 0.13], "b": [0.20, 0.21, 0.22, 0.23]}
    pair = compare(losses, "b", higher_is_better=False).pair("a", "b")
    assert pair.wins == 4
    assert pair.verdict == BETTER


@pytest.mark.parametrize("seed", range(40))
def test_the_verdict_agrees_with_a_paired_t_test(seed):
    """The interval excludes zero exactly when scipy's paired t-test rejects equal means at
    5 %: the rule is the textbook one, computed independently."""
    rng = random.Random(seed)
    n = rng.randint(3, 10)
    base = [rng.uniform(0.8, 0.95) for _ in range(n)]
    shift = rng.uniform(-0.01, 0.01)
    arm = [b + shift + rng.gauss(0, 0.01) for b in base]
    pair = compare({"arm": arm, "base": base}, "base").pair("arm", "base")
    significant = ttest_rel(arm, base).pvalue < 0.05
    assert (pair.verdict != NOISE) == significant


def test_a_claim_the_runs_do_not_back_is_refused_with_what_they_show():
    results = {
        "OneCycle": [0.976, 0.97, 0.98, 0.975, 0.972],
        "WSD": [0.97, 0.975, 0.97, 0.978, 0.97],
    }
    comparison = compare(results, "WSD", scale=IMAGES, unit="test images")
    with pytest.raises(
        ClaimError, match=r"says OneCycle is better against WSD, but the runs say within noise"
    ):
        comparison.claim("OneCycle", BETTER, "WSD")
    assert comparison.claim("OneCycle", NOISE, "WSD").startswith(
        "OneCycle against WSD: within noise"
    )
    with pytest.raises(ClaimError, match="not 'wins'"):
        comparison.claim("OneCycle", "wins", "WSD")


def test_arms_need_the_same_seeds():
    with pytest.raises(ValueError, match="a result per seed"):
        compare({"a": [1.0, 2.0, 3.0], "b": [1.0, 2.0]})


CLAIMS_PAGE = """\
# Claims

```python exec="1" result="text" id="backed"
from lrlab.compare import compare

runs = {"cosine": [0.97, 0.96, 0.98, 0.95, 0.97], "constant": [0.95, 0.94, 0.96, 0.93, 0.95]}
print(compare(runs, "constant").claim("cosine", "better", "constant"))
```

```python exec="1" result="text" id="overclaimed"
from lrlab.compare import compare

runs = {"OneCycle": [0.976, 0.97, 0.98, 0.975, 0.972], "WSD": [0.97, 0.975, 0.97, 0.978, 0.97]}
print("OneCycle beats WSD.")
compare(runs, "WSD").claim("OneCycle", "better", "WSD")
```
"""


@pytest.mark.build
def test_a_page_that_names_a_winner_inside_the_noise_fails_at_its_line(tmp_path):
    """The block that claims more than its runs show fails the build at its page and line,
    saying what the runs show; the block whose claim holds, and every other page, build."""
    from conftest import run_build
    from test_engine import failure_of, make_site

    pages = {
        "claims.md": CLAIMS_PAGE,
        "fine.md": '# Fine\n\n```python exec="1" result="text"\nprint("built")\n```\n',
    }
    # a limit no busy machine reaches: the failure asserted is the claim's, never a timeout
    root = make_site(tmp_path, pages, {}, timeout=30)
    result = run_build(root, root / "site", "--strict")
    assert result.returncode != 0
    failed = failure_of(result.stderr, "claims.md", CLAIMS_PAGE, "overclaimed")
    assert "[overclaimed] Exception" in failed
    assert "ClaimError: the page says OneCycle is better against WSD" in failed
    assert "but the runs say within noise" in failed
    assert "[backed]" not in result.stderr
    page = (root / "site/claims/index.html").read_text(encoding="utf-8")
    assert "cosine against constant: better (ahead on 5 of 5 seeds" in page
    assert "built" in (root / "site/fine/index.html").read_text(encoding="utf-8")


def test_a_small_interval_of_a_bare_measure_is_printed_to_its_own_digits():
    """Losses differ in their third decimal: the sentence's interval is the computed one to
    three significant digits, never rounded away to "-0.0 to +0.0"."""
    reference = [0.52, 0.49, 0.55, 0.51]
    arm = [r + d for r, d in zip(reference, [0.011, -0.004, 0.019, 0.007], strict=True)]
    pair = compare({"ref": reference, "arm": arm}, higher_is_better=False).pair("arm", "ref")
    low, high = pair.interval
    assert f"95 % interval {low:+.3g} to {high:+.3g})" in pair.sentence()
    assert f"{low:+.1f}" == "-0.0"  # what one decimal used to print
