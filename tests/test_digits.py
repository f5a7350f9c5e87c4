"""Unit tests of lrlab.digits, the second lesson's task, loops and verdicts."""

from __future__ import annotations

import math

import pytest
import torch

from lrlab import digits


@pytest.fixture(scope="module")
def data():
    return digits.load_data(0)


def test_the_split_uses_every_bundled_image_once_and_follows_the_seed(data):
    from sklearn.datasets import load_digits

    rows = len(load_digits().target)
    assert len(data.y_train) + len(data.y_test) == rows
    assert len(data.y_test) == round(rows * digits.TEST_SHARE)
    assert data.x_train.shape[1] == digits.PIXELS
    assert float(data.x_train.max()) <= 1.0
    again = digits.load_data(0)
    assert torch.equal(again.x_test, data.x_test)
    other = digits.load_data(1)
    assert not torch.equal(other.y_test, data.y_test)


def test_loading_the_data_leaves_the_global_random_state_alone():
    torch.manual_seed(5)
    expected = torch.rand(3)
    torch.manual_seed(5)
    digits.load_data(3)
    assert torch.equal(torch.rand(3), expected)


def test_every_epoch_of_the_loader_is_a_seeded_permutation_in_batches(data):
    loader = digits.train_loader(data, 32)
    epochs = [list(loader) for _ in range(2)]
    for batches in epochs:
        assert len(batches) == data.steps_per_epoch(32)
        assert {len(y) for _, y in batches[:-1]} == {32}
        images = torch.cat([x for x, _ in batches])
        assert torch.equal(images.sum(0), data.x_train.sum(0))  # each image once
        assert sorted(torch.cat([y for _, y in batches]).tolist()) == sorted(data.y_train.tolist())
    assert not torch.equal(epochs[0][0][0], epochs[1][0][0])  # a new order each epoch
    again = list(digits.train_loader(data, 32))
    assert torch.equal(again[0][0], epochs[0][0][0])
    other = list(digits.train_loader(data, 32, seed=data.seed + 1))
    assert not torch.equal(other[0][0], epochs[0][0][0])


def test_our_range_test_is_torch_lr_finders_step_for_step(data):
    ours = digits.range_test(data, steps=30)
    theirs = digits.lr_finder_range_test(data, steps=30)
    assert ours.rates == theirs.rates
    assert ours.smoothed == theirs.smoothed
    assert ours.stopped == theirs.stopped
    assert ours.rates[0] == pytest.approx(1e-4)
    assert ours.rates[-1] == pytest.approx(10.0)


def test_the_range_test_stops_once_the_loss_diverges(data):
    test = digits.range_test(data, start_lr=1.0, end_lr=1e4, steps=60)
    assert test.stopped
    assert len(test.rates) < 60
    assert test.smoothed[-1] > 5 * min(test.smoothed)
    assert test.steepest() <= test.lowest()


def test_a_run_records_every_step_and_its_schedule(data):
    run = digits.train(data, 0.1, steps=20, schedule=digits.SCHEDULES["cosine"])
    assert run.steps == 20
    assert run.rates[0] == pytest.approx(0.1)
    assert all(b <= a for a, b in zip(run.rates, run.rates[1:], strict=False))
    assert 0.0 <= run.test_acc <= 1.0
    assert not run.diverged
    assert len(run.smoothed(5)) == 20


def test_a_diverging_run_stops_and_says_so(data):
    run = digits.train(data, 1e30, steps=200)
    assert run.diverged
    assert run.steps < 200
    assert not math.isfinite(run.losses[-1])


def test_a_schedule_free_run_is_scored_in_eval_mode(data):
    run = digits.train(data, 0.3, steps=60, optimizer="SGD schedule-free")
    assert digits.is_schedule_free(run.optimizer)
    assert (run.test_loss, run.test_acc) == digits.evaluate(run.model, data.x_test, data.y_test)
    run.optimizer.train()
    assert digits.evaluate(run.model, data.x_test, data.y_test)[0] != run.test_loss


def test_unknown_names_list_the_known_ones(data):
    with pytest.raises(ValueError, match="SGD, Adam"):
        digits.train(data, 0.1, steps=1, optimizer="sgd")
    with pytest.raises(ValueError, match="constant, step, cosine"):
        digits.schedule_named("linear")


@pytest.mark.parametrize(("total", "warmup"), [(100, 0), (100, 10), (7, 2)])
def test_wsd_warms_up_holds_and_cools_down_to_zero(total, warmup):
    factors = [digits.wsd_factor(s, total, warmup=warmup) for s in range(total + 1)]
    if warmup:
        assert factors[0] == pytest.approx(1 / (warmup + 1))
        assert factors[:warmup] == sorted(factors[:warmup])
    assert max(factors) == 1.0
    peak = factors.index(1.0)
    assert all(b <= a for a, b in zip(factors[peak:], factors[peak + 1 :], strict=False))
    assert factors[total] == 0.0
    cooling = sum(1 for f in factors[peak:] if f < 1.0)
    assert cooling == max(1, round(total * 0.2))


