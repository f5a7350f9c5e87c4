"""lrlab.stability.batch: the gradient noise scale against independent computations, the
two-batch estimator's unbiasedness, determinism by seed, and the errors on bad input."""

from __future__ import annotations

import math

import pytest
import torch

from lrlab.digits import build_mlp, load_data
from lrlab.stability.batch import (
    best_rates_by_batch,
    curved_noise_scale,
    gradient_noise_scale,
    noise_scale_during_training,
    per_example_gradients,
)


@pytest.fixture(scope="module")
def digits():
    return load_data(0)


def _loop_gradients(model, x, y):
    """Each example's gradient by its own backward pass: no vmap, no torch.func."""
    rows = []
    for xi, yi in zip(x, y, strict=True):
        model.zero_grad()
        torch.nn.functional.cross_entropy(model(xi[None]), yi[None]).backward()
        rows.append(torch.cat([p.grad.reshape(-1) for p in model.parameters()]).double())
    model.zero_grad()
    return torch.stack(rows)


def test_exact_noise_matches_a_loop_over_examples(digits):
    model = build_mlp(3, hidden=8)
    x, y = digits.x_train[:24], digits.y_train[:24]
    rows = _loop_gradients(model, x, y)
    assert torch.allclose(per_example_gradients(model, x, y).double(), rows, atol=1e-6)
    g = rows.mean(dim=0)
    g2 = float(g @ g)
    # tr(Σ) as the mean squared norm minus the squared norm of the mean (another identity)
    trace = float((rows**2).sum(dim=1).mean()) - g2
    noise = gradient_noise_scale(model, (x, y), b_small=2, b_big=8, draws=4, seed=0)
    assert noise.examples == 24
    assert math.isclose(noise.g2, g2, rel_tol=1e-5)
    assert math.isclose(noise.trace, trace, rel_tol=1e-5)
    assert math.isclose(noise.b_simple, trace / g2, rel_tol=1e-5)
    # the full-batch gradient by one ordinary backward is G as well
    model.zero_grad()
    torch.nn.functional.cross_entropy(model(x), y).backward()
    full = torch.cat([p.grad.reshape(-1) for p in model.parameters()]).double()
    assert torch.allclose(full, g, atol=1e-6)


def test_two_batch_estimator_is_unbiased(digits):
    """Over many draws the estimates' means approach the exact values: within 4 standard
    errors of the draws themselves (a fair estimator fails this about once in 16,000)."""
    model = build_mlp(1, hidden=16)
    noise = gradient_noise_scale(model, digits, b_small=4, b_big=64, draws=400, seed=5)
    for mean, err, exact in (
        (noise.g2_estimate, noise.g2_stderr, noise.g2),
        (noise.trace_estimate, noise.trace_stderr, noise.trace),
    ):
        assert err > 0
        assert abs(mean - exact) < 4 * err
    # the standard errors are those of the returned draws
    n = len(noise.g2_draws)
    assert n == 400
    mean = sum(noise.trace_draws) / n
    var = sum((v - mean) ** 2 for v in noise.trace_draws) / (n - 1)
    assert math.isclose(noise.trace_stderr, math.sqrt(var / n), rel_tol=1e-9)
    assert math.isclose(noise.b_simple_estimate, noise.trace_estimate / noise.g2_estimate)


def test_curved_noise_against_an_explicit_hessian(digits):
    """GᵀHG exactly, and the sampled tr(HΣ) within 4 of its standard errors of the value from
    the full Hessian (torch.autograd.functional.hessian) of a tiny MLP on 30 examples."""
    model = build_mlp(2, hidden=4)
    x, y = digits.x_train[:30], digits.y_train[:30]
    shapes = [p.shape for p in model.parameters()]
    sizes = [p.numel() for p in model.parameters()]
    flat0 = torch.cat([p.detach().reshape(-1) for p in model.parameters()]).double()

    def loss(theta):
        w1, b1, w2, b2 = (t.reshape(s) for t, s in zip(theta.split(sizes), shapes, strict=True))
        hidden = torch.relu(x.double() @ w1.T + b1)
        return torch.nn.functional.cross_entropy(hidden @ w2.T + b2, y)

    hessian = torch.autograd.functional.hessian(loss, flat0)
    rows = _loop_gradients(model, x, y)
    g = rows.mean(dim=0)
    dev = rows - g
    ghg = float(g @ hessian @ g)
    trace = float(((dev @ hessian) * dev).sum(dim=1).mean())
    curved = curved_noise_scale(model, (x, y), samples=300, seed=1)
    assert math.isclose(curved.ghg, ghg, rel_tol=1e-4)
    assert math.isclose(curved.eps_max, float(g @ g) / ghg, rel_tol=1e-4)
    assert abs(curved.trace_h_sigma - trace) < 4 * curved.stderr
    assert curved.best_rate(10**9) == pytest.approx(curved.eps_max, rel=1e-6)
    assert curved.best_rate(1) < curved.best_rate(8) < curved.best_rate(64)


