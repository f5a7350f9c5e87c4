"""Unit tests of the teaching helpers in lrlab."""

from __future__ import annotations

import pytest
import torch

from lrlab import data, repro, schedules, tables, training


def test_seed_everything_makes_torch_repeatable():
    repro.seed_everything(123)
    first = torch.randn(3)
    repro.seed_everything(123)
    assert torch.equal(first, torch.randn(3))
    assert torch.get_num_threads() == 1
    assert repro.last_seed() == 123


def test_site_seed_reads_environment(monkeypatch):
    monkeypatch.setenv("LRLAB_SEED", "7")
    assert repro.site_seed() == 7
    assert repro.seed_everything() == 7
    monkeypatch.setenv("LRLAB_SEED", "seven")
    with pytest.raises(ValueError, match="LRLAB_SEED"):
        repro.site_seed()


def test_provenance_names_torch_version_and_seed():
    record = repro.provenance(seed=3)
    assert record.torch_version == torch.__version__
    assert "seed 3" in record.describe()
    assert record.device == "cpu"


def test_y_equals_2x():
    x, y = data.y_equals_2x(4)
    assert x.shape == (4, 1)
    assert torch.equal(y, 2 * x)
    with pytest.raises(ValueError, match="points"):
        data.y_equals_2x(0)


def test_trace_records_rate_used_and_rate_after_step():
    records = training.train_y2x(
        lr=0.1,
        epochs=6,
        scheduler_factory=lambda opt: torch.optim.lr_scheduler.StepLR(opt, step_size=2, gamma=0.5),
    )
    assert [r.epoch for r in records] == [1, 2, 3, 4, 5, 6]
    # StepLR(step_size=2): the rate used halves every 2 epochs...
    assert [r.lr_used for r in records] == pytest.approx([0.1, 0.1, 0.05, 0.05, 0.025, 0.025])
    # ...and get_last_lr() after each step is the next epoch's rate.
    assert [r.lr_after for r in records[:-1]] == [r.lr_used for r in records[1:]]


def test_trace_without_scheduler_keeps_rate():
    records = training.train_y2x(lr=0.05, epochs=3)
    assert all(r.lr_used == r.lr_after == pytest.approx(0.05) for r in records)
    assert records[-1].loss < records[0].loss


@pytest.mark.parametrize("fraction", [0.4, 0.8, 1.6, 2.2])
def test_the_steepest_error_is_multiplied_by_one_minus_lr_times_curvature(fraction):
    """Along the top eigenvector of the Hessian, gradient descent on y = 2x multiplies the
    error by 1 - lr * curvature at every step; the loss is train_y2x's; the words follow the
    signs and sizes: one side below 1 / curvature, overshooting above, growing above 2 /."""
    curvature = training.steepest_errors(0.01, epochs=1).curvature
    lr = fraction / curvature
    run = training.steepest_errors(lr, epochs=4)
    factor = 1 - lr * curvature
    for before, after in zip(run.errors, run.errors[1:], strict=False):
        assert after == pytest.approx(factor * before, rel=1e-3, abs=1e-5)
    losses = [record.loss for record in training.train_y2x(lr=lr, epochs=4)]
    assert run.losses[:4] == pytest.approx(losses, rel=1e-5)
    assert run.overshoots == (fraction > 1)
    assert run.shrinks == (fraction < 2)
    assert run.behaviour.endswith("grows") == (fraction > 2)


def test_train_needs_an_epoch():
    with pytest.raises(ValueError, match="epochs"):
        training.train_y2x(lr=0.1, epochs=0)


def test_lr_schedule_reads_rate_before_each_step():
    rates = training.lr_schedule(
        lambda opt: torch.optim.lr_scheduler.ExponentialLR(opt, gamma=0.5), steps=3, lr=1.0
    )
    assert rates == pytest.approx([1.0, 0.5, 0.25])


def test_constant_runs_groups_equal_rates():
    runs = schedules.constant_runs([0.1, 0.1, 0.05, 0.05, 0.05, 0.1])
    assert runs == [
        schedules.Run(1, 2, 0.1),
        schedules.Run(3, 5, 0.05),
        schedules.Run(6, 6, 0.1),
    ]
    assert schedules.constant_runs([]) == []


def test_text_table_aligns_columns():
    text = tables.table(("a", "long header"), [("1", "2"), ("333", "4")])
    lines = text.splitlines()
    assert len({len(line) for line in lines}) == 1
    assert lines[0].split() == ["a", "long", "header"]


def test_markdown_table_and_bad_input():
    md = tables.table(("x", "y"), [("1", "2")], style="markdown")
    assert md.splitlines() == ["| x | y |", "|---:|---:|", "| 1 | 2 |"]
    with pytest.raises(ValueError, match="one cell per header"):
        tables.table(("x", "y"), [("1",)])
    with pytest.raises(ValueError, match="style"):
        tables.table(("x",), [("1",)], style="rst")  # type: ignore[arg-type]


