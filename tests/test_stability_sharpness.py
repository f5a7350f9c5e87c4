"""lrlab.stability.sharpness: power iteration against explicit Hessians, and the traces."""

from __future__ import annotations

import math

import pytest
import torch

from lrlab.stability.sharpness import (
    NotConverged,
    build_tanh_mlp,
    edge_summary,
    sharpness,
    sharpness_trace,
    top_eigenvalue,
)


def _symmetric(eigenvalues: list[float], seed: int) -> torch.Tensor:
    """A symmetric matrix with the given eigenvalues in a random orthonormal basis."""
    gen = torch.Generator().manual_seed(seed)
    q, _ = torch.linalg.qr(torch.randn(len(eigenvalues), len(eigenvalues), generator=gen))
    q = q.double()
    return q @ torch.diag(torch.tensor(eigenvalues, dtype=torch.float64)) @ q.T


def _quadratic(a: torch.Tensor):
    def loss_of(params):
        (x,) = params
        return 0.5 * x @ a @ x

    return loss_of, [torch.zeros(len(a), dtype=torch.float64, requires_grad=True)]


@pytest.mark.parametrize(
    "eigenvalues",
    [[3.0, 1.0, 0.5, -0.2, 0.1], [2.0, 1.5, -6.0, 0.3, -1.0]],
    ids=["top-is-largest-magnitude", "negative-dominates"],
)
def test_quadratic_top_eigenvalue_is_eigvalsh_max(eigenvalues):
    """On 0.5 x^T A x the Hessian is A everywhere: the estimate is A's largest eigenvalue, also
    when a negative one has the larger magnitude (the shifted second pass)."""
    a = _symmetric(eigenvalues, seed=3)
    loss_of, params = _quadratic(a)
    eig = top_eigenvalue(loss_of, params, iters=2000, tol=1e-12, seed=0)
    expected = float(torch.linalg.eigvalsh(a).max())
    assert eig.value == pytest.approx(expected, rel=1e-6)
    assert eig.shifted == (abs(min(eigenvalues)) > max(eigenvalues))
    assert eig.change <= 1e-12


def test_gradient_descent_on_the_quadratic_is_stable_iff_lr_below_two_over_top():
    """The first lesson's limit: GD on 0.5 x^T A x converges below 2/lambda_max, diverges above."""
    a = _symmetric([4.0, 1.0, 0.25, 2.0], seed=5)
    loss_of, params = _quadratic(a)
    top = top_eigenvalue(loss_of, params, iters=2000, tol=1e-12, seed=0).value
    for factor, stable in ((0.95, True), (1.05, False)):
        x = torch.ones(4, dtype=torch.float64)
        for _ in range(400):
            x = x - factor * (2 / top) * (a @ x)
        assert (float(x.norm()) < 1e-3) == stable, factor


def _tiny_mlp(dtype: torch.dtype) -> tuple[torch.nn.Module, torch.Tensor, torch.Tensor]:
    torch.manual_seed(7)
    model = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.Tanh(), torch.nn.Linear(4, 2)).to(
        dtype
    )
    x = torch.randn(12, 3, dtype=dtype)
    y = torch.randint(0, 2, (12,))
    return model, x, y


def _explicit_top(model, x, y, loss: str) -> float:
    """The largest eigenvalue of the explicit Hessian of the loss over the flattened params."""
    from torch.func import functional_call

    names = [n for n, _ in model.named_parameters()]
    shapes = [p.shape for _, p in model.named_parameters()]
    flat = torch.cat([p.detach().reshape(-1) for p in model.parameters()])

    def loss_of(theta):
        values, at = [], 0
        for shape in shapes:
            size = math.prod(shape)
            values.append(theta[at : at + size].reshape(shape))
            at += size
        out = functional_call(model, dict(zip(names, values, strict=True)), (x,))
        if loss == "mse":
            target = torch.nn.functional.one_hot(y, out.shape[1]).to(out.dtype)
            return 0.5 * ((out - target) ** 2).sum(dim=1).mean()
        return torch.nn.functional.cross_entropy(out, y)

    hessian = torch.autograd.functional.hessian(loss_of, flat)
    return float(torch.linalg.eigvalsh(hessian).max())


