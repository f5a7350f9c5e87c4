"""lrlab.stability.warmup: Adam's sign-like first step, the warm-up's first rate, RAdam's
documented first steps replayed by hand, determinism by seed, and bad input."""

from __future__ import annotations

import itertools
import math

import pytest
import torch
from torch import nn

from lrlab.digits import build_mlp, load_data, train_loader
from lrlab.stability.warmup import (
    ADAM,
    METHODS,
    RADAM,
    WARMUP,
    first_updates,
    rectification,
    warmup_outcomes,
)

EPS = 1e-8  # torch.optim.Adam's and RAdam's default eps
BETAS = (0.9, 0.999)  # their default betas


def _batches(seed: int, count: int) -> list[tuple[torch.Tensor, torch.Tensor]]:
    loader = iter(train_loader(load_data(seed), seed=seed))
    return [next(loader) for _ in range(count)]


def _first_grad(seed: int) -> list[torch.Tensor]:
    """The gradient of the first batch's loss at the initial weights, computed here."""
    model = build_mlp(seed)
    x, y = _batches(seed, 1)[0]
    nn.functional.cross_entropy(model(x), y).backward()
    return [p.grad.double() for p in model.parameters()]


def test_adam_first_step_moves_every_parameter_by_about_lr_whatever_its_gradient():
    lr = 0.01
    trace = first_updates(lr, steps=1, seed=0)[ADAM]
    grads = _first_grad(0)
    for got, want in zip(trace.first_grad, grads, strict=True):
        torch.testing.assert_close(got, want)
    for delta, g in zip(trace.first_update, grads, strict=True):
        # m̂ = g and v̂ = g² at step 1, so the step is -lr * g / (|g| + eps)
        expected = -lr * g / (g.abs() + EPS)
        torch.testing.assert_close(delta, expected, rtol=1e-5, atol=lr * 1e-5)
        large = g.abs() > 100 * EPS
        assert bool((delta[large].abs() >= 0.99 * lr).all())
        assert bool((delta.abs() <= lr * (1 + 1e-5)).all())
    nonzero = torch.cat([g[g != 0].abs() for g in grads])
    assert float(nonzero.max() / nonzero.min()) > 100  # gradients span orders of magnitude...
    low, high = trace.first_step_ratios()
    assert 0.9 < low <= high <= 1 + 1e-5  # ...the first step does not
    moved = sum(float((lr * g.abs() / (g.abs() + EPS)).pow(2).sum()) for g in grads)
    assert trace.update_norms[0] == pytest.approx(math.sqrt(moved), rel=1e-5)


def test_warmup_starts_at_start_factor_times_lr_and_ramps_linearly():
    lr, factor, ramp = 0.2, 0.25, 4
    traces = first_updates(lr, steps=7, warmup_steps=ramp, start_factor=factor, seed=1)
    rates = traces[WARMUP].rates  # read from the optimizer's param group before each step
    assert rates[0] == pytest.approx(factor * lr, rel=1e-12)
    # LinearLR's documented factor: start + (1 - start) * k / total_iters, then 1
    expected = [lr * (factor + (1 - factor) * min(k, ramp) / ramp) for k in range(7)]
    assert rates == pytest.approx(expected, rel=1e-9)
    assert traces[ADAM].rates == [lr] * 7
    assert traces[RADAM].rates == [lr] * 7
    low, high = traces[WARMUP].first_step_ratios()
    assert 0.9 * factor < low <= high <= factor * (1 + 1e-5)
    assert traces[WARMUP].update_norms[0] < traces[ADAM].update_norms[0]
    default = first_updates(lr, steps=1, warmup_steps=9, seed=1)[WARMUP]
    assert default.rates[0] == pytest.approx(lr / 10, rel=1e-12)  # 1 / (warmup_steps + 1)


def test_rectification_follows_its_definition():
    rhos, rs = zip(*(rectification(t) for t in range(1, 2000)), strict=True)
    assert all(a < b for a, b in itertools.pairwise(rhos))  # rho_t rises with t
    assert rhos[0] == pytest.approx(1.0)  # rho_1 = rho_inf - 2 beta2 / (1 - beta2) = 1
    rectified = [r for r in rs if r is not None]
    assert rs.index(rectified[0]) == sum(rho <= 5 for rho in rhos)  # None exactly while <= 5
    assert all(0 < a < b < 1 for a, b in itertools.pairwise(rectified))
    assert rectification(10**6)[1] == pytest.approx(1.0, abs=1e-3)  # r_t -> 1


