"""Unit tests of lrlab.stability.width: the SP and muP nets, their Adam groups, the rate sweep."""

from __future__ import annotations

import math

import pytest
import torch

from lrlab.digits import load_data
from lrlab.stability import width


@pytest.fixture(scope="module")
def data():
    return load_data(0)


def _rates(groups):
    return {g["name"]: g["lr"] for g in groups}


@pytest.mark.parametrize(("w", "base"), [(64, 16), (16, 64), (48, 48)])
def test_the_groups_rates_follow_the_width_ratio(w, base):
    lr = 3e-3
    mup = _rates(width.param_groups(width.build_net(w, "muP", base, 0), lr, w, base, "muP"))
    sp = _rates(width.param_groups(width.build_net(w, "SP", base, 0), lr, w, base, "SP"))
    ratio = w / base
    assert set(mup) == set(sp) == set(width.GROUPS)
    assert all(rate == lr for rate in sp.values())
    assert mup["input weights"] == mup["biases"] == lr
    for name in ("hidden weights", "output weights"):
        assert mup[name] == pytest.approx(lr / ratio, rel=1e-12)
    if w > base:
        assert mup["hidden weights"] < lr


def test_every_parameter_is_in_exactly_one_group():
    net = width.build_net(32, "muP", 8, 0)
    groups = width.param_groups(net, 1e-3, 32, 8, "muP")
    ids = [id(p) for g in groups for p in g["params"]]
    assert len(ids) == len(set(ids))
    assert set(ids) == {id(p) for p in net.parameters()}
    torch.optim.Adam(groups)  # torch accepts them (it also rejects a parameter in two groups)


def test_adams_first_step_moves_each_group_by_its_own_rate(data):
    """Adam's first update of an entry is lr * g / (|g| + eps), so about lr where the gradient
    is not tiny: the largest change in each group is its rate, not the common one."""
    w, base, lr = 64, 16, 1e-2
    net = width.build_net(w, "muP", base, 0)
    groups = width.param_groups(net, lr, w, base, "muP")
    before = [[p.detach().clone() for p in g["params"]] for g in groups]
    opt = torch.optim.Adam(groups)
    torch.nn.functional.cross_entropy(net(data.x_train[:64]), data.y_train[:64]).backward()
    opt.step()
    for g, old in zip(groups, before, strict=True):
        pairs = zip(g["params"], old, strict=True)
        moved = max(float((p.detach() - o).abs().max()) for p, o in pairs)
        assert moved == pytest.approx(g["lr"], rel=1e-3), g["name"]


def test_at_the_base_width_sp_and_mup_are_the_same_net_trained_the_same_way(data):
    sp, mup = width.build_net(32, "SP", 32, 4), width.build_net(32, "muP", 32, 4)
    for (name, a), (_, b) in zip(sp.state_dict().items(), mup.state_dict().items(), strict=True):
        assert torch.equal(a, b), name
    kw = {"base_width": 32, "steps": 20, "seed": 4}
    assert width.train_loss(data, 32, 1e-2, scheme="SP", **kw) == width.train_loss(
        data, 32, 1e-2, scheme="muP", **kw
    )


def test_mup_shrinks_the_output_init_like_one_over_width_and_keeps_the_biases_scale():
    sp, mup = width.build_net(128, "SP", 32, 1), width.build_net(128, "muP", 32, 1)
    ratio = 128 / 32
    torch.testing.assert_close(mup[4].weight, sp[4].weight / math.sqrt(ratio))
    torch.testing.assert_close(mup[2].bias, sp[2].bias * math.sqrt(ratio))
    torch.testing.assert_close(mup[4].bias, sp[4].bias * math.sqrt(ratio))
    assert torch.equal(mup[0].weight, sp[0].weight)
    assert torch.equal(mup[2].weight, sp[2].weight)
    # nn.Linear's bound is 1/sqrt(fan_in): muP's output bound is 1/sqrt(base) * base/width
    assert float(mup[4].weight.detach().abs().max()) <= 1 / math.sqrt(32) * 32 / 128