@pytest.mark.parametrize("loss", ["mse", "cross_entropy"])
def test_mlp_sharpness_matches_the_explicit_hessian(loss):
    model, x, y = _tiny_mlp(torch.float64)
    eig = sharpness(model, x, y, loss=loss, iters=5000, tol=1e-12, seed=0)
    assert eig.value == pytest.approx(_explicit_top(model, x, y, loss), rel=1e-6)


def test_float32_sharpness_matches_at_its_tolerance():
    model, x, y = _tiny_mlp(torch.float32)
    eig = sharpness(model, x, y, iters=2000, tol=1e-6, seed=1)
    assert eig.value == pytest.approx(_explicit_top(model.double(), x.double(), y, "mse"), rel=1e-3)


def test_sharpness_does_not_change_the_model():
    model, x, y = _tiny_mlp(torch.float64)
    before = [p.detach().clone() for p in model.parameters()]
    sharpness(model, x, y, iters=500, tol=1e-6, seed=0)
    assert all(torch.equal(a, b) for a, b in zip(before, model.parameters(), strict=True))
    assert all(p.grad is None for p in model.parameters())


@pytest.mark.parametrize("iters", [1, 2])
def test_an_unconverged_estimate_raises_not_a_number(iters):
    model, x, y = _tiny_mlp(torch.float64)
    with pytest.raises(NotConverged, match=f"in {iters} iterations") as caught:
        sharpness(model, x, y, iters=iters, tol=1e-14, seed=0)
    assert isinstance(caught.value, ValueError)
    assert caught.value.iterations == iters
    assert caught.value.change > 1e-14  # inf after one iteration: no change measured yet


def test_same_seed_same_estimate_and_other_seeds_agree():
    model, x, y = _tiny_mlp(torch.float64)
    first = sharpness(model, x, y, iters=5000, tol=1e-10, seed=11)
    again = sharpness(model, x, y, iters=5000, tol=1e-10, seed=11)
    other = sharpness(model, x, y, iters=5000, tol=1e-10, seed=12)
    assert (first.value, first.iterations, first.change) == (
        again.value,
        again.iterations,
        again.change,
    )
    assert other.value == pytest.approx(first.value, rel=1e-6)


def test_a_warm_start_at_the_eigenvector_converges_at_once():
    model, x, y = _tiny_mlp(torch.float64)
    cold = sharpness(model, x, y, iters=5000, tol=1e-10, seed=0)
    warm = sharpness(model, x, y, iters=5000, tol=1e-10, start=cold.vector)
    assert warm.iterations < cold.iterations
    assert warm.value == pytest.approx(cold.value, rel=1e-8)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"iters": 0}, "iters must be a positive integer, got 0"),
        ({"iters": 2.5}, "iters must be a positive integer, got 2.5"),
        ({"tol": 0.0}, "tol must be a positive finite number, got 0.0"),
        ({"tol": float("nan")}, "tol must be a positive finite number, got nan"),
        ({"loss": "hinge"}, "unknown loss 'hinge'"),
    ],
)
def test_bad_sharpness_input_names_the_value(kwargs, match):
    model, x, y = _tiny_mlp(torch.float64)
    with pytest.raises(ValueError, match=match):
        sharpness(model, x, y, **kwargs)


def test_bad_top_eigenvalue_input_names_the_value():
    a = _symmetric([1.0, 2.0], seed=0)
    loss_of, params = _quadratic(a)
    with pytest.raises(ValueError, match="params is empty"):
        top_eigenvalue(loss_of, [])
    with pytest.raises(ValueError, match="requiring grad"):
        top_eigenvalue(loss_of, [torch.zeros(2, dtype=torch.float64)])
    with pytest.raises(ValueError, match="scalar tensor"):
        top_eigenvalue(lambda p: a @ p[0], params)
    with pytest.raises(ValueError, match="start must have one tensor of each param's shape"):
        top_eigenvalue(loss_of, params, start=[torch.ones(3, dtype=torch.float64)])
    model, x, y = _tiny_mlp(torch.float64)
    with pytest.raises(ValueError, match="got 12 and 11"):
        sharpness(model, x, y[:11])