def test_radam_first_steps_are_momentum_sgd_then_rectified_adam_replayed_by_hand():
    """PyTorch's RAdam: while rho_t <= 5 the step is lr * m̂_t (no second moment); after it,
    lr * r_t * m̂_t * sqrt(1 - beta2^t) / (sqrt(v_t) + eps). Replayed here from scratch."""
    lr, seed = 0.05, 2
    plain = sum(rectification(t)[1] is None for t in range(1, 50))
    steps = plain + 2
    traces = first_updates(lr, steps=steps, seed=seed)
    trace = traces[RADAM]
    model = build_mlp(seed)
    params = list(model.parameters())
    m = [torch.zeros_like(p) for p in params]
    v = [torch.zeros_like(p) for p in params]
    (b1, b2), norms, losses = BETAS, [], []
    for t, (x, y) in enumerate(_batches(seed, steps), start=1):
        model.zero_grad()
        loss = nn.functional.cross_entropy(model(x), y)
        loss.backward()
        losses.append(loss.item())
        squared = 0.0
        with torch.no_grad():
            for p, mi, vi in zip(params, m, v, strict=True):
                mi.mul_(b1).add_(p.grad, alpha=1 - b1)
                vi.mul_(b2).addcmul_(p.grad, p.grad, value=1 - b2)
                m_hat = mi / (1 - b1**t)
                rho_inf = 2 / (1 - b2) - 1
                rho = rho_inf - 2 * t * b2**t / (1 - b2**t)
                if rho <= 5:
                    step = lr * m_hat
                else:
                    r = math.sqrt(
                        (rho - 4) * (rho - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho)
                    )
                    step = lr * r * m_hat * math.sqrt(1 - b2**t) / (vi.sqrt() + EPS)
                p.sub_(step)
                squared += float(step.double().pow(2).sum())
        norms.append(math.sqrt(squared))
    assert trace.losses == pytest.approx(losses, rel=1e-5)
    assert trace.update_norms == pytest.approx(norms, rel=1e-4)
    # its first step is -lr * g (up to float32 rounding of the weights, |w| < 0.25 here), not
    # Adam's -lr * sign(g)
    for delta, g in zip(trace.first_update, trace.first_grad, strict=True):
        torch.testing.assert_close(delta, -lr * g, rtol=1e-5, atol=0.25 * 2**-24)
    grad_norm = trace.grad_norms[0]
    assert trace.update_norms[0] == pytest.approx(lr * grad_norm, rel=1e-5)
    assert trace.update_norms[0] < traces[ADAM].update_norms[0]


def test_same_seed_same_runs_other_seed_other_runs():
    a = first_updates(0.1, steps=6, seed=3)
    b = first_updates(0.1, steps=6, seed=3)
    c = first_updates(0.1, steps=6, seed=4)
    for method in METHODS:
        assert a[method].losses == b[method].losses
        assert a[method].update_norms == b[method].update_norms
        assert a[method].layer_relative == b[method].layer_relative
        assert a[method].losses != c[method].losses
    one = warmup_outcomes((0.01, 0.1), seeds=(0, 1, 2), steps=6, warmup_steps=3, early=4)
    two = warmup_outcomes((0.01, 0.1), seeds=(0, 1, 2), steps=6, warmup_steps=3, early=4)
    assert one == two


def test_outcomes_agree_with_the_first_updates_of_the_same_seed():
    lr, steps = 0.3, 8
    outcomes = warmup_outcomes((lr,), seeds=(5, 6, 7), steps=steps, warmup_steps=3, early=steps)
    traces = first_updates(lr, steps=steps, warmup_steps=3, seed=6)
    for method in METHODS:
        outcome = outcomes.at(method, lr)
        assert outcome.seeds == (5, 6, 7)
        assert outcome.early_peak[1] == max(traces[method].losses)
        assert outcome.spread() == (
            sum(outcome.test_loss) / 3,
            min(outcome.test_loss),
            max(outcome.test_loss),
        )
    paired = outcomes.compare(lr).pair(WARMUP, ADAM)
    warm, plain = outcomes.at(WARMUP, lr).test_loss, outcomes.at(ADAM, lr).test_loss
    below = [w < a for w, a in zip(warm, plain, strict=True)]
    assert paired.wins == sum(below)
    assert outcomes.lower_on_every_seed(WARMUP, ADAM, lr) == all(below)


@pytest.mark.parametrize(
    ("call", "named"),
    [
        (lambda: first_updates(0.0), "0.0"),
        (lambda: first_updates(-0.1), "-0.1"),
        (lambda: first_updates(float("nan")), "nan"),
        (lambda: first_updates(0.1, steps=0), "steps.*0"),
        (lambda: first_updates(0.1, warmup_steps=0), "warmup_steps.*0"),
        (lambda: first_updates(0.1, start_factor=1.5), "1.5"),
        (lambda: first_updates(0.1, start_factor=0.0), "start_factor.*0.0"),
        (lambda: warmup_outcomes(()), "rates"),
        (lambda: warmup_outcomes((0.1, -1.0)), "-1.0"),
        (lambda: warmup_outcomes((0.1,), steps=5, early=6), "early.*6"),
        (lambda: warmup_outcomes((0.1,), seeds=(1, 1)), r"\(1, 1\)"),
        (lambda: rectification(0), "step.*0"),
        (lambda: rectification(3, beta2=1.0), "beta2.*1.0"),
    ],
)
def test_bad_input_raises_value_error_naming_it(call, named):
    with pytest.raises(ValueError, match=named):
        call()


def test_unknown_rate_or_metric_of_outcomes_raises():
    outcomes = warmup_outcomes((0.01,), seeds=(0, 1, 2), steps=2, warmup_steps=1, early=2)
    with pytest.raises(ValueError, match=r"0\.02"):
        outcomes.at(ADAM, 0.02)
    with pytest.raises(ValueError, match="accuracy"):
        outcomes.at(ADAM, 0.01).spread("accuracy")