def test_an_html_table_escapes_its_cells_and_reads_bold_as_markdown_does():
    from bs4 import BeautifulSoup

    made = tables.table(("run", "a<b"), [("**best**", "1 & 2"), ("x", "**")], "html", "lr")
    soup = BeautifulSoup(made, "html.parser")
    assert [th.get_text() for th in soup.select("thead th")] == ["run", "a<b"]
    assert [[td.get_text() for td in tr.select("td")] for tr in soup.select("tbody tr")] == [
        ["best", "1 & 2"],
        ["x", "**"],
    ]
    assert soup.select_one("tbody td strong").get_text() == "best"
    assert [td["style"] for td in soup.select("tbody tr td")][:2] == [
        "text-align: left",
        "text-align: right",
    ]


def test_trace_table_formats_records():
    records = [training.EpochRecord(1, 0.1, 2.5, 0.05)]
    assert tables.trace_table(records, digits=2).splitlines()[-1].split() == [
        "1",
        "0.10",
        "2.50",
        "0.05",
    ]


def test_table_align_sets_each_columns_alignment():
    md = tables.table(("run", "loss", "note"), [("a", "1", "x")], style="markdown", align="lrc")
    assert md.splitlines()[1] == "|:---|---:|:---:|"
    assert tables.table(("x", "y"), [("1", "2")], style="markdown").splitlines()[1] == "|---:|---:|"
    text = tables.table(("name", "n"), [("ab", "1"), ("abcdef", "22")], align=["l", "r"])
    assert text.splitlines()[2:] == ["ab       1", "abcdef  22"]
    left_end = tables.table(("n", "name"), [("1", "ab"), ("22", "abcdef")], align="rl")
    assert left_end.splitlines()[2] == " 1  ab"  # no padding after a left-aligned last column
    with pytest.raises(ValueError, match="one letter per column"):
        tables.table(("x", "y"), [("1", "2")], align="l")
    with pytest.raises(ValueError, match="'l', 'r' or 'c'"):
        tables.table(("x", "y"), [("1", "2")], align="lx")


def test_the_helper_package_imports_nothing_of_the_build():
    """A learner installs lrlab with torch alone: no module of it imports the engine, MkDocs,
    markdown-exec or nbformat (checked in a fresh interpreter, so nothing else preloads them)."""
    import subprocess
    import sys
    from pathlib import Path

    import lrlab

    names = sorted(p.stem for p in Path(lrlab.__file__).parent.glob("*.py") if p.stem != "ipython")
    code = (
        "import sys\n"
        + "".join(f"import lrlab.{name}\n" for name in names if name != "__init__")
        + "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'execdocs', 'mkdocs', 'markdown_exec', 'nbformat', 'pymdownx', 'markdown'})\n"
        "print(','.join(bad))\n"
    )
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert found.stdout.strip() == ""


def test_the_versions_note_says_when_the_readers_platform_differs(monkeypatch):
    """What a notebook's first cell prints: the same machine and torch reproduce the page;
    another architecture, or torch imported before the cell set the numerics, do not."""
    import platform

    from lrlab.repro import torch_version, versions_note

    built = {"torch": torch_version()}
    monkeypatch.setattr(platform, "machine", lambda: "x86_64")
    same = versions_note(built, "x86_64", {"ATEN_CPU_CAPABILITY": "default"})
    assert "x86_64 here; the page was built on x86_64 (the same: " in same
    assert "restart" not in same
    monkeypatch.setattr(platform, "machine", lambda: "arm64")
    other = versions_note(built, "x86_64", {"ATEN_CPU_CAPABILITY": "default"})
    assert "aarch64 here; the page was built on x86_64 (different: " in other
    # this process runs ATen's default kernels (conftest): a page pinned to others was not
    late = versions_note(built, "x86_64", {"ATEN_CPU_CAPABILITY": "avx2"})
    assert "restart the kernel" in late


def test_stability_sentences_group_rates_by_what_their_error_did():
    curvature = training.steepest_errors(0.01, epochs=1).curvature
    runs = [training.steepest_errors(f / curvature, epochs=4) for f in (0.5, 1.5, 1.8, 2.3)]
    said = training.stability_sentences(runs)
    assert [s.split(" (lr = ")[0] for s in said] == [
        "below 1 / curvature",
        "between 1 / curvature and 2 / curvature",
        "above 2 / curvature",
    ]
    assert f"(lr = {runs[1].lr:g}, {runs[2].lr:g})" in said[1]
    assert said[2].endswith("the loss grows at every step.")
