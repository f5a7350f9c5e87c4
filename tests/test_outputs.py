"""`make outputs-diff` (`execdocs.outputs`): which outputs a change moved, page by page, and
whether each question's keyed answer still holds."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import ROOT, project_env, run_build
from execdocs import outputs
from lrlab.plots import chart
from test_engine import make_site


def test_an_html_output_reads_as_text_rows_and_its_chart_as_a_digest():
    html = chart("<svg><path d='M0 0'/></svg>", "Rates", ("step", "lr"), [("1", "0.1")])
    lines, charts = outputs.readable(html)
    assert "[chart]" in lines
    assert "step | lr" in lines
    assert "1 | 0.1" in lines
    assert not any("<" in line for line in lines), lines
    assert len(charts) == 1
    assert outputs.readable(html.replace("M0 0", "M0 1"))[0] == lines
    assert outputs.readable(html.replace("M0 0", "M0 1"))[1] != charts
    text = "loss < 1 and rate > 0\n<not a tag>"
    assert outputs.readable(text) == (text.splitlines(), [])


def _block(location, name, text, key, kind="block", **more):
    piece = outputs.piece(key, text)
    return outputs.shown(
        location, name, kind, {"output" if kind == "block" else "proof": piece}, **more
    )


def test_the_diff_names_each_moved_output_and_leaves_the_rest():
    base = [
        _block("docs/a.md:3", "moved", "rate 0.1\nsteps 5", "k1"),
        _block("docs/a.md:9", "same", "constant", "k2"),
        _block("docs/a.md:12", "reran", "unchanged text", "k3"),
        _block("docs/b.md:4", "q", "0.1", "k4", kind="question", answer="A"),
        _block("docs/b.md:8", "gone", "bye", "k5"),
    ]
    head = [
        _block("docs/a.md:4", "moved", "rate 0.2\nsteps 5", "k1b"),  # its line moved too
        _block("docs/a.md:10", "same", "constant", "k2"),
        _block("docs/a.md:13", "reran", "unchanged text", "k3b"),
        _block("docs/b.md:4", "q", "0.2", "k4b", kind="question", answer="A"),
        _block("docs/b.md:9", "new", "hello", "k6"),
    ]
    found = outputs.diff(base, head)
    assert [(c.page, c.block, c.what) for c in found.changes] == [
        ("docs/a.md", "moved", "output changed"),
        ("docs/b.md", "q", "output changed"),
        ("docs/b.md", "gone", "removed"),
        ("docs/b.md", "new", "new"),
    ]
    assert (found.blocks, found.unchanged, found.same_output) == (5, 1, 1)
    moved = found.changes[0]
    assert moved.diffs == [("output", ["@@ -1,2 +1,2 @@", "-rate 0.1", "+rate 0.2", " steps 5"])]
    assert found.changes[1].answer == "keyed answer A still holds"
    text = outputs.markdown(found, "main", "this change")
    assert "4 of 5 blocks and questions on 2 pages" in text
    assert "- question `q` (line 4): output changed; keyed answer A still holds" in text
    assert (
        outputs.markdown(outputs.diff(base, base), "main", "main").count("No output changed") == 1
    )


def test_a_question_whose_key_stops_holding_says_so():
    base = [_block("docs/b.md:4", "q", "0.1", "k4", kind="question", answer="A")]
    failed = "snippets/q.yml: the run selects B, not the keyed answer A"
    head = [
        outputs.shown("docs/b.md:4", "q", "question", {}, failure=failed, answer="A"),
    ]
    (change,) = outputs.diff(base, head).changes
    assert change.what == "now fails"
    assert change.answer == f"keyed answer A no longer holds: {failed}"


HELPER = "RATE = 0.1\n\n\ndef rate():\n    return RATE\n"
PAGE = """\
# Rates

## The rate

```python exec="1" result="text" id="rate"
from tinyhelp import rate
print(f"rate {rate()}")
```

```python exec="1" result="text" id="constant"
print("constant")
```

```python exec="1" html="1" id="curve"
from lrlab.plots import chart
from tinyhelp import rate
print(chart(f"<svg><text>{rate()}</text></svg>", "The rate", ("step", "lr"), [("1", str(rate()))]))
```

```question
q/rate.yml
```
"""
QUESTION = """\
difficulty: easy
teaches: index.md#the-rate
stem: What rate does the helper give?
proof: rate.py
options:
- text: "0.1"
  value: rate 0.1
- text: "0.2"
  value: rate 0.2
  why: The helper gives {printed}.
answer: A
steps:
- The proof prints the helper's rate.
"""


@pytest.mark.build
def test_a_helper_change_lists_exactly_the_outputs_it_moved(tmp_path):
    """A real project in git: its helper's rate changes from 0.1 to 0.2 in the working tree.
    `outputs diff HEAD` builds HEAD in a worktree (its own helper) and the working tree, and
    names the two blocks and the question that use the helper, and nothing else."""
    root = make_site(
        tmp_path / "project",
        {"index.md": PAGE},
        {
            "q/rate.yml": QUESTION,
            "q/rate.py": 'from tinyhelp import rate\nprint(f"rate {rate()}")\n',
        },
    )
    config = (
        (root / "mkdocs.yml").read_text().replace("helpers: [lrlab]", "helpers: [tinyhelp, lrlab]")
    )
    (root / "mkdocs.yml").write_text(config)
    (root / "src/tinyhelp").mkdir(parents=True)
    (root / "src/tinyhelp/__init__.py").write_text(HELPER)
    (root / ".gitignore").write_text("cache/\nsite/\n")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-C", str(root)]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "rate 0.1"], check=True)
    env = project_env(root)
    built = run_build(root, tmp_path / "site", **env)
    assert built.returncode == 0, built.stderr
    manifest = json.loads((root / "cache" / outputs.MANIFEST).read_text())
    assert [b["block"] for b in manifest["blocks"]] == ["rate", "constant", "curve", "q/rate"]

    (root / "src/tinyhelp/__init__.py").write_text(HELPER.replace("0.1", "0.2"))
    command = [sys.executable, "-m", "execdocs.outputs", "diff", "HEAD"]
    done = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    report = done.stdout
    assert "3 of 4 blocks and questions on 1 page: 1 now fails, 2 output changed." in report
    assert "- block `rate` (line 5): output changed" in report
    assert "-rate 0.1\n  +rate 0.2" in report
    assert "chart changed\n  @@ -5,2 +5,2 @@\n   step | lr\n  -1 | 0.1\n  +1 | 0.2" in report
    assert "- question `q/rate` (line 20): now fails; keyed answer A no longer holds" in report
    assert "`constant`" not in report
    assert "1 kept their cache keys" in report
    worktrees = subprocess.run([*git, "worktree", "list"], capture_output=True, text=True)
    assert len(worktrees.stdout.splitlines()) == 1, worktrees.stdout  # the scratch one is gone


def test_the_makefile_and_workflow_use_it():
    makefile = (ROOT / "Makefile").read_text()
    assert "outputs-diff:" in makefile
    assert "-m execdocs.outputs diff" in makefile
    workflow = (ROOT / ".github/workflows/ci.yml").read_text()
    assert "GITHUB_STEP_SUMMARY" in workflow
    assert "execdocs.outputs diff" in workflow
