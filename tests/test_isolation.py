"""Every block in its own process, proved by building real pages with faulty blocks.

One small site holds a page of blocks that change global state, a page that probes that state,
a page of blocks that end their process in every way they can, and a plain page. The build
must fail naming each fault at its page and line, build every page, and let nothing of one
block reach another's output.
"""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from conftest import build_once
from test_engine import assert_reported, fence_line, make_site

pytestmark = pytest.mark.build

LEAKS = """\
# Leaks

```python exec="1" result="text" id="printopts"
import torch
torch.set_printoptions(precision=2)
print("LEAK-printopts", torch.tensor([1 / 3]))
```

```python exec="1" result="text" id="dtype"
import torch
torch.set_default_dtype(torch.float64)
print("LEAK-dtype", torch.get_default_dtype())
```

```python exec="1" result="text" id="world"
import os, sys, warnings
os.environ["LRLAB_LEAKED"] = "1"
os.chdir("/")
warnings.simplefilter("ignore")
sys.modules["leaked_module"] = sys
print("LEAK-world")
```
"""

PROBE = """\
# Probe

```python exec="1" result="text" id="probe"
import os, sys, torch
print(torch.tensor([1 / 3]), torch.get_default_dtype())
print(os.environ.get("LRLAB_LEAKED"), os.getcwd() != "/", "leaked_module" in sys.modules)
```
"""

FAULTS = """\
# Faults

```python exec="1" result="text" id="exit0"
import os
print("LEAK-exit0")
os._exit(0)
```

```python exec="1" result="text" id="segfault"
import ctypes
print("LEAK-segfault")
ctypes.string_at(0)
```

```python exec="1" result="text" id="abort"
import os
os.abort()
```

```python exec="1" result="text" id="memory" memory="1G"
blob = bytearray(3 * 1024**3)
```

```python exec="1" result="text" id="thread"
import threading, time
threading.Thread(target=time.sleep, args=(60,)).start()
print("LEAK-thread")
```

```python exec="1" result="text" id="child"
import subprocess
subprocess.Popen(["sleep", "60"])
print("LEAK-child")
```

```python exec="1" result="text" id="stuck" timeout="1"
import signal, time
signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGALRM])
time.sleep(60)
```

```python exec="1" result="text" id="undeclared"
import warnings
print("LEAK-undeclared")
warnings.warn("nobody declared me")
```

```python exec="1" result="text" id="declared-missing" warns="FutureWarning"
print("LEAK-declared-missing")
```

```python exec="1" result="text" id="written"
import sys, pprint
print("printed")
sys.stdout.write("written\\n")
pprint.pprint({"pretty": [1, 2]})
```

```python exec="1" result="text" id="pprint-only"
import pprint
pprint.pprint({"only": "pprint"})
```

```python exec="1" result="text" id="declared" warns="UserWarning"
import sys, warnings
print("shown with its warning")
warnings.warn("shown on purpose")
print("and some stderr", file=sys.stderr)
```
"""

PLAIN = """\
# Plain

```python exec="1" result="text" id="plain"
print("plain page output")
```
"""

OFFLINE = """\
# Offline

```python exec="1" result="text" id="openml" timeout="30"
--8<-- "net/openml.py"
```

```python exec="1" result="text" id="download"
--8<-- "net/download.py"
```

```question
net/downloads-its-answer.yml
```
"""

NET_SNIPPETS = {
    "net/openml.py": (
        'from sklearn.datasets import fetch_openml\n\nmnist = fetch_openml("mnist_784")\n'
        'print("LEAK-openml", mnist.data.shape)\n'
    ),
    "net/download.py": (
        "import urllib.request\n\n"
        'with urllib.request.urlopen("https://example.com/rates.csv") as response:\n'
        '    print("LEAK-download", response.read())\n'
    ),
    "net/downloads-its-answer.yml": (
        "difficulty: easy\nstem: Which?\noptions: [a, {text: b, why: 'Not b: {printed}'}]\n"
        "answer: A\nsteps: [s]\nteaches: index.md#top\nproof: fetch_answer.py\n"
    ),
    "net/fetch_answer.py": (
        'import urllib.request\nprint(urllib.request.urlopen("https://example.com/a").read())\n'
    ),
}

NO_NETWORK = "the build has no network"

EXPECTED = {  # block id -> (kind, the line it must be named at, if any, message fragment)
    "exit0": ("Exit", "", "exit status 0"),
    "segfault": ("Crash", "ctypes.string_at(0)", "segmentation fault"),
    "abort": ("Crash", "os.abort()", "abort"),
    "memory": ("MemoryLimit", "bytearray(3 * 1024**3)", "1 GiB memory limit"),
    "thread": ("LeftRunning", "", "thread"),
    "child": ("LeftRunning", "", "child process"),
    "stuck": ("Timeout", "time.sleep(60)", "ignores the timeout signal"),
    "undeclared": (
        "Warning",
        'warnings.warn("nobody declared me")',
        "UserWarning: nobody declared me",
    ),
    "declared-missing": ("MissingWarning", "", "FutureWarning"),
}


