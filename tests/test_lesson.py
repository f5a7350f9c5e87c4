"""The lesson's pipeline helpers, and the pipeline page checked against independent runs.

No expected number is typed here: each check compares two computations (a helper against a plain
PyTorch loop, a page against an in-process run, one part of a page against another).
"""

from __future__ import annotations

import itertools
import math
import re

import pytest
import torch
from bs4 import BeautifulSoup
from torch import nn

import test_choosing
from conftest import ROOT, SNIPPETS, run_build
from lrlab import pipeline
from lrlab.ascii_chart import ascii_chart
from lrlab.repro import site_seed
from lrlab.training import lr_schedule
from tools.bench import copy_site

# --------------------------------------------------------------------------- helpers, no build


@pytest.fixture(scope="module")
def run() -> pipeline.PipelineRun:
    return pipeline.run_pipeline(pipeline.PipelineConfig(seed=0))


def test_parameter_shapes_are_what_pytorch_reports(run):
    shapes = {name: tuple(p.shape) for name, p in run.model.named_parameters()}
    first = nn.Linear(pipeline.FEATURES, pipeline.HIDDEN)
    second = nn.Linear(pipeline.HIDDEN, pipeline.CLASSES)
    assert shapes["0.weight"] == tuple(first.weight.shape)
    assert shapes["2.weight"] == tuple(second.weight.shape)
    assert shapes["2.weight"] == (pipeline.CLASSES, pipeline.HIDDEN)  # (out, in), not (in, out)
    assert not any(isinstance(m, nn.Softmax) for m in run.model)  # logits for CrossEntropyLoss


def test_task_is_a_seeded_split_of_one_dataset():
    task = pipeline.make_task(0)
    assert task.x_all.shape == (pipeline.ROWS, pipeline.FEATURES)
    assert len(task.x_train) == pipeline.TRAIN_ROWS
    assert len(task.x_train) + len(task.x_test) == pipeline.ROWS
    # every row of the split is a row of the dataset, and no row is in both halves
    rows = {tuple(r.tolist()) for r in task.x_all}
    train = {tuple(r.tolist()) for r in task.x_train}
    test = {tuple(r.tolist()) for r in task.x_test}
    assert train | test == rows
    assert not train & test
    assert set(task.y_all.tolist()) == {0, 1}
    again = pipeline.make_task(0)
    assert torch.equal(task.x_train, again.x_train)
    assert not torch.equal(task.x_all, pipeline.make_task(1).x_all)


def test_runs_repeat_and_depend_on_the_seed(run):
    assert pipeline.run_pipeline(pipeline.PipelineConfig(seed=0)).records == run.records
    assert pipeline.run_pipeline(pipeline.PipelineConfig(seed=1)).records != run.records


def test_rates_are_the_schedulers(run):
    config = run.config

    def steplr(opt):
        return torch.optim.lr_scheduler.StepLR(opt, config.step_size, config.gamma)

    expected = lr_schedule(steplr, config.epochs + 1, lr=config.lr)
    assert [r.lr_used for r in run.records] == pytest.approx(expected[:-1])
    assert [r.lr_after for r in run.records] == pytest.approx(expected[1:])
    changes = pipeline.lr_change_epochs(run.records)
    assert [epoch for epoch, _ in changes] == [
        i + 1 for i, (a, b) in enumerate(itertools.pairwise(expected[:-1]), start=1) if a != b
    ]


def test_fit_matches_a_plain_pytorch_loop(run):
    """The helper's numbers equal those of a loop written out here, from the same seed."""
    config, task = run.config, run.task
    torch.manual_seed(task.seed)
    model = nn.Sequential(
        nn.Linear(pipeline.FEATURES, pipeline.HIDDEN),
        nn.ReLU(),
        nn.Linear(pipeline.HIDDEN, pipeline.CLASSES),
    )
    optimizer = torch.optim.SGD(model.parameters(), lr=config.lr)
    scheduler = torch.optim.lr_scheduler.StepLR(optimizer, config.step_size, config.gamma)
    loss_fn = nn.CrossEntropyLoss()
    shuffle = torch.Generator().manual_seed(task.seed)
    losses, test_accs = [], []
    for _ in range(config.epochs):
        total = 0.0
        for batch in torch.randperm(len(task.x_train), generator=shuffle).split(config.batch_size):
            optimizer.zero_grad()
            loss = loss_fn(model(task.x_train[batch]), task.y_train[batch])
            loss.backward()
            optimizer.step()
            total += loss.item() * len(batch)
        scheduler.step()
        losses.append(total / len(task.x_train))
        with torch.no_grad():
            hits = model(task.x_test).argmax(1) == task.y_test
        test_accs.append(hits.float().mean().item())
    assert [r.train_loss for r in run.records] == pytest.approx(losses, rel=1e-6)
    assert [r.test_acc for r in run.records] == pytest.approx(test_accs)


