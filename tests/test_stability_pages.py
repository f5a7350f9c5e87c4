"""The third lesson's built pages, checked against in-process runs of the same helpers.

No expected number is typed here: each check compares a page with a computation made here (the
runs again, or the helper that chose the page's words)."""

from __future__ import annotations

import json

import pytest
import torch
from bs4 import BeautifulSoup

import built_pages
from built_pages import cells, said, soup_of
from lrlab.repro import site_seed
from lrlab.stability import build_net, param_groups, sharpness_trace
from lrlab.stability.said import edge_sentences

pytestmark = pytest.mark.build


def block(soup: BeautifulSoup, name: str):
    return built_pages.block(soup, f"stability/{name}")


@pytest.fixture(scope="module")
def concept(built_site):
    return soup_of(built_site, "stability/concept")


def test_the_edge_chart_and_its_sentences_are_the_runs(concept):
    shown = block(concept, "concept/edge_of_stability")
    table = shown.select_one("details.lrlab-values table")
    headers = [th.get_text().strip() for th in table.select("thead th")][1:]
    rates = sorted({float(h.split(",")[0].removeprefix("lr ")) for h in headers})
    seeds = sorted({int(h.split("seed ")[1]) for h in headers})
    assert seeds[0] == site_seed()
    traces = {lr: [sharpness_trace(lr, seed=s) for s in seeds] for lr in rates}
    rows = cells(table)
    for column, header in enumerate(headers, start=1):
        lr, seed = float(header.split(",")[0][3:]), int(header.split("seed ")[1])
        run = traces[lr][seeds.index(seed)]
        assert [r[0] for r in rows] == [str(step) for step in run.sharpness_steps]
        assert [r[column] for r in rows] == [f"{s:.2f}" for s in run.sharpness]
    assert [said(li) for li in shown.select("li")] == [
        " ".join(s.split()) for s in edge_sentences(traces)
    ]


def test_the_group_rates_table_is_what_the_optimizer_holds(concept):
    shown = block(concept, "concept/mup_group_rates")
    rows = cells(shown.select_one("table"))
    assert rows, "no rows"
    for width, scheme, *rates, spread in rows:
        net = build_net(int(width), scheme, base_width=64, seed=0)
        optimizer = torch.optim.Adam(param_groups(net, 0.01, int(width), 64, scheme))
        assert rates == [f"{g['lr']:.5g}" for g in optimizer.param_groups]
        assert spread == f"{net[-1].weight.std().item():.4f}"


@pytest.fixture(scope="module")
def big_idea(built_site):
    return soup_of(built_site, "stability/big-idea")


def test_the_width_explorer_holds_the_tables_runs(big_idea):
    """Every curve of the explorer is its row of the table: the same means, point for point,
    and the table's bold cell is the curve's lowest point."""
    shown = block(big_idea, "big-idea/best_rate_by_width")
    data = json.loads(shown.select_one("script.lrlab-explorer-data").string)
    schemes, widths = (p["values"] for p in data["params"])
    rows = {
        tuple(td.get_text() for td in tr.select("td")[:2]): tr.select("td")[2:-1]
        for tr in shown.select("table tbody tr")
    }
    assert len(rows) == len(schemes) * len(widths)
    for k, point in enumerate(data["points"]):
        row = rows[schemes[k // len(widths)], widths[k % len(widths)]]
        means = [float(v) for v in point["r"][0].split()]
        assert [td.get_text().split(" (")[0] for td in row] == [f"{m:.3f}" for m in means]
        bold = [i for i, td in enumerate(row) if td.select_one("strong")]
        assert bold == [means.index(min(means))]