def at(marker: str) -> str:
    """``docs/faults.md:<line>`` of the first line holding ``marker``."""
    return f"docs/faults.md:{fence_line(FAULTS, marker)}"


@pytest.fixture(scope="module")
def faulty_build(tmp_path_factory):
    pages = {
        "leaks.md": LEAKS,
        "probe.md": PROBE,
        "faults.md": FAULTS,
        "plain.md": PLAIN,
        "offline.md": OFFLINE,
    }
    return build_once(
        tmp_path_factory,
        "isolation",
        lambda folder: (make_site(folder, pages, NET_SNIPPETS), {}),
        "--strict",
    )


def test_the_build_fails_and_lists_every_fault(faulty_build):
    _, result = faulty_build
    assert result.returncode != 0
    # the faults page's, and the offline page's two blocks and question
    assert f"{len(EXPECTED) + 3} code block(s) failed" in result.stderr, result.stderr


@pytest.mark.parametrize("block", sorted(EXPECTED))
def test_each_fault_names_its_page_line_and_kind(faulty_build, block):
    _, result = faulty_build
    kind, marker, fragment = EXPECTED[block]
    code_line = at(marker) if marker else ""
    assert_reported(result.stderr, "faults.md", FAULTS, block, kind, code_line, fragment)


OUTPUT = 'div.lrlab-block[data-block="%s"] > div:not(.lrlab-stderr)'
"""A block's printed output (its stderr has a box of its own)."""


def page(root, name: str) -> str:
    return (root / "site" / name / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("block", "where", "host"),
    [
        ("openml", "snippets/net/openml.py:3", "openml.org:443"),
        ("download", "snippets/net/download.py:3", "example.com:443"),
    ],
)
def test_a_download_fails_the_build_at_its_page_line_and_block(faulty_build, block, where, host):
    """The build machine has no network: fetching a dataset that no package ships fails at
    once (scikit-learn's fetcher does not retry), naming the page, the block and its line."""
    _, result = faulty_build
    assert_reported(result.stderr, "offline.md", OFFLINE, block, "Network", where, host, NO_NETWORK)


def test_question_code_that_downloads_fails_naming_its_file(faulty_build):
    _, result = faulty_build
    lines = [x for x in result.stderr.splitlines() if "[net/downloads-its-answer] " in x]
    assert len(lines) == 1, result.stderr
    fence = fence_line(OFFLINE, "```question")
    assert lines[0].strip().startswith(f"docs/offline.md:{fence} [net/downloads-its-answer] ")
    assert "snippets/net/downloads-its-answer.yml" in lines[0]
    assert f"Network: the block tried to reach example.com:443; {NO_NETWORK}" in lines[0]


def test_a_page_whose_blocks_download_shows_a_notice_for_each(faulty_build):
    root, _ = faulty_build
    soup = BeautifulSoup(page(root, "offline"), "html.parser")
    notices = [n.get_text(" ", strip=True) for n in soup.select("div.lrlab-failure")]
    assert len(notices) == 3, notices
    assert all(NO_NETWORK in notice for notice in notices), notices


def test_every_page_is_built_despite_the_faults(faulty_build):
    root, _ = faulty_build
    for name in ("leaks", "probe", "faults", "plain", "offline"):
        assert (root / "site" / name / "index.html").is_file(), name
    assert "plain page output" in page(root, "plain")


def test_no_block_changes_what_another_block_sees(faulty_build):
    root, _ = faulty_build
    probe = BeautifulSoup(page(root, "probe"), "html.parser")
    shown = probe.select_one(f"{OUTPUT % 'probe'} pre").get_text()
    assert shown.splitlines() == ["tensor([0.3333]) torch.float32", "None True False"]


def test_nothing_of_a_failed_block_reaches_any_page(faulty_build):
    root, _ = faulty_build
    for built in (root / "site").rglob("*.html"):
        text = built.read_text(encoding="utf-8")
        assert "Traceback (most recent call last)" not in text, built
        leaked = set(re.findall(r"LEAK-[a-z0-9-]+", text))
        if built.parent.name == "leaks":
            assert leaked == {"LEAK-printopts", "LEAK-dtype", "LEAK-world"}
        else:
            assert not leaked, f"{built}: {leaked}"


def test_everything_a_block_writes_is_on_its_page(faulty_build):
    root, _ = faulty_build
    soup = BeautifulSoup(page(root, "faults"), "html.parser")

    def output(block: str) -> str:
        found = soup.select_one(f"{OUTPUT % block} pre")
        return found.get_text() if found else ""

    assert output("written") == "printed\nwritten\n{'pretty': [1, 2]}\n"
    assert output("pprint-only") == "{'only': 'pprint'}\n"
    declared = soup.select_one('div.lrlab-block[data-block="declared"]')
    assert output("declared") == "shown with its warning\n"
    stderr = declared.select_one("div.lrlab-stderr pre").get_text()
    where = at('warnings.warn("shown on purpose")')
    assert stderr == f"{where}: UserWarning: shown on purpose\nand some stderr\n"
