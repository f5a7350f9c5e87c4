"""`make properdocs`'s comparer: what it tells apart in an MkDocs and a ProperDocs build."""

from __future__ import annotations

from tools.properdocs import differences

HEAD = '<meta name="generator" content="{}, mkdocs-material-{}">'
NOTE = '<p class="lrlab-provenance">Executed at build · {} s · {}</p>'


def site(root, generator: str, body: str = "<pre>42</pre>", material: str = "9.8.2", **extra):
    """A tiny built site: a home page, one lesson page with an output, the build report."""
    pages = {
        "index.html": f"{HEAD.format(generator, material)}\n<h1>Home</h1>",
        "lesson/index.html": f"{HEAD.format(generator, material)}\n{body}",
        "build-report/index.html": f"{HEAD.format(generator, material)}\ntook {len(generator)} s",
        "assets/logo.png": b"\x89PNG\r\n\x1a\n\xff",
        **extra,
    }
    for name, content in pages.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def test_only_the_generator_and_run_times_may_differ(tmp_path):
    mkdocs = site(tmp_path / "mkdocs", "mkdocs-1.6.1", NOTE.format("0.81", "fresh"))
    properdocs = site(tmp_path / "pd", "mkdocs-ProperDocs 1.6.7", NOTE.format("0.79", "cached"))
    assert differences(mkdocs, properdocs) == []


def test_a_differing_page_is_named_with_its_diff(tmp_path):
    mkdocs = site(tmp_path / "mkdocs", "mkdocs-1.6.1")
    properdocs = site(
        tmp_path / "pd", "mkdocs-ProperDocs 1.6.7", "<pre>43</pre>", **{"extra.txt": "x"}
    )
    found = differences(mkdocs, properdocs)
    assert found[0] == f"extra.txt: only in {properdocs}"
    name, *diff = found[1].split("\n    ")
    assert name == "lesson/index.html: differs"
    assert diff == [
        "@@ -1,2 +1,2 @@",
        f" {HEAD.format('GENERATOR', '9.8.2')}",
        "-<pre>42</pre>",
        "+<pre>43</pre>",
    ]
    assert len(found) == 2  # the home page, the image and the report are the same


def test_material_must_match_and_binary_files_are_compared(tmp_path):
    mkdocs = site(tmp_path / "mkdocs", "mkdocs-1.6.1")
    properdocs = site(
        tmp_path / "pd", "mkdocs-ProperDocs 1.6.7", material="9.8.3", **{"assets/logo.png": b"\xff"}
    )
    found = differences(mkdocs, properdocs)
    assert found[0] == "assets/logo.png: differs (9 and 1 bytes, not text)"
    assert [line.split("\n")[0] for line in found[1:]] == [
        "index.html: differs",
        "lesson/index.html: differs",
    ]
    assert "mkdocs-material-9.8.3" in found[1]
