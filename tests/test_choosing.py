"""The second lesson's built pages, checked against independent runs and against themselves.

No expected number is typed here: each check compares two computations (a page against an
in-process run of the same helpers, one block of a page against another that computed the same
thing another way, a verdict against the table it sums up).
"""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

import built_pages
from built_pages import cells, said, soup_of
from lrlab import digits
from lrlab.repro import site_seed

pytestmark = pytest.mark.build


def block(soup: BeautifulSoup, name: str):
    return built_pages.block(soup, f"choosing/{name}")


@pytest.fixture(scope="module")
def big_idea(built_site):
    return soup_of(built_site, "choosing/big-idea")


@pytest.fixture(scope="module")
def range_test():
    return digits.range_test(digits.load_data(site_seed()))


def test_the_range_test_chart_is_the_range_test(big_idea, range_test):
    shown = block(big_idea, "big-idea/range_test_curve")
    rows = cells(shown.select_one("details.lrlab-values table"))
    assert [r[1] for r in rows] == [f"{rate:.4g}" for rate in range_test.rates]
    assert [r[3] for r in rows] == [f"{loss:.4f}" for loss in range_test.smoothed]
    sentence = said(shown.select("p")[-2])  # the last is the provenance line
    assert f"falls fastest at a rate of {range_test.steepest():.3g} " in sentence
    assert f"lowest at {range_test.lowest():.3g}." in sentence
    labels = shown.select_one("svg").get_text()
    assert f"steepest fall: {range_test.steepest():.3g}" in labels


def test_the_readings_are_the_range_tests_and_the_verdict_is_the_tables(big_idea, range_test):
    shown = block(big_idea, "big-idea/checking_the_reading")
    rows = {r[0]: r for r in cells(shown.select_one("table"))}
    assert rows["the steepest fall"][1] == f"{range_test.steepest():.3g}"
    assert rows["the lowest loss"][1] == f"{range_test.lowest():.3g}"
    assert rows["a tenth of the lowest loss"][1] == f"{range_test.lowest() / 10:.3g}"
    best_acc = max(r[2] for r in rows.values())
    best = [name for name, r in rows.items() if r[2] == best_acc]
    verdicts = [said(li) for li in shown.select("li")]
    assert verdicts[0].startswith("Best here: " + " and ".join(f"{b} ({rows[b][1]})" for b in best))
    # the lowest-loss run, trained again here, gives the page's numbers
    data = digits.load_data(site_seed())
    run = digits.train(data, range_test.lowest(), epochs=10)
    assert rows["the lowest loss"][2:] == [f"{run.test_acc:.3f}", f"{run.test_loss:.3f}"]


def test_the_schedules_chart_is_the_runs_and_the_verdicts_pair_its_seeds(big_idea, range_test):
    shown = block(big_idea, "big-idea/schedules_at_equal_budget")
    table = shown.select("details.lrlab-values table")[0]  # accuracy; then the loss
    labels = [th.get_text().strip() for th in table.select("thead th")][1:]
    rows = [r for r in cells(table) if r[0].startswith("seed ")]
    by_name = {label: [r[i + 1] for r in rows] for i, label in enumerate(labels)}
    assert list(by_name) == list(digits.SCHEDULES)
    peak = digits.round_rate(range_test.steepest())
    data = digits.load_data(site_seed())
    for name, build in digits.SCHEDULES.items():  # the first seed, run again
        run = digits.train(data, peak, epochs=10, schedule=build)
        assert by_name[name][0] == f"{run.test_acc:.3f}"
    images = len(data.y_test)
    seeds = len(rows)
    decays = [name for name in by_name if name != "constant"]
    for name, li in zip(decays, shown.select("li"), strict=False):
        assert said(li).startswith(f"{name} against constant: ")
        gains = [
            round((float(a) - float(b)) * images)
            for a, b in zip(by_name[name][:seeds], by_name["constant"][:seeds], strict=True)
        ]
        assert f"ahead on {sum(g > 0 for g in gains)} of {seeds} seeds" in said(li)
        assert "seed by seed " + ", ".join(f"{g:+d}" for g in gains) in said(li)


def check_wsd_trace(site) -> list[list[str]]:
    """The pipeline trace writes its loop out and the chart calls lrlab's train(): both ran
    the same WSD run, so both must show the same numbers. Returns the trace's rows."""
    soup = soup_of(site, "choosing/pipeline")
    printed = block(soup, "pipeline/wsd_trace").select("pre")[-1].get_text()
    trace = printed.split("\n\n")[0].splitlines()[2:]
    epochs = [line.split() for line in trace]
    final = said(block(soup, "pipeline/wsd_chart").select("p")[-2])
    assert final == f"Final test accuracy {epochs[-1][5]}, test loss {epochs[-1][4]}."
    total, warmup = 10 * 45, 45
    assert epochs[0][1] == f"{0.3 * digits.wsd_factor(0, total, warmup=warmup):.4f}"
    assert epochs[-1][2] == f"{0.3 * digits.wsd_factor(total - 1, total, warmup=warmup):.4f}"
    chart = cells(block(soup, "pipeline/wsd_chart").select("table")[0])
    chart_rates = {r[0]: r[1] for r in chart}
    assert chart_rates["1"] == epochs[0][1]
    assert chart_rates[str(total)] == epochs[-1][2]
    return epochs


def test_the_trace_and_the_chart_ran_the_same_wsd_run_two_ways(built_site):
    epochs = check_wsd_trace(built_site)
    assert len(epochs) == 10


def test_the_concept_page_shows_torch_lr_finder_agreeing(built_site):
    soup = soup_of(built_site, "choosing/concept")
    printed = block(soup, "concept/same_curve_as_torch_lr_finder").select("pre")[-1].get_text()
    gaps = re.findall(r"largest difference in [^:]+:\s+(\S+)", printed)
    assert gaps == ["0", "0"]
    readings = dict(
        re.findall(r"(steepest fall|lowest loss): +ours (\S+), torch-lr-finder", printed)
    )
    assert set(readings) == {"steepest fall", "lowest loss"}
    for name, value in readings.items():
        assert re.search(
            rf"{name}: +ours {re.escape(value)}, torch-lr-finder {re.escape(value)}", printed
        )
