"""lrlab.explorer: every grid point a real run, refusals shown with PyTorch's own message,
grids that cannot be meant fail (and with them the build)."""

from __future__ import annotations

import json
import re
from functools import partial

import pytest
import torch

from lrlab import formulas as f
from lrlab.atlas import FormulaMismatch
from lrlab.explorer import GridError, scheduler_explorer
from lrlab.training import lr_schedule

S = torch.optim.lr_scheduler
STEPLR = "StepLR(optimizer, step_size={step_size}, gamma={gamma})"


def data_of(html: str) -> dict:
    found = re.search(r'<script type="application/json"[^>]*>(.*?)</script>', html, re.S)
    return json.loads(found.group(1).replace("<\\/", "</"))


def steplr(**changes):
    args = {
        "name": "steplr",
        "call": STEPLR,
        "grid": {"step_size": [2, 3], "gamma": [0.5, 0.1]},
        "default": {"step_size": 3, "gamma": 0.5},
        "formula": partial(f.step_lr, lr=0.1),
        "lr": 0.1,
        "steps": 8,
    }
    return scheduler_explorer(**{**args, **changes})


def test_every_point_is_the_run_of_its_call():
    data = data_of(steplr())
    assert [p["name"] for p in data["params"]] == ["step_size", "gamma"]
    assert data["default"] == [1, 0]
    assert len(data["points"]) == 4
    for point, (size, gamma) in zip(
        data["points"], [(2, 0.5), (2, 0.1), (3, 0.5), (3, 0.1)], strict=True
    ):
        assert point["c"] == f"StepLR(optimizer, step_size={size}, gamma={gamma})"
        run = lr_schedule(lambda o, s=size, g=gamma: S.StepLR(o, step_size=s, gamma=g), 8, 0.1)
        assert point["r"] == [" ".join(f"{v:.6g}" for v in run)]


def constantlr_past_one(**extra) -> str:
    """An explorer whose second point, factor=1.5, PyTorch refuses."""
    return scheduler_explorer(
        "constantlr",
        "ConstantLR(optimizer, factor={factor}, total_iters=2)",
        grid={"factor": [0.5, 1.5]},
        default={"factor": 0.5},
        formula=partial(f.constant_lr, lr=0.1, total_iters=2),
        lr=0.1,
        steps=4,
        **extra,
    )


def test_a_refused_point_keeps_pytorchs_own_message():
    html = constantlr_past_one(refusal=lambda factor: f"factor={factor} is above 1")
    refused = data_of(html)["points"][1]
    optimizer = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.1)
    with pytest.raises(ValueError, match=r".") as raised:
        S.ConstantLR(optimizer, factor=1.5, total_iters=2)
    assert refused == {
        "c": "ConstantLR(optimizer, factor=1.5, total_iters=2)",
        "e": f"ValueError: {raised.value}",
        "w": "factor=1.5 is above 1",
    }
    assert "At 1 of them PyTorch refused" in html


def test_a_refused_point_the_page_does_not_explain_fails():
    with pytest.raises(GridError, match=r"refuses ConstantLR\(optimizer, factor=1.5.*refusal="):
        constantlr_past_one()


def test_the_note_and_the_data_say_what_one_run_is():
    html = steplr()
    assert (
        data_of(html)["recorded"]
        == "8 optimizer steps of SGD from lr=0.1, scheduler.step() after each"
    )
    assert "each run 8 optimizer steps of SGD from lr=0.1" in html


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"grid": {}, "default": {}}, "the grid is empty"),
        ({"grid": {"step_size": [], "gamma": [0.5]}}, "has no values"),
        (
            {
                "grid": {"step_sise": [2, 3], "gamma": [0.5]},
                "default": {"step_sise": 2, "gamma": 0.5},
            },
            "missing from the grid: \\['step_size'\\]",
        ),
        ({"default": {"step_size": 4, "gamma": 0.5}}, "not on the grid"),
        ({"default": {"step_size": 3}}, "the default sets"),
        ({"grid": {"step_size": [2, 2], "gamma": [0.5]}}, "repeats a value"),
        (
            {"call": "StepLR(optimizer, step_sise={step_size}, gamma={gamma})"},
            "refused every grid point.*unexpected keyword argument 'step_sise'",
        ),
    ],
)
def test_a_grid_that_cannot_be_meant_fails(changes, message):
    with pytest.raises(GridError, match=message):
        steplr(**changes)


def test_a_formula_that_disagrees_at_any_point_fails():
    with pytest.raises(FormulaMismatch, match=re.escape("step_size=2, gamma=0.1")):
        steplr(formula=lambda t, step_size, gamma: f.step_lr(t, 0.1, step_size, 0.5))


def test_a_mistake_in_the_call_is_not_shown_as_a_refusal():
    with pytest.raises(NameError):
        steplr(call="StepLRR(optimizer, step_size={step_size}, gamma={gamma})")