def test_warmup_reaches_the_peak_after_its_steps():
    from lrlab.training import lr_schedule

    rates = lr_schedule(lambda opt: digits.warmup(4)(opt, 20), 8, lr=0.5)
    assert rates[0] == pytest.approx(0.5 / 5)
    assert rates[4:] == pytest.approx([0.5] * 4)


def test_cooldowns_branch_off_one_constant_run(data):
    branches, trained = digits.branch_cooldowns(data, 0.1, [20, 50, 40])
    assert [b.total for b in branches] == [20, 40, 50]
    assert [b.length for b in branches] == [4, 8, 10]
    assert trained == branches[-1].at + sum(b.length for b in branches)
    assert trained < sum(b.total for b in branches)
    # two budgets with the same branch point are two branches, not one
    twins, _ = digits.branch_cooldowns(data, 0.1, [13, 12])
    assert [(b.at, b.total) for b in twins] == [(10, 12), (10, 13)]


def test_the_main_run_of_the_branches_sees_one_runs_batches(data):
    """Training in pieces (as the branches' main run does) is training in one go."""
    whole = digits.train(data, 0.1, steps=70)
    model = digits.build_mlp(data.seed)
    optimizer = digits.make_optimizer("SGD", model.parameters(), 0.1)
    batches = digits.epochs_of(digits.train_loader(data))
    losses = []
    for piece in (30, 40):  # 45 batches an epoch: the cut falls inside the first
        losses += digits._loop(model, optimizer, None, batches, piece)[1]
    assert losses == whole.losses


def test_round_rate_keeps_one_significant_digit():
    assert digits.round_rate(0.272) == 0.3
    assert digits.round_rate(0.0272) == 0.03
    assert digits.round_rate(1.75) == 2
    with pytest.raises(ValueError, match="positive"):
        digits.round_rate(0.0)


def _run(acc):
    return digits.Run([0.1], [1.0], 0.5, acc, False, 0)


def test_reading_verdicts_name_the_best_and_judge_the_bottom():
    readings = {"low": 0.01, "mid": 0.1, "the lowest loss": 1.0}
    runs = {"low": _run(0.90), "mid": _run(0.95), "the lowest loss": _run(0.20)}
    said = digits.reading_verdicts(readings, runs, images=100)
    assert said[0].startswith("**Best here:** mid (0.1)")
    assert "too far" in said[1]
    assert "75 test images more wrong" in said[1]
    assert said[2] == "**Within 1 % of the best:** no other reading."
    runs["the lowest loss"] = _run(0.95)
    said = digits.reading_verdicts(readings, runs, images=100)
    assert "mid (0.1) and the lowest loss (1)" in said[0]


def test_schedule_verdicts_are_the_paired_comparisons():
    """Each decay against constant seed by seed, then against the best decay; a winner is
    named only where `lrlab.compare` says better or worse, never by a gap in the means."""
    from lrlab.compare import compare

    accuracy = {
        "constant": [0.90, 0.92, 0.91, 0.93],
        "a": [0.95, 0.93, 0.96, 0.97],
        "b": [0.96, 0.94, 0.95, 0.96],
    }
    loss = {name: [0.1] * 4 for name in accuracy}
    said = digits.schedule_verdicts(accuracy, loss, images=100)
    against = compare(accuracy, "constant", scale=100, unit="test images")
    assert said[0].startswith(against.pair("a", "constant").sentence()[:-1])
    assert "+5, +1, +5, +4 test images" in said[0]
    among = compare(accuracy, "a", scale=100, unit="test images")
    assert said[2] == among.pair("b", "a").sentence()
    assert said[-1].endswith(
        "none of the one pair of decays differs beyond the seeds' noise: "
        "these runs do not rank the decays."
    )  # equal means
    accuracy["b"] = [0.80, 0.81, 0.79, 0.80]
    said = digits.schedule_verdicts(accuracy, loss, images=100)
    assert said[-1].startswith(
        "Of the one pair of decays, 1 differs beyond the seeds' noise: a ahead of b."
    )
    accuracy |= {"c": [0.95, 0.93, 0.96, 0.97], "d": [0.96, 0.94, 0.95, 0.96]}
    loss = {name: [0.1] * 4 for name in accuracy}
    said = digits.schedule_verdicts(accuracy, loss, images=100)  # b behind a, c and d
    assert said[-1].startswith("Of the 6 pairs of decays, 3 differ beyond the seeds' noise: ")
    assert "a ahead of b; " in said[-1]
    assert "d ahead of b" in said[-1]


def test_scaling_verdicts_name_the_rules_behind_beyond_the_noise():
    reference = [0.95, 0.96, 0.94, 0.95]
    accuracy = {"same": [0.85, 0.86, 0.84, 0.86], "linear": [0.96, 0.95, 0.95, 0.94]}
    said = digits.scaling_verdicts("SGD, batch 512", accuracy, reference, images=100)
    assert said[0] == (
        "SGD, batch 512: behind batch 32 beyond the seeds' noise: same; "
        "not shown behind it: linear."
    )
    assert said[1].startswith("same (SGD, batch 512) against batch 32: worse (ahead on 0 of 4")
    assert said[2].startswith("linear (SGD, batch 512) against batch 32: within noise")