def test_prediction_trace_is_the_models_forward_pass(run):
    _, linear1, relu, logits, probs = pipeline.trace_sample(run, 0)
    with torch.no_grad():
        model_logits = run.model(run.task.x_test[0])
    assert logits.values == pytest.approx(model_logits.tolist())
    assert relu.values == pytest.approx([max(0.0, v) for v in linear1.values])
    assert sum(probs.values) == pytest.approx(1.0)
    assert probs.values == pytest.approx(torch.softmax(model_logits, 0).tolist())


def test_observations_name_the_rate_changes(run):
    notes = pipeline.observations(run.records)
    assert len(notes) == len(run.records)
    marked = [r.epoch for r, n in zip(run.records, notes, strict=True) if "first at" in n]
    assert marked == [epoch for epoch, _ in pipeline.lr_change_epochs(run.records)]


def test_ascii_chart_puts_one_star_per_value_in_order():
    values = [0.9, 0.5, 0.7, 0.1]
    lines = ascii_chart(values, height=5).splitlines()
    plot = [line.split("|", 1)[1] for line in lines if "|" in line]
    columns = [
        [row for row, line in enumerate(plot) if len(line) > c and line[c] == "*"]
        for c in (1, 4, 7, 10)
    ]
    assert all(len(rows) == 1 for rows in columns)
    heights = [rows[0] for rows in columns]
    assert heights[0] == 0  # the largest value is on the top row
    order = sorted(range(len(values)), key=lambda i: -values[i])
    assert sorted(range(len(values)), key=lambda i: heights[i]) == order


# --------------------------------------------------------------------------- the built page


def _cells(table) -> list[list[str]]:
    return [[td.get_text().strip() for td in tr.select("td")] for tr in table.select("tbody tr")]


def _table_with(soup: BeautifulSoup, first_header: str, header: str):
    for table in soup.select("table"):
        heads = [th.get_text().strip() for th in table.select("th")]
        if heads and heads[0] == first_header and header in heads:
            return table
    raise AssertionError(f"no table with headers {first_header!r}, {header!r}")


def _pre_starting(soup: BeautifulSoup, start: str) -> str:
    for pre in soup.select("pre"):
        if pre.get_text().startswith(start):
            return pre.get_text()
    raise AssertionError(f"no output block starting {start!r}")


def _paragraph(soup: BeautifulSoup, start: str) -> str:
    for p in soup.select("article p"):
        text = " ".join(p.get_text().split())
        if text.startswith(start):
            return text
    raise AssertionError(f"no paragraph starting {start!r}")


def _svg_points(page_html: str, label: str) -> list[tuple[float, float]]:
    start = page_html.index(f'<svg role="img" aria-label="{label}"')
    svg = page_html[start : page_html.index("</svg>", start)]
    # the data line is the one path stroked in the first palette colour
    path = re.search(r'<path d="([^"]+)"[^>]*stroke: #0072b2', svg, re.IGNORECASE)
    assert path, "no data line in the chart"
    numbers = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", path.group(1))]
    return list(zip(numbers[::2], numbers[1::2], strict=True))


