"""The explorers in a real browser: every scheduler page's controls, moved by keyboard only,
redraw the chart and the table to the runs the page recorded; a random grid point of each page,
re-run here with PyTorch from the code the page shows, gives the values the page shows."""

from __future__ import annotations

import json
import math
import os
import random

import pytest
import torch
from playwright.sync_api import Page

from lrlab.atlas import scheduler_classes

pytestmark = pytest.mark.browser

PAGES = [f"atlas/{name.lower()}/" for name in scheduler_classes()]
SEED = int(os.environ.get("LRLAB_EXPLORER_SEED", random.randrange(10**6)))
"""Which random grid points are re-run (printed on failure; set it to repeat a run)."""


def explorer(page: Page) -> dict:
    return json.loads(page.locator(".lrlab-explorer-data").first.text_content())


def shown(page: Page) -> dict:
    """What the explorer shows now: its grid point, the call, the table's values, the values
    the chart's line was drawn from and its path, or the error box."""
    root = page.locator(".lrlab-explorer").first
    error = root.locator(".lrlab-explorer-error")
    state = {
        "point": int(root.get_attribute("data-point")),
        "call": root.locator(".lrlab-explorer-call").text_content(),
        "status": root.locator(".lrlab-explorer-status").text_content(),
    }
    if error.is_visible():
        state["error"] = error.text_content()
        assert not root.locator(".lrlab-explorer-chart").first.is_visible()
        return state
    cells = root.locator(".lrlab-values table tbody tr td:last-child").all_text_contents()
    line = root.locator(".lrlab-explorer-line")
    state.update(
        table=cells, line=line.get_attribute("data-values").split(), d=line.get_attribute("d")
    )
    return state


def recorded(data: dict, index: int) -> dict:
    point = data["points"][index]
    return {"error": point["e"]} if "e" in point else {"values": point["r"][0].split()}


def assert_matches_record(state: dict, data: dict) -> None:
    record = recorded(data, state["point"])
    assert state["call"] == data["points"][state["point"]]["c"]
    if "error" in record:
        assert state.get("error") == record["error"]
    else:
        assert "error" not in state, state
        assert state["table"] == record["values"]
        assert state["line"] == record["values"]


def controls(page: Page) -> list:
    return page.locator(".lrlab-explorer input[type=range]").all()


@pytest.mark.parametrize("path", PAGES)
def test_the_default_point_is_the_static_chart(page: Page, site_url: str, path: str):
    page.goto(site_url + path, wait_until="networkidle")
    data = explorer(page)
    index = 0
    for k, param in enumerate(data["params"]):
        index = index * len(param["values"]) + data["default"][k]
    static = page.locator(".lrlab-values table").first
    assert static.locator("thead th").nth(2).text_content() == "lr used (PyTorch)"
    column = static.locator("tbody tr td:nth-child(3)").all_text_contents()
    assert column == data["points"][index]["r"][0].split()
    state = shown(page)
    assert state["point"] == index
    assert "the starting position" in state["status"]


@pytest.mark.parametrize("path", PAGES)
def test_each_control_moved_by_keyboard_redraws_chart_and_table(
    page: Page, site_url: str, path: str
):
    page.goto(site_url + path, wait_until="networkidle")
    data = explorer(page)
    # Keyboard only: from the section's permalink, Tab reaches every control in order.
    page.locator("#explore-the-parameters a.headerlink").focus()
    inputs = controls(page)
    assert inputs, path
    for k, control in enumerate(inputs):
        page.keyboard.press("Tab")
        assert control.evaluate("e => e === document.activeElement"), (path, k)
        label = page.locator(f"label[for={control.get_attribute('id')}]").text_content()
        assert label == data["params"][k]["name"]
        before = shown(page)
        last = len(data["params"][k]["values"]) - 1
        key = "ArrowLeft" if int(control.input_value()) == last else "ArrowRight"
        page.keyboard.press(key)
        after = shown(page)
        assert after["point"] != before["point"], (path, k)
        assert (
            control.get_attribute("aria-valuetext")
            == data["params"][k]["values"][int(control.input_value())]
        )
        assert_matches_record(after, data)
        if "d" in before and "d" in after and before["line"] != after["line"]:
            assert before["d"] != after["d"], "the chart was redrawn"
        page.keyboard.press("Home")
        page.keyboard.press("End")
        assert_matches_record(shown(page), data)


def run(call: str, data: dict) -> list[float] | str:
    """The rates the call gives on a fresh one-parameter SGD, written here from scratch (not
    with lrlab), or PyTorch's error message."""
    namespace = dict(vars(torch.optim.lr_scheduler))
    optimizer = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=data["lr"])
    try:
        scheduler = eval(call, {**namespace, "optimizer": optimizer})
        rates = []
        if data.get("metrics") is not None:
            rates.append(optimizer.param_groups[0]["lr"])
            for metric in data["metrics"]:
                optimizer.step()
                scheduler.step(metric)
                rates.append(optimizer.param_groups[0]["lr"])
        else:
            for _ in range(data["steps"]):
                rates.append(optimizer.param_groups[0]["lr"])
                optimizer.step()
                scheduler.step()
    except (ValueError, TypeError, RuntimeError, ZeroDivisionError) as error:
        return f"{type(error).__name__}: {error}"
    return rates


@pytest.mark.parametrize("path", PAGES)
def test_a_random_grid_point_rerun_gives_what_the_page_shows(page: Page, site_url: str, path: str):
    rng = random.Random(f"{SEED}:{path}")
    page.goto(site_url + path, wait_until="networkidle")
    data = explorer(page)
    for control, param in zip(controls(page), data["params"], strict=True):
        control.focus()
        page.keyboard.press("Home")
        for _ in range(rng.randrange(len(param["values"]))):
            page.keyboard.press("ArrowRight")
    state = shown(page)
    again = run(state["call"], data)
    if isinstance(again, str):
        assert state.get("error") == again, f"seed {SEED}"
        return
    assert "error" not in state, f"seed {SEED}: {state}"
    assert len(state["table"]) == len(again)
    for step, (text, rate) in enumerate(zip(state["table"], again, strict=True), start=1):
        assert math.isclose(float(text), rate, rel_tol=1e-5, abs_tol=1e-12), (
            f"seed {SEED}, {state['call']}, step {step}: page {text}, PyTorch {rate!r}"
        )


def test_the_training_explorer_shows_the_recorded_runs_of_both_models(page: Page, site_url: str):
    page.goto(site_url + "lesson/big-idea/", wait_until="networkidle")
    data = explorer(page)
    assert len(data["panels"]) == 2
    root = page.locator(".lrlab-explorer").first
    for k, control in enumerate(controls(page)):
        control.focus()
        page.keyboard.press("End" if k == 0 else "Home")
        page.keyboard.press("ArrowLeft" if k == 0 else "ArrowRight")
        point = data["points"][int(root.get_attribute("data-point"))]
        assert root.locator(".lrlab-explorer-call").text_content() == point["c"]
        tables = root.locator(".lrlab-values table").all()
        lines = root.locator(".lrlab-explorer-line").all()
        for panel, (table, line) in enumerate(zip(tables, lines, strict=True)):
            values = point["r"][panel].split()
            assert table.locator("tbody tr td:last-child").all_text_contents() == values
            assert line.get_attribute("data-values").split() == values