def test_training_follows_the_seed(data):
    first = width.train_loss(data, 16, 1e-2, steps=15, seed=3)
    assert width.train_loss(data, 16, 1e-2, steps=15, seed=3) == first
    assert width.train_loss(data, 16, 1e-2, steps=15, seed=5) != first


def test_the_sweep_is_a_width_by_rate_grid_with_its_best_rates():
    rates = (1e-4, 1e-2, 1e-1)
    sp = width.rate_sweep((8, 24), rates, (0, 1, 2), "SP", 8)
    mup = width.rate_sweep((8, 24), rates, (0, 1, 2), "muP", 8)
    assert [[c.width for c in row] for row in sp.cells] == [[8] * 3, [24] * 3]
    assert [c.rate for c in sp.cells[0]] == list(rates)
    assert sp.base_width == 8
    assert sp.seeds == (0, 1, 2)
    assert sp.cells[0] == mup.cells[0]  # the base width: the two schemes coincide
    assert mup.cells[1] != sp.cells[1]
    for sweep in (sp, mup):
        for row, best in zip(sweep.cells, sweep.best, strict=True):
            for c in row:
                assert c.low <= c.mean <= c.high
                assert len(c.losses) == 3
            assert row[best.index].mean == min(c.mean for c in row)
            assert best.rate == rates[best.index]
            for s, rate in enumerate(best.per_seed):
                assert row[rates.index(rate)].losses[s] == min(c.losses[s] for c in row)
            assert best.clear == all(r == best.rate for r in best.per_seed)
            assert best.at_edge == (best.rate in (rates[0], rates[-1]))
        assert 1e-4 not in sweep.best_rates().values()  # 8 steps at 1e-4 barely move
        assert sweep.shift() == sweep.best[1].rate / sweep.best[0].rate


def test_the_tail_score_is_the_mean_of_the_last_quarter_of_the_runs_losses(data):
    final, losses = width.train_loss(data, 24, 1e-2, base_width=8, steps=12, seed=0)
    assert width.tail_loss(losses, 12) == pytest.approx(sum(losses[9:]) / 3)
    assert width.tail_loss(losses[:5], 12) == math.inf  # a run that stopped early
    assert width.tail_loss([*losses[:-1], math.nan], 12) == math.inf
    tail = width.rate_sweep((8, 24), (1e-2,), (0,), "SP", 12, score="tail")
    end = width.rate_sweep((8, 24), (1e-2,), (0,), "SP", 12, score="final")
    assert tail.cells[1][0].losses == (width.tail_loss(losses, 12),)
    assert end.cells[1][0].losses == (final,)
    assert (tail.score, end.score) == ("tail", "final")


@pytest.mark.parametrize(
    ("call", "bad"),
    [
        (lambda: width.build_net(0), "0"),
        (lambda: width.build_net(2.5), "2.5"),
        (lambda: width.build_net(True), "True"),
        (lambda: width.build_net(16, "mup"), "'mup'"),
        (lambda: width.build_net(16, "SP", -4), "-4"),
        (lambda: width.group_factors(16, 8, "NTK"), "'NTK'"),
        (lambda: width.param_groups(width.build_net(16), 1e-3, 32, 16, "SP"), "32"),
        (lambda: width.param_groups(width.build_net(16), -1.0, 16, 16, "SP"), "-1.0"),
        (lambda: width.rate_sweep((64, 16), (1e-3,), (0,)), "(64, 16)"),
        (lambda: width.rate_sweep((16, 0), (1e-3,), (0,)), "0"),
        (lambda: width.rate_sweep((16,), (1e-2, 1e-3), (0,)), "0.01"),
        (lambda: width.rate_sweep((16,), (float("nan"),), (0,)), "nan"),
        (lambda: width.rate_sweep((16,), (1e-3,), (0,), "muP", 0), "0"),
        (lambda: width.rate_sweep((16,), (1e-3,), ()), "seeds"),
        (lambda: width.rate_sweep((16,), (1e-3,), (0,), "sp"), "'sp'"),
        (lambda: width.rate_sweep((16,), (1e-3,), (0,), score="last"), "'last'"),
    ],
)
def test_bad_input_is_refused_naming_the_value(call, bad):
    with pytest.raises(ValueError, match=bad.replace("(", r"\(").replace(")", r"\)")):
        call()