def check_pipeline_page(page_html: str) -> list[list[str]]:
    """Check the pipeline page agrees with itself; return its epoch table's rows."""
    soup = BeautifulSoup(page_html, "html.parser")
    rows = _cells(_table_with(soup, "epoch", "note"))
    headers = list(pipeline.TRACE_HEADERS)
    col = {h: headers.index(h) for h in headers}
    losses = [float(r[col["train loss"]]) for r in rows]

    # the chart's values table is the table's loss column
    values = _cells(soup.select_one("details.lrlab-values table"))
    assert [r[1] for r in values] == [r[col["train loss"]] for r in rows]
    assert [r[0] for r in values] == [r[col["epoch"]] for r in rows]

    # the SVG plots exactly those values: pixel y is an affine function of the loss
    points = _svg_points(page_html, "Train loss per epoch")
    assert len(points) == len(losses)
    y0, y1 = points[0][1], points[-1][1]
    lo, hi = losses[0], losses[-1]
    for (_, y), loss in zip(points, losses, strict=True):
        assert y == pytest.approx(y0 + (loss - lo) * (y1 - y0) / (hi - lo), abs=1e-3)
    steps = [b[0] - a[0] for a, b in itertools.pairwise(points)]
    assert max(steps) - min(steps) < 1e-3

    # the ASCII chart is the same numbers, drawn again
    assert _pre_starting(soup, "train loss\n").rstrip("\n") == "train loss\n" + ascii_chart(losses)

    # the sentence on rate changes quotes the table
    said = _paragraph(soup, "The rate starts at")
    assert said.startswith(f"The rate starts at {rows[0][col['lr used']]} ")
    quoted = re.findall(
        r"epoch (\d+) is the first to use ([\d.]+), although the scheduler already reports it "
        r"after epoch (\d+)",
        said,
    )
    changes = [
        (int(b[0]), b[col["lr used"]])
        for a, b in itertools.pairwise(rows)
        if a[col["lr used"]] != b[col["lr used"]]
    ]
    assert [(int(e), lr) for e, lr, _ in quoted] == changes
    for _, lr, before in quoted:
        assert rows[int(before) - 1][col["lr after step"]] == lr
    assert f"The last row's {rows[-1][col['lr after step']]} " in said

    # the key insight quotes the table and the fixed-rate comparison
    insight = _paragraph(soup, "The train loss went from")
    assert insight.startswith(f"The train loss went from {rows[0][col['train loss']]} in epoch 1")
    for loss, epoch in re.findall(r"([\d.]+) after epoch (\d+)", insight):
        assert rows[int(epoch) - 1][col["train loss"]] == loss
    comparison = _pre_starting(soup, "run  ").splitlines()
    fixed = comparison[2].split()
    scheduled = comparison[3].split()
    assert scheduled[-2:] == [rows[-1][col["train loss"]], rows[-1][col["test acc"]]]
    assert f"({scheduled[-2]} against {fixed[-2]})" in insight
    assert f"({scheduled[-1]} against {fixed[-1]})" in insight or (
        f"same final test accuracy ({scheduled[-1]})" in insight
    )

    # the prediction sentence quotes the prediction trace
    trace = _pre_starting(soup, "unit").split("\n\n")[1].splitlines()[2:]
    logits = [line.split()[1] for line in trace]
    probs = [line.split()[2] for line in trace]
    prediction = _paragraph(soup, "ReLU sets")
    assert f"The logits are {logits[0]} and {logits[1]}" in prediction
    assert f"probabilities {probs[0]} and {probs[1]}" in prediction
    label = int(re.search(r"The true label is (\d)", prediction).group(1))
    loss = re.search(r"-ln\((\d+\.\d+)\) = (\d+\.\d+)", prediction)
    assert loss.group(1) == probs[label]
    assert float(loss.group(2)) == pytest.approx(-math.log(float(probs[label])), abs=1e-3)
    return rows


def _page(site) -> str:
    return (site / "lesson/pipeline/index.html").read_text(encoding="utf-8")


@pytest.mark.build
def test_pipeline_page_agrees_with_itself_and_an_independent_run(built_site):
    rows = check_pipeline_page(_page(built_site))
    independent = pipeline.run_pipeline(pipeline.PipelineConfig(seed=site_seed()))
    expected = pipeline.trace_rows(independent.records)
    assert [tuple(r[: len(pipeline.TRACE_HEADERS)]) for r in rows] == expected


