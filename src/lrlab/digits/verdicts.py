"""The sentences the second lesson's comparisons print, with `lrlab.compare`'s verdicts.

What range-test readings, schedules and batch-scaling rules did, in test images."""

from __future__ import annotations

from collections.abc import Sequence

from lrlab.digits.training import Run


def _images(count: int) -> str:
    return f"{count} test image{'' if count == 1 else 's'}"


def reading_verdicts(readings: dict[str, float], runs: dict[str, Run], images: int) -> list[str]:
    """What training at each range-test reading showed, as Markdown sentences: the best
    readings, what the lowest-loss reading did, and which came within 1 % of the best.
    ``readings`` maps a reading's name to its rate (one named "the lowest loss")."""
    top = max(run.test_acc for run in runs.values())
    best = [name for name, run in runs.items() if run.test_acc == top]

    def behind(name: str) -> int:
        return round((top - runs[name].test_acc) * images)

    said = [
        "**Best here:** "
        + " and ".join(f"{name} ({readings[name]:.3g})" for name in best)
        + f", with {top:.1%} of the {images} test images right."
    ]
    lowest = "the lowest loss"
    if lowest in runs and behind(lowest) > 0.05 * images:
        said.append(
            f"**The bottom of the curve is too far.** At the lowest-loss rate "
            f"({readings[lowest]:.3g}) the run gets {_images(behind(lowest))} more wrong than "
            f"the best ({runs[lowest].test_acc:.1%} right). That is where the short test's loss "
            "stopped falling, and training there for longer does not settle."
        )
    elif lowest in runs:
        said.append(
            f"**The bottom of the curve.** Here even the lowest-loss rate "
            f"({readings[lowest]:.3g}) trains, {_images(behind(lowest))} behind the best."
        )
    near = [name for name in runs if name not in best and behind(name) <= 0.01 * images]
    listed = ", ".join(f"{name} ({readings[name]:.3g})" for name in near)
    said.append(f"**Within 1 % of the best:** {listed or 'no other reading'}.")
    return said


def _pairs(count: int) -> str:
    return "one pair" if count == 1 else f"{count} pairs"


def schedule_verdicts(
    accuracy: dict[str, Sequence[float]], loss: dict[str, Sequence[float]], images: int
) -> list[str]:
    """What a comparison of schedules over the same seeds showed, as sentences whose verdicts
    are `lrlab.compare`'s (paired differences seed by seed, in test images): each schedule
    against ``"constant"``; then, among the others, each against the one with the best mean;
    last, which pairs of them (every pair, not only those shown) differ beyond the noise, or
    that none does."""
    from lrlab.compare import BETTER, NOISE, compare

    def mean(values: Sequence[float]) -> float:
        return sum(values) / len(values)

    unit = "test images"
    others = [name for name in accuracy if name != "constant"]
    against_constant = compare(accuracy, "constant", scale=images, unit=unit)
    said = [
        f"{against_constant.pair(name, 'constant').sentence()[:-1]}; mean test loss "
        f"{mean(loss[name]):.3f} against {mean(loss['constant']):.3f}."
        for name in others
    ]
    best = max(others, key=lambda name: mean(accuracy[name]))
    decays = {name: accuracy[name] for name in others}
    against_best = compare(decays, best, scale=images, unit=unit)
    said += [against_best.pair(name, best).sentence() for name in others if name != best]
    pairs = compare(decays, scale=images, unit=unit).pairs  # every pair of decays
    apart = [
        f"{pair.arm} ahead of {pair.reference}"
        if pair.verdict == BETTER
        else f"{pair.reference} ahead of {pair.arm}"
        for pair in pairs
        if pair.verdict != NOISE
    ]
    if apart:
        differ = "differs" if len(apart) == 1 else "differ"
        moral = (
            f"Of the {_pairs(len(pairs))} of decays, {len(apart)} {differ} beyond the seeds' "
            f"noise: {'; '.join(apart)}. {best} has the best mean."
        )
    else:
        moral = (
            f"{best} has the best mean of the decays, but none of the {_pairs(len(pairs))} of "
            "decays differs beyond the seeds' noise: these runs do not rank the decays."
        )
    said.append(moral)
    return said


def scaling_verdicts(
    label: str,
    accuracy: dict[str, Sequence[float]],
    reference: Sequence[float],
    images: int,
) -> list[str]:
    """What each batch-scaling rule did over the same seeds, as sentences whose verdicts are
    `lrlab.compare`'s: each rule (``accuracy``: per-seed test accuracy at a larger batch)
    against batch 32 at its base rate (``reference``: the same seeds), in test images. The
    first sentence sums up: which rules fell behind beyond the noise, and which were not
    shown behind; then each rule's paired comparison."""
    from lrlab.compare import WORSE, compare

    base = "batch 32"
    runs = {f"{rule} ({label})": values for rule, values in accuracy.items()}
    pairs = compare(runs | {base: reference}, base, scale=images, unit="test images").pairs
    verdicts = {rule: pair.verdict for rule, pair in zip(accuracy, pairs, strict=True)}
    behind = [rule for rule, verdict in verdicts.items() if verdict == WORSE]
    kept = [rule for rule, verdict in verdicts.items() if verdict != WORSE]
    summary = [
        f"behind {base} beyond the seeds' noise: {', '.join(behind) or 'no rule'}",
        f"not shown behind it: {', '.join(kept) or 'no rule'}",
    ]
    return [f"{label}: {'; '.join(summary)}.", *(pair.sentence() for pair in pairs)]
