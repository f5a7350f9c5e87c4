"""`lrlab.stability.said`: the words the stability pages print are chosen by the runs given.

The runs here are built by hand (a sharpness trace is a list of numbers), so each branch of a
sentence is reached on purpose and checked against the numbers that should choose it."""

from __future__ import annotations

import pytest

from lrlab.stability.batch import BatchResult, BatchSweep
from lrlab.stability.said import doublings, edge_sentences
from lrlab.stability.sharpness import SharpnessTrace

STEPS = 100


def trace(lr: float, ratios: list[float], seed: int, rises: int = 0) -> SharpnessTrace:
    """A run whose sharpness is ``ratios`` x 2 / lr at steps 0, 10, 20, ...; its loss halves
    over the run and rises on ``rises`` steps."""
    losses = [1.0 - 0.5 * i / STEPS for i in range(STEPS + 1)]
    for i in range(1, 2 * rises, 2):
        losses[i] = losses[i - 1] + 0.01
    return SharpnessTrace(
        lr=lr,
        steps=STEPS,
        losses=losses,
        sharpness_steps=[10 * k for k in range(len(ratios))],
        sharpness=[r * 2 / lr for r in ratios],
        iterations=[10] * len(ratios),
        diverged=False,
        seed=seed,
    )


def test_a_rate_that_reaches_the_edge_early_and_hovers_above_it_is_said_to_stay_near_it():
    runs = [trace(0.2, [0.5, 0.8, 0.97, 1.1, 1.05, 1.1, 1.08, 1.12, 1.1, 1.06, 1.1], s, 30)
            for s in range(3)]  # fmt: skip
    rise, reach, loss = edge_sentences({0.2: runs})
    assert "rises on every seed" in rise
    assert "by step 20, then stays near it" in reach
    assert "above 2 / lr on every seed" in reach
    assert loss.startswith("The loss rises on 30 (30 to 30) of 100 steps")


def test_a_rate_that_reaches_the_edge_late_is_said_to_be_too_late_to_judge():
    runs = [trace(0.1, [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.96, 1.0, 1.02], s)
            for s in range(2)]  # fmt: skip
    _, reach, loss = edge_sentences({0.1: runs})
    assert "only late, by step 80 of 100" in reach
    assert loss.startswith("The loss falls on every step")


def test_a_rate_that_never_reaches_the_edge_says_so_with_each_seeds_first_step():
    runs = [trace(0.1, [0.3, 0.5, 0.9, 0.96], 0), trace(0.1, [0.3, 0.4, 0.5, 0.6], 1)]
    _, reach, _ = edge_sentences({0.1: runs})
    assert reach.startswith("It does not reach 0.95 of 2 / lr on every seed")
    assert "(seed by seed: step 30, never)" in reach


def result(batch: int, losses: dict[float, tuple[float, ...]]) -> BatchResult:
    best = min(losses, key=lambda r: sum(losses[r]))
    return BatchResult(batch, 512 // batch, losses, losses, best, (best,) * 3, (), False)


def test_the_bend_is_the_first_doubling_worse_at_its_own_best_rate():
    rates = (0.1, 0.2, 0.4, 0.8)
    worst = (2.0,) * 3
    sweep = BatchSweep(
        512,
        rates,
        (0, 1, 2),
        0.0,
        (
            result(8, {0.1: (1.0, 1.1, 1.2), 0.2: (0.5, 0.6, 0.7), 0.4: (0.9,) * 3, 0.8: worst}),
            # batch 16 at 0.4 (twice 8's best) as good as batch 8 at 0.2: scaling holds
            result(16, {0.1: (1.5,) * 3, 0.2: (0.8,) * 3, 0.4: (0.49, 0.61, 0.69), 0.8: worst}),
            # batch 32 worse than batch 16 on every seed, even at its own best: the bend
            result(32, {0.1: (2.0,) * 3, 0.2: (0.9, 1.0, 1.1), 0.4: (1.3,) * 3, 0.8: worst}),
            result(64, {0.1: (2.0,) * 3, 0.2: (1.0,) * 3, 0.4: (1.5,) * 3, 0.8: worst}),
        ),
    )
    sentences, held, bend = doublings(sweep)
    assert held == ["8 to 16"]
    assert bend == (16, 32)
    assert not any("batch 64" in s for s in sentences)  # nothing compared past the bend
    assert any(s.startswith("batch 32 at its best 0.2 against batch 16 at 0.4: worse")
               for s in sentences)  # fmt: skip


def test_edge_sentences_refuse_a_diverged_run():
    runs = [trace(0.2, [0.5, 1.0], 0)]
    broken = SharpnessTrace(**{**runs[0].__dict__, "diverged": True})
    with pytest.raises(ValueError, match="diverged"):
        edge_sentences({0.2: [broken]})