@pytest.mark.build
def test_another_seed_changes_every_number_consistently(built_site, tmp_path):
    seed = site_seed() + 1
    project = copy_site(tmp_path / "project")
    result = run_build(project, tmp_path / "site", LRLAB_SEED=str(seed))
    assert result.returncode == 0, result.stderr
    page = _page(tmp_path / "site")
    rows = check_pipeline_page(page)
    independent = pipeline.run_pipeline(pipeline.PipelineConfig(seed=seed))
    assert [tuple(r[: len(pipeline.TRACE_HEADERS)]) for r in rows] == pipeline.trace_rows(
        independent.records
    )
    original = check_pipeline_page(_page(built_site))
    loss = pipeline.TRACE_HEADERS.index("train loss")
    assert [r[loss] for r in rows] != [r[loss] for r in original]
    assert f"seed {seed}" in BeautifulSoup(page, "html.parser").get_text()
    # the second lesson's trace and chart still agree, on numbers of their own
    other = test_choosing.check_wsd_trace(tmp_path / "site")
    assert other != test_choosing.check_wsd_trace(built_site)


@pytest.mark.build
def test_big_idea_page_agrees_with_itself_and_an_independent_run(built_site):
    page = (built_site / "lesson/big-idea/index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(page, "html.parser")
    high, low = (  # the static charts' tables, not the explorer's (filled in the browser)
        _cells(t)
        for t in soup.select("details.lrlab-values table")
        if not t.find_parent(class_="lrlab-explorer")
    )
    before, after = (
        [line.split() for line in pre.get_text().splitlines()[2:]]
        for pre in soup.select("pre")
        if pre.get_text().startswith("epoch  lr used")
    )
    for epoch, _, loss, _ in before:  # the "before" program is the chart's fixed run
        assert high[int(epoch) - 1][1] == loss
    for epoch, lr, loss, _ in after:  # the "after" program is the chart's StepLR run
        assert high[int(epoch) - 1][2:] == [loss, lr]

    summary = {r[0]: r for r in _cells(_table_with(soup, "run", "final train loss"))}
    task = pipeline.make_task(site_seed())
    for values, lr in ((high, 1.0), (low, 0.1)):
        fixed, stepped = summary[f"fixed {lr:.1f}"], summary[f"StepLR from {lr:.1f}"]
        assert (fixed[2], stepped[2]) == (values[-1][1], values[-1][2])
        pair = pipeline.compare_fixed_and_steplr(task, lr, epochs=60, step_size=20, gamma=0.1)
        assert (fixed[2], stepped[2]) == (
            f"{pair.fixed[-1].train_loss:.4f}",
            f"{pair.scheduled[-1].train_loss:.4f}",
        )
        bullet = next(
            " ".join(li.get_text().split())
            for li in soup.select("article li")
            if li.get_text().startswith(f"Start rate {lr:.1f}.")
        )
        word = "lower" if float(stepped[2]) < float(fixed[2]) else "higher"
        assert f"{word} train loss ({stepped[2]} against {fixed[2]})" in bullet


@pytest.mark.parametrize("lesson", ["lesson", "choosing", "stability"])
def test_the_question_counts_in_prose_are_the_pages_own(lesson):
    """The overview and the test page say how many questions of each difficulty the test has:
    counted here from the question files the pages include, so the prose cannot drift."""
    import yaml

    from execdocs import fences

    words = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "ten": 10}
    counts = {}
    for page in ("practice", "test"):
        markdown = (ROOT / f"docs/{lesson}/{page}.md").read_text(encoding="utf-8")
        files = [
            "".join(text for _, text in f.body).strip() for f in fences.scan(markdown) if f.question
        ]
        levels = [yaml.safe_load((SNIPPETS / path).read_text())["difficulty"] for path in files]
        counts[page] = {level: levels.count(level) for level in ("easy", "medium", "hard")}
        counts[page]["all"] = len(levels)
    overview = (ROOT / f"docs/{lesson}/index.md").read_text(encoding="utf-8")
    test = counts["test"]
    assert f"{counts['practice']['all']} questions with hints" in overview
    assert (
        f"{test['all']} questions: {test['easy']} easy, {test['medium']} medium, "
        f"{test['hard']} hard" in overview
    )
    said = re.search(
        r"(\w+) questions to check that the pattern has stuck: "
        r"(\w+) easy, (\w+) medium, (\w+) hard",
        (ROOT / f"docs/{lesson}/test.md").read_text(encoding="utf-8"),
    )
    assert said is not None
    assert [words[w.lower()] for w in said.groups()] == [
        test["all"],
        test["easy"],
        test["medium"],
        test["hard"],
    ]
