"""Comparisons of arms run on the same seeds, words included.

A page that names a winner must not claim more than its runs show. This module takes the
per-seed results of two or more arms (schedules, rates, rules) run on the same seeds and
returns, for each arm against a reference, the paired differences seed by seed, how many seeds
each wins, the mean gain with its 95 % interval, and a verdict; a snippet prints the verdict's
sentence, so the words come from the numbers the way the numbers come from the runs.

The rule (one rule, everywhere):

* The yardstick is the **paired difference**: for seed *i*, ``d_i = arm_i - reference_i``
  (in ``unit``\\ s after multiplying by ``scale``: test images, say). Both arms saw the same
  split, initial weights and batches on that seed, so how hard a seed is cancels out; an
  unpaired spread (best seed minus worst seed of one arm) would count it as noise.
* The mean gain ``m`` of the ``n`` differences has the 95 % interval ``m ± t * s / sqrt(n)``
  (``s`` their standard deviation, ``t`` Student's 97.5 % quantile with ``n - 1`` degrees of
  freedom).
* The arm is **better** when the whole interval lies above zero (below zero, if lower is
  better), **worse** when it lies on the other side, and **within noise** otherwise. Fewer
  than three seeds are always within noise: two seeds cannot say how much a seed moves.
* The sentence gives the count of seeds either way ("within noise (ahead on 4 of 5 seeds,
  behind on 1)"), since a reader should see it; the verdict is the interval's, not the
  count's.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

BETTER, WORSE, NOISE = "better", "worse", "within noise"
MIN_SEEDS = 3
"""Fewer seeds than this are within noise whatever they show."""


class ClaimError(ValueError):
    """A sentence typed on a page says more (or other) than the comparison shows."""


def _t(df: int) -> float:
    """Student's t 97.5 % quantile for ``df`` degrees of freedom (two-sided 95 %)."""
    from scipy.stats import t

    return float(t.ppf(0.975, df))


@dataclass(frozen=True)
class Paired:
    """One arm against the reference, seed by seed."""

    arm: str
    reference: str
    differences: tuple[float, ...]  # arm minus reference, per seed, in units
    higher_is_better: bool = True
    unit: str = ""

    @property
    def n(self) -> int:
        return len(self.differences)

    @property
    def wins(self) -> int:
        sign = 1 if self.higher_is_better else -1
        return sum(sign * d > 0 for d in self.differences)

    @property
    def losses(self) -> int:
        sign = 1 if self.higher_is_better else -1
        return sum(sign * d < 0 for d in self.differences)

    @property
    def mean(self) -> float:
        return sum(self.differences) / self.n

    @property
    def sd(self) -> float:
        if self.n < 2:
            return math.nan
        mean = self.mean
        return math.sqrt(sum((d - mean) ** 2 for d in self.differences) / (self.n - 1))

    @property
    def interval(self) -> tuple[float, float]:
        """The 95 % interval of the mean difference (NaN with fewer than two seeds)."""
        if self.n < 2:
            return math.nan, math.nan
        half = _t(self.n - 1) * self.sd / math.sqrt(self.n)
        return self.mean - half, self.mean + half

    @property
    def verdict(self) -> str:
        """`BETTER`, `WORSE` or `NOISE` by the rule of the module."""
        if self.n < MIN_SEEDS:
            return NOISE
        low, high = self.interval
        if low > 0:
            return BETTER if self.higher_is_better else WORSE
        if high < 0:
            return WORSE if self.higher_is_better else BETTER
        return NOISE

    def _number(self, value: float) -> str:
        """A mean or an interval end: tenths of a counted unit, three significant digits of
        a bare measure (a loss), so a small interval never prints as "-0.0 to +0.0"."""
        return f"{value:+.1f}" if self.unit else f"{value:+.3g}"

    def _amount(self, value: float) -> str:
        return f"{self._number(value)} {self.unit}" if self.unit else self._number(value)

    def sentence(self) -> str:
        """The comparison in words, verdict first: ``OneCycle against WSD: better (ahead on 5
        of 5 seeds, behind on 0); seed by seed +2, +3, +1, +4, +2 test images (mean +2.4 test
        images, 95 % interval +0.9 to +3.9).`` Only `BETTER` and `WORSE` name a winner."""
        seeds = ", ".join(f"{d:+.0f}" if self.unit else f"{d:+.3g}" for d in self.differences)
        unit = f" {self.unit}" if self.unit else ""
        low, high = self.interval
        interval = f"95 % interval {self._number(low)} to {self._number(high)}"
        spread = (
            f"mean {self._amount(self.mean)}, {interval}"
            if self.n >= 2
            else f"one seed: {self._amount(self.mean)}"
        )
        tally = f"ahead on {self.wins} of {self.n} seeds, behind on {self.losses}"
        said = f"{self.verdict} ({tally})"  # "within noise (ahead on 4 of 5 seeds, ...)"
        return (
            f"{self.arm} against {self.reference}: {said}; seed by seed {seeds}{unit} ({spread})."
        )


@dataclass(frozen=True)
class Comparison:
    """Every arm of ``results`` against ``reference``, each `Paired`."""

    pairs: tuple[Paired, ...]

    def pair(self, arm: str, reference: str) -> Paired:
        for pair in self.pairs:
            if (pair.arm, pair.reference) == (arm, reference):
                return pair
            if (pair.arm, pair.reference) == (reference, arm):
                flipped = tuple(-d for d in pair.differences)
                return Paired(arm, reference, flipped, pair.higher_is_better, pair.unit)
        raise KeyError(f"no comparison of {arm!r} with {reference!r}")

    def sentences(self) -> list[str]:
        return [pair.sentence() for pair in self.pairs]

    def claim(self, arm: str, says: str, reference: str) -> str:
        """Check a verdict a page states in its own words (``says``: "better", "worse" or
        "within noise") against the runs; return the pair's sentence, or raise `ClaimError`
        naming what the runs show, so the block (and the build) fails at the claim's line."""
        pair = self.pair(arm, reference)
        if says not in (BETTER, WORSE, NOISE):
            raise ClaimError(f"a claim says {BETTER!r}, {WORSE!r} or {NOISE!r}, not {says!r}")
        if pair.verdict != says:
            raise ClaimError(
                f"the page says {arm} is {says} against {reference}, but the runs say "
                f"{pair.verdict}: {pair.sentence()}"
            )
        return pair.sentence()


def compare(
    results: Mapping[str, Sequence[float]],
    reference: str | None = None,
    *,
    scale: float = 1.0,
    unit: str = "",
    higher_is_better: bool = True,
) -> Comparison:
    """Each arm of ``results`` (per-seed values, the same seeds in the same order for every
    arm) against ``reference`` (by default, every pair of arms in order). ``scale`` turns a
    difference into ``unit``\\ s (the test set's size turns accuracy into test images)."""
    lengths = {len(values) for values in results.values()}
    if len(lengths) != 1:
        raise ValueError(f"every arm needs a result per seed, got {sorted(lengths)} results")
    names = list(results)
    if reference is not None and reference not in results:
        raise KeyError(f"no arm named {reference!r} among {names}")

    def paired(arm: str, ref: str) -> Paired:
        differences = tuple(
            (a - b) * scale for a, b in zip(results[arm], results[ref], strict=True)
        )
        return Paired(arm, ref, differences, higher_is_better, unit)

    if reference is not None:
        pairs = [paired(arm, reference) for arm in names if arm != reference]
    else:
        pairs = [paired(a, b) for i, a in enumerate(names) for b in names[i + 1 :]]
    return Comparison(tuple(pairs))
