"""Which pages a rebuild under `mkdocs serve` renders again: those whose inputs changed.

Every other page keeps what the build that last rendered it made: its file in the served site,
its attributes (title, table of contents, content: what the navigation of other pages shows),
its search index entries and what it added to the build's records. So the served site after any
sequence of edits is the site a full build of the same sources makes (`tests/test_serve.py`).

A page's inputs are the files this process read while it rendered (`execdocs.depends`: its
Markdown, included snippets, question files and their code), each known by its content digest.
What every page is made from (the configuration, the list of files, the helper package, the
theme) is one signature: when it changes, or a page's title or metadata changes (other pages'
navigation shows them), everything is rendered again. So is the page that carries the build
report, and any page whose last rendering recorded a failure (its blocks run again)."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.utils import clean_directory

from execdocs import depends

VIRTUAL = "generated:"
"""The prefix of a memo's input that is not a file but a generated page's source."""

_NOT_STATE = {"active", "_Page__active", "links_to_anchors", "file", "parent"}
"""Page attributes a rendering does not make (or that refer to this build's other objects)."""


@dataclass
class Memo:
    """What one page's last rendering read and made."""

    inputs: dict[str, str]  # absolute path -> content digest ("" if missing)
    state: dict[str, Any]  # the page's attributes its rendering set
    links: dict[str, dict[str, str]]  # its links to anchors, by the linked page's src_uri
    records: dict[str, Any]  # what it added to the build's records
    search: list[dict[str, Any]]  # its search index entries
    volatile: bool = False  # rendered on every build (the build report)


class Digests:
    """Content digests of files, recomputed only when a file's stat changes."""

    def __init__(self) -> None:
        self._known: dict[str, tuple[tuple[int, int, int], str]] = {}

    def __call__(self, path: str, since_ns: int = 0) -> str:
        """The digest of ``path`` ("" if it does not exist); a file modified after
        ``since_ns`` (it changed while the page rendered) gets one nothing matches."""
        try:
            stat = os.stat(path)
        except OSError:
            return ""
        if since_ns and stat.st_mtime_ns >= since_ns:
            return "changed while rendering"
        signature = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
        known = self._known.get(path)
        if known is not None and known[0] == signature:
            return known[1]
        try:
            with open(path, "rb") as file:
                digest = hashlib.blake2b(file.read(), digest_size=16).hexdigest()
        except OSError:
            return ""
        self._known[path] = (signature, digest)
        return digest


def _mark(records: Any) -> dict[str, Any]:
    """Where each of the build's records stands now (list lengths, dict contents)."""
    marks: dict[str, Any] = {}
    for field in dataclasses.fields(records):
        value = getattr(records, field.name)
        if isinstance(value, list):
            marks[field.name] = len(value)
        elif isinstance(value, dict):
            marks[field.name] = {k: dict(v) if isinstance(v, dict) else v for k, v in value.items()}
    return marks


def _added(before: Any, now: Any) -> Any:
    if isinstance(now, list):
        return now[before:]
    found = {}
    for key, value in now.items():
        if isinstance(value, dict):
            inner = _added(before.get(key, {}), value)
            if inner:
                found[key] = inner
        elif key not in before or before[key] != value:
            found[key] = value
    return found


def _apply(records: Any, added: dict[str, Any]) -> None:
    for name, value in added.items():
        target = getattr(records, name)
        if isinstance(target, list):
            target.extend(value)
            continue
        for key, inner in value.items():
            if isinstance(inner, dict) and isinstance(target.get(key), dict):
                target[key].update(inner)
            else:
                target[key] = inner


class Pages:
    """The memory of one `mkdocs serve` session: each page's last rendering."""

    def __init__(self) -> None:
        self.memos: dict[str, Memo] = {}
        self.whole = ""  # the signature of what every page is made from
        self.fresh: set[str] = set()  # pages this build does not render
        self.everything = False  # this build renders every page's HTML again
        self.digests = Digests()
        self.ignored: tuple[str, ...] = ()
        self.roots: tuple[str, ...] = ()
        self.rendered: list[str] = []
        # this build's pages, while they render
        self._reading: dict[str, tuple[set[str], int, dict[str, Any], dict[str, Any]]] = {}
        self._made: dict[str, tuple[dict[str, str], dict[str, Any]]] = {}
        self._states: dict[str, dict[str, Any]] = {}
        self._search_marks: list[tuple[str, int]] = []
        self._extra: dict[str, set[str]] = {}
        self._volatile: set[str] = set()
        self._links: dict[str, dict[str, dict[str, str]]] = {}
        self.virtual: dict[str, str] = {}  # generated page -> digest of its generated source
        self.deferred: set[str] = set()  # generated pages this build leaves to the next one
        self.again: Callable[[], bool] | None = None  # asks the dev server for a rebuild
        self.why: dict[str, str] = {}  # page -> why this build renders it again

    # -- the start of a build ------------------------------------------------------------

    def begin(self, whole: str, site_dir: str, roots: list[str], ignored: list[str]) -> None:
        """Start a build whose every-page signature is ``whole``. A page's inputs are the files
        it reads under ``roots`` (the project), except under ``ignored`` (what the build writes)
        and Python's own (the interpreter, the virtual environment: a module imported while a
        page renders is no input of it). When every page must be rendered (first build, or
        something every page is made from changed), the served site is emptied first, as a full
        build does (with MkDocs' own `clean_directory`)."""
        folder = lambda path: os.path.join(os.path.abspath(path), "")  # noqa: E731
        self.roots = tuple(folder(p) for p in roots)
        self.ignored = tuple(folder(p) for p in [*ignored, sys.prefix, sys.base_prefix])
        self._reading, self._made, self._states = {}, {}, {}
        self._search_marks, self._extra = [], {}
        self._volatile: set[str] = set()
        self._links: dict[str, dict[str, dict[str, str]]] = {}
        self.everything = False
        self.virtual: dict[str, str] = {}
        if whole != self.whole:
            self.memos.clear()
            self.whole = whole
            clean_directory(site_dir)
        self.why = {uri: self._changed(memo) for uri, memo in self.memos.items()}
        for uri in self.deferred:  # held back by the last rebuild: this one makes them
            if uri in self.memos:
                self.why[uri] = "its page changed it"
        self.deferred = set()
        self.fresh = {uri for uri, why in self.why.items() if not why}

    def _changed(self, memo: Memo) -> str:
        """Why ``memo``'s page must render again ("" if it need not)."""
        if memo.volatile:
            return "it is made by every build"
        for path, digest in memo.inputs.items():
            if not path.startswith(VIRTUAL) and self.digests(path) != digest:
                return f"{os.path.relpath(path)} changed"
        return ""

    def generated(self, src_uri: str, content: str, with_its_page: bool = False) -> None:
        """``src_uri`` is generated by the build (a notebook), as ``content`` this time: it is
        fresh only if it was generated the same last time. Made anew ``with_its_page`` (the
        page it comes from renders too), it is left to a rebuild right after this one, when
        the dev server can be asked for one."""
        digest = hashlib.blake2b(content.encode(), digest_size=16).hexdigest()
        self.virtual[src_uri] = digest
        memo = self.memos.get(src_uri)
        if memo is None or memo.inputs.get(VIRTUAL + src_uri) != digest:
            self.fresh.discard(src_uri)
            if memo is not None:
                self.why[src_uri] = "its page changed it"
                if with_its_page and self.again is not None:
                    # the page the author edits first (a notebook costs most of a second in
                    # mkdocs-jupyter); the rebuild asked for right after this one makes it
                    self.fresh.add(src_uri)
                    self.deferred.add(src_uri)

    def is_fresh(self, src_uri: str) -> bool:
        return src_uri in self.fresh

    def also_read(self, src_uri: str, paths: set[str]) -> None:
        """Files read for ``src_uri`` outside its rendering (e.g. to submit its blocks early)."""
        self._extra.setdefault(src_uri, set()).update(paths)

    def keep(self, files: Any, config: Any) -> None:
        """Give each page this build does not render its last rendering's attributes (the
        navigation of rendered pages shows their titles), and tell MkDocs which to render."""
        self.files = files  # as MkDocs renders them (other plugins may have wrapped some)
        for file in files.documentation_pages():
            uri = file.src_uri
            file.is_modified = lambda uri=uri: uri not in self.fresh or self.everything
            memo = self.memos.get(uri)
            if uri not in self.fresh or memo is None:
                continue
            page = file.page
            if page is None:
                from mkdocs.structure.pages import Page

                page = Page(None, file, config)
            for name, value in memo.state.items():
                setattr(page, name, value)
            page.links_to_anchors = {
                linked: links
                for target, links in memo.links.items()
                if (linked := files.get_file_from_path(target)) is not None
            }

    # -- each rendered page ---------------------------------------------------------------

    def page_starts(self, page: Any, records: Any) -> None:
        found = depends.start()
        self._reading[page.file.src_uri] = (found, time.time_ns(), _mark(records), dict(vars(page)))

    def page_rendered(self, page: Any, records: Any) -> None:
        """The page's Markdown is HTML now: what it read and added to the records is known."""
        uri = page.file.src_uri
        started = self._reading.pop(uri, None)
        if started is None:
            return
        found, since, marks, before = depends.stop(started[0]), *started[1:]
        found |= self._extra.get(uri, set())
        inputs = {
            path: self.digests(path, since) for path in sorted(found) if not self._ignored(path)
        }
        if uri in self.virtual:  # a generated notebook: the notebook as generated this build
            inputs[VIRTUAL + uri] = self.virtual[uri]
        added = {
            name: _added(mark, getattr(records, name))
            for name, mark in marks.items()
            if name not in ("page", "executed")
        }
        self._made[uri] = (inputs, {k: v for k, v in added.items() if v})
        if added.get("failures"):
            self.remake(uri)
        self._states[uri] = before

    def _ignored(self, path: str) -> bool:
        return (
            not path.startswith(self.roots)
            or path.startswith(self.ignored)
            or path.endswith(".pyc")
        )

    def populated(self, files: Any, records: Any) -> None:
        """Every page is read: carry the records of pages not rendered; if a rendered page's
        title or metadata changed, every page's HTML is made again (their navigation shows it)."""
        for uri in sorted(self.fresh):
            if uri in self.memos:
                _apply(records, self.memos[uri].records)
        for uri in self._made:
            old = self.memos.get(uri)
            file = files.get_file_from_path(uri)
            if old is None or file is None or file.page is None:
                continue
            page = file.page
            if page.title != old.state.get("title", page.title) or page.meta != old.state.get(
                "meta", page.meta
            ):
                self.everything = True

    def page_shown(self, page: Any, search: Any) -> None:
        """The page is about to be put in its template (before the search plugin indexes it)."""
        uri = page.file.src_uri
        before = self._states.pop(uri, None)
        if before is not None:
            state = {
                name: value
                for name, value in vars(page).items()
                if name not in _NOT_STATE
                and not callable(value)
                and (name not in before or before[name] is not value)
            }
            if "title" not in state:
                state["title"] = page.title  # what the navigation shows, however it was found
            self._states[uri] = state
            self._links[uri] = {
                linked.src_uri: dict(links)
                for linked, links in (page.links_to_anchors or {}).items()
            }
        if search is not None:
            self._search_marks.append((uri, len(_entries(search))))

    def remake(self, src_uri: str) -> None:
        """``src_uri`` is made again by the next build whatever changes: it shows the build
        itself (the report), or something of it failed this build (until it passes)."""
        self._volatile.add(src_uri)

    # -- the end of a build -----------------------------------------------------------------

    def finish(self, search: Any) -> None:
        """Remember the pages this build rendered; give the search index every page's entries
        in page order (the pages not rendered contribute their remembered ones)."""
        entries = _entries(search) if search is not None else []
        marks = self._search_marks
        slices = {
            uri: entries[start : marks[i + 1][1] if i + 1 < len(marks) else len(entries)]
            for i, (uri, start) in enumerate(marks)
        }
        volatile, links = self._volatile, self._links
        ordered: list[dict[str, Any]] = []
        for file in self.files.documentation_pages():
            uri = file.src_uri
            memo = self.memos.get(uri)
            if uri in self._made and uri in self._states:
                inputs, added = self._made[uri]
                memo = Memo(
                    inputs,
                    self._states[uri],
                    links.get(uri, {}),
                    added,
                    slices.get(uri, []),
                    volatile=uri in volatile,
                )
                self.memos[uri] = memo
            elif memo is not None and uri in slices:
                memo.search = slices[uri]
            if memo is not None:
                ordered.extend(memo.search)
            else:
                ordered.extend(slices.get(uri, []))
        self.rendered = sorted(self._made)
        if search is not None:
            entries[:] = ordered
            search.search_index_prev = None  # the index is whole: nothing to merge
        if self.deferred and self.again is not None:
            self.again()  # (if none comes, the next edit's rebuild makes them)

    def summary(self) -> str:
        """What this build rendered again and why, for the log."""
        said = [f"{uri} ({self.why[uri]})" for uri in self.rendered if self.why.get(uri)]
        more = len(self.rendered) - len(said)
        listing = "; ".join(said[:4]) + (f" and {len(said) - 4} more" if len(said) > 4 else "")
        return (
            f"{len(self.rendered)} pages rendered, {len(self.fresh)} kept from the last build"
            + (f": {listing}" if listing else "")
            + (f"; {more} new or whole-site" if more and said else "")
        )

    def forget(self) -> None:
        """A build failed part way: the next one renders everything."""
        for found, *_ in self._reading.values():
            depends.stop(found)
        self._reading = {}
        self.memos.clear()
        self.whole = ""


def _entries(search: Any) -> list[dict[str, Any]]:
    """The entries list of the search plugin's index (Material's, or MkDocs' own)."""
    index = search.search_index
    return index.entries if hasattr(index, "entries") else index._entries


def signature(parts: list[str], paths: list[Path], digests: Digests) -> str:
    """One digest of ``parts`` and the contents of ``paths`` (what every page is made from)."""
    hasher = hashlib.blake2b(digest_size=16)
    for part in parts:
        hasher.update(part.encode() + b"\0")
    for path in paths:
        hasher.update(f"{path}={digests(str(path))}\0".encode())
    return hasher.hexdigest()