def test_trace_records_every_step_and_is_deterministic_by_seed():
    run = sharpness_trace(0.05, steps=30, every=10, train_size=60, hidden=8, seed=4)
    again = sharpness_trace(0.05, steps=30, every=10, train_size=60, hidden=8, seed=4)
    assert run == again
    assert len(run.losses) == 31
    assert not run.diverged
    assert run.sharpness_steps == [0, 10, 20, 30]
    assert run.two_over_lr == pytest.approx(40.0)
    assert run.ratios() == pytest.approx([s * 0.05 / 2 for s in run.sharpness])


def test_trace_sharpness_is_the_sharpness_of_the_weights_at_that_step():
    """The trace's first point is `sharpness` of the freshly built (same-seed) MLP's loss."""
    from lrlab.digits import load_data

    run = sharpness_trace(0.05, steps=1, every=1, train_size=60, hidden=8, seed=4, tol=1e-6)
    data = load_data(4)
    model = build_tanh_mlp(4, hidden=8)
    eig = sharpness(model, data.x_train[:60], data.y_train[:60], iters=2000, tol=1e-8, seed=0)
    assert run.sharpness[0] == pytest.approx(eig.value, rel=1e-3)


def test_far_below_the_edge_descent_is_monotone():
    """With sharpness * lr / 2 far below 1 throughout, each step lowers the loss."""
    run = sharpness_trace(0.01, steps=60, every=20, train_size=60, hidden=8, seed=2)
    assert max(run.ratios()) < 0.5
    assert run.loss_increases() == 0
    assert run.losses[-1] < run.losses[0]


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"lr": 0.0}, "lr must be a positive finite number, got 0.0"),
        ({"lr": float("inf")}, "lr must be a positive finite number, got inf"),
        ({"lr": 0.1, "steps": 0}, "steps must be a positive integer, got 0"),
        ({"lr": 0.1, "every": -1}, "every must be a positive integer, got -1"),
        ({"lr": 0.1, "train_size": 100000}, "train_size 100000 exceeds"),
        ({"lr": 0.1, "hidden": 0}, "hidden must be a positive integer, got 0"),
        ({"lr": 0.1, "loss": "l1"}, "unknown loss 'l1'"),
    ],
)
def test_bad_trace_input_names_the_value(kwargs, match):
    with pytest.raises(ValueError, match=match):
        sharpness_trace(**kwargs)


def test_late_ratio_share_must_be_a_fraction():
    run = sharpness_trace(0.05, steps=2, every=1, train_size=20, hidden=4, seed=0)
    with pytest.raises(ValueError, match="share must be in"):
        run.late_ratio(0.0)
    mean, low, high = run.late_ratio(1.0)
    assert low <= mean <= high


def test_edge_summary_agrees_with_its_traces():
    runs = [sharpness_trace(0.05, steps=20, every=10, train_size=40, hidden=6, seed=0)]
    runs.append(sharpness_trace(0.05, steps=20, every=10, train_size=40, hidden=6, seed=1))
    runs.append(sharpness_trace(0.05, steps=20, every=10, train_size=40, hidden=6, seed=2))
    summary = edge_summary(runs, share=1.0, reach=0.0)
    assert summary.seeds == [0, 1, 2]
    assert summary.reached == [0, 0, 0]  # every ratio is >= 0
    assert summary.rise[1] <= summary.rise[0] <= summary.rise[2]
    assert summary.rise[1] >= 1.0  # the largest sharpness is at least the first
    assert summary.late_band[0] <= summary.late_ratio[1]
    assert summary.late_ratio[2] <= summary.late_band[1]
    assert summary.loss_kept[2] < 1.0  # a small rate lowers the loss on every seed
    with pytest.raises(ValueError, match="share one rate"):
        edge_summary([*runs, sharpness_trace(0.06, steps=2, every=1, train_size=40, hidden=6)])
    with pytest.raises(ValueError, match="traces is empty"):
        edge_summary([])


def test_warm_and_cold_starts_trace_the_same_sharpness():
    """Warm starts save products; both estimate the same eigenvalue at every point."""
    kwargs = {"steps": 40, "every": 10, "train_size": 60, "hidden": 8, "seed": 3, "tol": 1e-7}
    warm = sharpness_trace(0.3, warm=True, **kwargs)
    cold = sharpness_trace(0.3, warm=False, **kwargs)
    assert warm.losses == cold.losses
    assert warm.sharpness == pytest.approx(cold.sharpness, rel=1e-3)
    assert sum(warm.iterations) < sum(cold.iterations)
