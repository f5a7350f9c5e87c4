"""`execdocs.wheel`: the helper wheel the site serves is the exact source, installable, and the
same bytes for the same source; a lesson block that needs more than the wheel fails the build."""

from __future__ import annotations

import base64
import hashlib
import shutil
import zipfile
from io import BytesIO

import pytest

import lrlab
from conftest import ROOT, run_build
from execdocs.wheel import build_wheel, source_digest
from test_engine import make_site

REQUIRES = ["torch>=2.2", "numpy>=1.26"]


def test_the_wheel_holds_the_source_and_says_which_in_its_version():
    wheel = build_wheel(ROOT / "src/lrlab", "0.1.0", REQUIRES)
    assert wheel.digest == lrlab.source_digest() == source_digest(ROOT / "src/lrlab")
    assert wheel.filename == f"lrlab-0.1.0+{wheel.digest}-py3-none-any.whl"
    archive = zipfile.ZipFile(BytesIO(wheel.content))
    for path in sorted((ROOT / "src/lrlab").glob("*.py")):
        assert archive.read(f"lrlab/{path.name}") == path.read_bytes()
    metadata = archive.read(f"lrlab-{wheel.version}.dist-info/METADATA").decode()
    assert f"Version: {wheel.version}" in metadata
    assert [line for line in metadata.splitlines() if line.startswith("Requires-Dist")] == [
        f"Requires-Dist: {r}" for r in REQUIRES
    ]
    assert not any("mkdocs" in name or "execdocs" in name for name in archive.namelist())


def test_every_file_of_the_wheel_matches_its_record():
    wheel = build_wheel(ROOT / "src/lrlab", "0.1.0", REQUIRES)
    archive = zipfile.ZipFile(BytesIO(wheel.content))
    record = archive.read(f"lrlab-{wheel.version}.dist-info/RECORD").decode().splitlines()
    listed = {}
    for line in record:
        path, digest, size = line.rsplit(",", 2)
        listed[path] = (digest, size)
    assert set(listed) == set(archive.namelist())
    for path, (digest, size) in listed.items():
        if digest:
            data = archive.read(path)
            raw = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
            assert digest == f"sha256={raw.decode()}"
            assert int(size) == len(data)


def test_the_same_source_gives_the_same_bytes_and_an_edit_a_new_version(tmp_path):
    copy = shutil.copytree(ROOT / "src/lrlab", tmp_path / "lrlab")
    first = build_wheel(copy, "0.1.0", REQUIRES)
    assert build_wheel(copy, "0.1.0", REQUIRES).content == first.content
    (copy / "tables.py").write_text((copy / "tables.py").read_text() + "\n# edited\n")
    assert build_wheel(copy, "0.1.0", REQUIRES).version != first.version


NOTEBOOK_CONFIG = """\
  - execdocs:
      helpers: [lrlab]
      notebooks: ["*.md"]
      wheel: {package: lrlab, version: "0.1.0", requires: ["torch>=2.2"]}
"""


@pytest.mark.build
def test_a_lesson_block_that_imports_the_engine_fails_naming_page_and_block(tmp_path):
    page = '# Lesson\n\n```python exec="1" result="text" id="needs-engine"\n--8<-- "l/e.py"\n```\n'
    ok = '# Fine\n\n```python exec="1" result="text"\n--8<-- "l/ok.py"\n```\n'
    project = make_site(
        tmp_path / "p",
        {"lesson.md": page, "fine.md": ok},
        {"l/e.py": "import execdocs\nprint('ran')\n", "l/ok.py": "print('fine')\n"},
    )
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text().replace(
            "  - execdocs:\n      timeout: 2\n      helpers: [lrlab]\n", NOTEBOOK_CONFIG
        )
    )
    assert "wheel:" in config.read_text()
    result = run_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "docs/lesson.md [needs-engine]" in result.stderr
    assert "imports execdocs" in result.stderr
    assert (tmp_path / "site/fine/index.html").is_file()
    assert list((tmp_path / "site/packages").glob("lrlab-0.1.0+*.whl"))
