"""The numerics mode (`execdocs.numerics`): every process that runs a block runs under it, and a
process that imported torch without it is refused rather than trusted."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from conftest import NUMERICS, ROOT, SITE
from execdocs import numerics, runner

WITHOUT = {k: v for k, v in os.environ.items() if k not in SITE.numerics}
"""This environment without the numerics mode (the tests' own process has it: conftest)."""

PROBE = textwrap.dedent(
    """\
    import torch
    from execdocs import numerics
    print(torch.backends.cpu.get_cpu_capability())
    print(repr(numerics.problem(dict({mode!r}))))
    """
).format(mode=NUMERICS)


def test_the_warm_parent_pins_the_mode_itself():
    """Started from an environment without it, the warm parent sets the mode before torch is
    imported: its children run ATen's portable kernels and MKL's compatible path."""
    warm = runner.Pool(1, numerics=SITE.numerics, env=WITHOUT)
    try:
        outcome = warm.submit(runner.Job(PROBE, "probe", numerics=NUMERICS)).result()
    finally:
        warm.close()
    assert outcome.ok, outcome.problem
    assert outcome.output == f"{SITE.numerics['ATEN_CPU_CAPABILITY'].upper()}\n''\n"


def test_without_the_mode_a_warm_parent_runs_this_cpus_kernels_and_blocks_are_refused():
    """The contrast: the same pool started without the mode picks kernels by CPU, and a job
    that carries the site's mode refuses to run there, saying how to run it."""
    warm = runner.Pool(1, env=WITHOUT)
    try:
        outcome = warm.submit(runner.Job("print(1)", "unpinned", numerics=NUMERICS)).result()
    finally:
        warm.close()
    assert outcome.problem is not None
    assert outcome.problem.kind == runner.Kind.NUMERICS
    assert "started without the site's numerics mode" in outcome.problem.message
    assert numerics.spelled(SITE.numerics) in outcome.problem.message


REFUSED = textwrap.dedent(
    """\
    import os, torch
    a = torch.randn(64, 64)
    print((a @ a + 1).sum().item() != 0)  # ATen and MKL have chosen their kernels
    os.environ.update(dict({mode!r}))  # too late
    from execdocs import numerics, runner
    outcome = runner.run(runner.Job("print('ran')", "late", numerics={mode!r}))
    print(outcome.problem.kind, outcome.output == "")
    print(outcome.problem.message)
    try:
        numerics.pin(dict({mode!r}))
    except numerics.NumericsError as error:
        print("pin refused:", error)
    """
).format(mode=NUMERICS)


def test_a_process_that_ran_torch_before_the_mode_was_set_is_refused():
    """Setting the variables after torch ran changes nothing (ATen and MKL read them once):
    the engine says so instead of running the block, and so does `numerics.pin`."""
    done = subprocess.run(
        [sys.executable, "-c", REFUSED],
        capture_output=True,
        text=True,
        env=WITHOUT,
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[1] == "Numerics True"
    assert "before" in lines[2]
    assert "is imported" in lines[2]
    assert lines[3].startswith("pin refused: torch was imported")


def test_pin_before_torch_puts_the_mode_in_force():
    code = (
        "from execdocs import numerics\n"
        f"numerics.pin(dict({NUMERICS!r}))\n"
        "import torch\n"
        "a = torch.randn(8, 8); a @ a\n"
        f"print(repr(numerics.problem(dict({NUMERICS!r}))))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=WITHOUT, timeout=120
    )
    assert done.stdout == "''\n", done.stderr


def test_this_test_process_runs_under_the_site_mode():
    """conftest pinned it before any test imported torch: the tests' own trainings print what
    the pages print."""
    import torch

    a = torch.randn(8, 8)
    assert (a @ a).shape == (8, 8)
    assert numerics.problem(SITE.numerics) == ""


@pytest.mark.parametrize(
    ("machine", "expected"), [("x86_64", "x86_64"), ("AMD64", "x86_64"), ("arm64", "aarch64")]
)
def test_the_architecture_has_one_name(monkeypatch, machine, expected):
    monkeypatch.setattr(numerics.platform, "machine", lambda: machine)
    assert numerics.machine() == expected
    assert numerics.platform_key(SITE.numerics)["machine"] == expected
