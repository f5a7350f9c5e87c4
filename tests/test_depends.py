"""What a page is made from: the files read while it renders, and no file it writes."""

from __future__ import annotations

import os

from execdocs import depends
from execdocs.incremental import Digests


def test_a_recording_holds_what_was_read_not_what_was_written(tmp_path):
    read, written, named = tmp_path / "read.txt", tmp_path / "written.txt", tmp_path / "memo"
    read.write_text("input")
    with depends.reading() as found:
        read.read_text()
        written.write_text("output")
        with open(os.open(written, os.O_WRONLY | os.O_APPEND), "a") as file:
            file.write("more")
        depends.note(named)
    assert found == {str(read), str(named)}


def test_the_innermost_recording_gets_each_read_and_none_after_it_ends(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    first.write_text("a")
    second.write_text("b")
    with depends.reading() as outer:
        with depends.reading() as inner:
            first.read_text()
        second.read_text()
    first.read_text()  # nothing records now
    assert inner == {str(first)}
    assert outer == {str(second)}


def test_a_digest_follows_the_content_and_marks_a_file_changed_while_read(tmp_path):
    path = tmp_path / "page.md"
    path.write_text("one")
    digests = Digests()
    before = digests(str(path))
    assert digests(str(path)) == before
    path.write_text("two")
    assert digests(str(path)) not in (before, "")
    assert digests(str(tmp_path / "missing")) == ""
    since = path.stat().st_mtime_ns  # the page started rendering no later than the edit
    assert digests(str(path), since) == "changed while rendering"
