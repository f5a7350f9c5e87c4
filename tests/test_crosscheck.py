"""`make crosscheck` (`execdocs.crosscheck`): blocks run here and as other CPUs under qemu, and
any byte of difference fails, naming the snippet and its first differing line."""

from __future__ import annotations

import shutil

import pytest
import yaml

from conftest import ROOT
from execdocs import crosscheck


def test_the_first_differing_line_is_named():
    assert crosscheck.first_difference("a\nb\nc\n", "a\nB\nc\n") == (2, "b", "B")
    assert crosscheck.first_difference("a\nb\n", "a\nb\nc\n") == (3, "", "c")
    line, here, there = crosscheck.first_difference("a\n", "a")
    assert line == 1
    assert here != there


def test_compare_reports_each_snippet_and_cpu_that_differs():
    runs = {
        "this machine": {"a.py": "1\n2\n", "b.py": "same\n"},
        "Haswell": {"a.py": "1\n2\n", "b.py": "same\n"},
        "EPYC": {"a.py": "1\n3\n", "b.py": "same\n"},
    }
    found = crosscheck.compare(runs, ["a.py", "b.py"])
    assert len(found) == 1
    assert found[0].startswith("snippets/a.py: EPYC prints other bytes than this machine")
    assert "output line 2" in found[0]
    assert "this machine: 2" in found[0]
    assert "EPYC: 3" in found[0]
    assert crosscheck.compare({**runs, "EPYC": runs["Haswell"]}, ["a.py", "b.py"]) == []


@pytest.fixture
def tiny_site(tmp_path):
    """A project with the site's engine options (its prelude and numerics mode) and two
    snippets: one prints a number any CPU computes alike, one asks the CPU what it has."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    options = next(e["execdocs"] for e in config["plugins"] if isinstance(e, dict))
    options = {**options, "preload": []}  # what the snippets need: torch, always preloaded
    (tmp_path / "docs").mkdir()
    snippets = tmp_path / "snippets"
    snippets.mkdir()
    (snippets / "portable.py").write_text(
        "import torch\n"
        "torch.manual_seed(0)\n"
        "model = torch.nn.Linear(8, 1)\n"
        "x = torch.randn(64, 8)\n"
        "loss = model(x).pow(2).mean()\n"
        "loss.backward()\n"
        "print(f'{loss.item():.10f} {model.weight.grad.abs().sum().item():.10f}')\n"
    )
    (snippets / "asks_the_cpu.py").write_text(
        "import torch\nprint('the same so far')\nprint('AVX2:', torch.cpu._is_avx2_supported())\n"
    )
    site = {"site_name": "tiny", "plugins": [{"execdocs": options}]}
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(site), encoding="utf-8")
    return tmp_path / "mkdocs.yml"


@pytest.mark.emulated
@pytest.mark.skipif(shutil.which("qemu-x86_64") is None, reason="`make test` installs qemu-user")
def test_a_block_whose_output_depends_on_the_cpu_fails_by_name_and_line(tiny_site):
    """A real run as two CPUs, one with AVX2 and one without: this machine differs from at
    least one of them in the block that prints what its CPU has, and in no other."""
    found = crosscheck.crosscheck(
        tiny_site, ["portable.py", "asks_the_cpu.py"], cpus=("Haswell", "Nehalem")
    )
    assert found, "the CPU-dependent block was not caught"
    assert all(line.startswith("snippets/asks_the_cpu.py: ") for line in found), found
    assert all("from output line 2" in line for line in found), found
    assert any("AVX2: True" in line and "AVX2: False" in line for line in found), found
