"""`execdocs.fences`: how a page's fences are found, and where each line of their code is from."""

from __future__ import annotations

from execdocs.fences import expand, include_path, place, scan

PAGE = """\
# Title

## Section one

```python exec="1" result="text" id="first"
--8<-- "a/one.py"
```

````markdown
```python exec="1"
print("nested: body text, not a fence")
```
````

## Section two

```question
a/q.yml
```

    ```py exec="true" timeout="20"
    print("indented")
    ```
"""


def test_scan_finds_fences_with_their_sections_options_and_lines():
    found = scan(PAGE)
    assert [(f.line, f.section) for f in found] == [
        (5, "Section one"),
        (9, "Section one"),
        (17, "Section two"),
        (21, "Section two"),
    ]
    first, nested, question, indented = found
    assert first.executed
    assert first.options == {"exec": "1", "result": "text", "id": "first"}
    assert not nested.executed  # a fence inside a longer fence is its body
    assert question.question
    assert not question.executed
    assert indented.executed
    assert indented.options["timeout"] == "20"
    assert indented.body == ((22, 'print("indented")'),)  # the fence's indent is removed


def test_include_path_reads_only_a_whole_line_include():
    assert include_path('--8<-- "a/one.py"') == "a/one.py"
    assert include_path("  --8<-- a/one.py  ") == "a/one.py"
    assert include_path('print("--8<-- a.py")') is None


def test_place_maps_each_code_line_to_its_snippet_line(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a/one.py").write_text("x = 1\ny = 2\nprint(x + y)\n")
    body = ["import os", '--8<-- "a/one.py"', "print(os.sep)"]
    fence = place("docs/p.md", 10, body, tmp_path)
    prefix = tmp_path.as_posix()
    assert fence.code_line(1) == "docs/p.md:11"
    assert fence.code_line(4) == f"{prefix}/a/one.py:3"
    assert fence.code_line(5) == "docs/p.md:13"
    assert fence.code_line(9) == "line 9 of the block"
    assert fence.code_line(0) == ""
    assert fence.location == "docs/p.md:10"


def test_a_block_that_only_includes_a_snippet_is_named_for_it(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a/one.py").write_text("print(1)\n")
    assert place("docs/p.md", 3, ['--8<-- "a/one.py"'], tmp_path).default_id(tmp_path) == "a/one"
    written = place("docs/p.md", 3, ["print(1)"], tmp_path)
    assert written.default_id(tmp_path) == "line 3"


def test_expand_inlines_includes_with_their_indent_or_gives_none(tmp_path):
    (tmp_path / "one.py").write_text("a = 1\n\nb = 2\n")
    assert (
        expand(["def f():", '    --8<-- "one.py"'], tmp_path)
        == "def f():\n    a = 1\n\n    b = 2\n"
    )
    assert expand(['--8<-- "missing.py"'], tmp_path) is None