def test_noise_scale_leaves_the_model_unchanged(digits):
    model = build_mlp(0)
    before = [p.detach().clone() for p in model.parameters()]
    gradient_noise_scale(model, digits, draws=3, seed=0)
    curved_noise_scale(model, digits, samples=3, seed=0)
    assert all(p.grad is None for p in model.parameters())
    assert all(torch.equal(a, b) for a, b in zip(before, model.parameters(), strict=True))


def test_seeded_determinism(digits):
    model = build_mlp(0)
    first = gradient_noise_scale(model, digits, draws=5, seed=7)
    assert first == gradient_noise_scale(model, digits, draws=5, seed=7)
    assert first.g2_draws != gradient_noise_scale(model, digits, draws=5, seed=8).g2_draws
    sweep = best_rates_by_batch([16, 64], [0.1, 0.5], [0, 1], 256)
    assert sweep == best_rates_by_batch([16, 64], [0.1, 0.5], [0, 1], 256)
    during = noise_scale_during_training(32, 0.5, [0], [0, 64], draws=3)
    assert during == noise_scale_during_training(32, 0.5, [0], [0, 64], draws=3)


def test_sweep_structure_and_best_rate():
    rates = [0.01, 0.3, 100.0]
    sweep = best_rates_by_batch([8, 32], rates, [0, 1, 2], 256)
    assert [r.batch_size for r in sweep.results] == [8, 32]
    assert [r.steps for r in sweep.results] == [32, 8]
    for result in sweep.results:
        means = {r: sum(v) / 3 for r, v in result.losses.items()}
        assert result.best_rate == min(means, key=means.get)
        assert all(len(v) == 3 for v in result.losses.values())
        assert all(math.isfinite(v) or v == math.inf for v in result.losses[100.0])
        assert result.best_rate != 100.0  # a rate of 100 wrecks plain SGD on the digits
        for r in rates:
            pairs = zip(result.losses[result.best_rate], result.losses[r], strict=True)
            beaten = all(a < b for a, b in pairs)
            assert (r in result.tied) == (r != result.best_rate and not beaten)
        assert result.separable == (not result.tied)
        assert result.at_edge == (result.best_rate in (rates[0], rates[-1]))


def test_noise_scale_is_measured_at_the_initial_weights_first(digits):
    points = noise_scale_during_training(16, 0.5, [0], [0, 160], draws=3)[0]
    at_init = gradient_noise_scale(build_mlp(0), digits, draws=3, seed=0)
    assert points[0].noise == at_init
    assert points[1].steps == 10
    assert points[1].train_loss < points[0].train_loss


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"batch_sizes": [32, 16]}, "strictly increasing"),
        ({"batch_sizes": [16, 16]}, "strictly increasing"),
        ({"batch_sizes": []}, "must not be empty"),
        ({"rates": [0.5, 0.1]}, "strictly increasing"),
        ({"rates": [0.0, 0.1]}, "positive"),
        ({"seeds": [0, 0]}, "distinct"),
        ({"examples": 100}, "not a multiple of batch size"),
        ({"momentum": 1.0}, "momentum"),
    ],
)
def test_sweep_rejects_bad_input(kwargs, message):
    args = {"batch_sizes": [16, 32], "rates": [0.1, 0.5], "seeds": [0], "examples": 64}
    momentum = kwargs.pop("momentum", 0.0)
    with pytest.raises(ValueError, match=message):
        best_rates_by_batch(**(args | kwargs), momentum=momentum)


def test_noise_scale_rejects_bad_input(digits):
    model = build_mlp(0)
    with pytest.raises(ValueError, match="b_small=64, b_big=64"):
        gradient_noise_scale(model, digits, b_small=64, b_big=64)
    with pytest.raises(ValueError, match="b_small=0"):
        gradient_noise_scale(model, digits, b_small=0, b_big=8)
    with pytest.raises(ValueError, match="draws"):
        gradient_noise_scale(model, digits, draws=1)
    with pytest.raises(ValueError, match="examples"):
        gradient_noise_scale(model, (digits.x_train[:5], digits.y_train[:4]))
    with pytest.raises(ValueError, match="samples"):
        curved_noise_scale(model, digits, samples=1)
    with pytest.raises(ValueError, match="checkpoints"):
        noise_scale_during_training(16, 0.5, [0], [64, 32])
    with pytest.raises(ValueError, match="checkpoint 40"):
        noise_scale_during_training(16, 0.5, [0], [0, 40])
    with pytest.raises(ValueError, match="seeds"):
        noise_scale_during_training(16, 0.5, [], [0])
