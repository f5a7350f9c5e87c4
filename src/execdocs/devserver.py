"""What `mkdocs serve` does differently for `execdocs.incremental`: rebuilds into its site
folder without emptying it, sees edits as the kernel reports them, keeps compiled templates."""

from __future__ import annotations

from typing import Any


class Templates:
    """Compiled theme templates, kept across the rebuilds of one `mkdocs serve` (each rebuild
    loads the theme afresh, and compiling its templates costs more than rendering a page).
    Jinja checks each template's source against its checksum before it reuses the code."""

    def __init__(self) -> None:
        import jinja2

        class InMemory(jinja2.BytecodeCache):
            def __init__(self) -> None:
                self.code: dict[str, bytes] = {}

            def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
                if bucket.key in self.code:
                    bucket.bytecode_from_string(self.code[bucket.key])

            def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
                self.code[bucket.key] = bucket.bytecode_to_string()

        self.cache = InMemory()

    def use(self, env: Any) -> None:
        env.bytecode_cache = self.cache


def watch_natively(server: Any) -> bool:
    """Swap the dev server's file watcher, which looks for changes every half second, for the
    operating system's notifications (inotify on Linux): an edit is seen as it is saved. Returns
    False, changing nothing, where there are none or the server is not the one this knows."""
    import watchdog.observers
    from watchdog.observers.polling import PollingObserver

    watched = getattr(server, "_watched_paths", None)
    observer = getattr(server, "observer", None)
    native = watchdog.observers.Observer
    if not isinstance(watched, dict) or observer is None or native is PollingObserver:
        return False
    if observer.is_alive():
        return False
    paths = dict(watched)
    for path, count in paths.items():
        for _ in range(count):
            server.unwatch(path)
    from watchdog import events

    edits = [events.FileCreatedEvent, events.FileModifiedEvent, events.FileDeletedEvent]
    edits += [events.FileMovedEvent, events.FileClosedEvent]

    class Edits(native):  # type: ignore[misc, valid-type]
        """Only what changes a file: reading one (the build reads them all) is no edit."""

        def schedule(self, handler: Any, path: str, *, recursive: bool = False, **_: Any) -> Any:
            return super().schedule(handler, path, recursive=recursive, event_filter=edits)

    server.observer = Edits()
    for path, count in paths.items():
        for _ in range(count):
            server.watch(path)
    return True


def can_rebuild_soon(server: Any) -> bool:
    """Whether `rebuild_soon` knows how to ask ``server`` for a rebuild."""
    return hasattr(server, "_rebuild_cond") and hasattr(server, "_want_rebuild")


def rebuild_soon(server: Any) -> None:
    """Ask the dev server for another rebuild once the one running ends (as a saved file does;
    called during a rebuild, whose builder runs without the server's lock)."""
    with server._rebuild_cond:
        server._want_rebuild = True
        server._rebuild_cond.notify_all()


def _quiet_dirty(record: Any) -> bool:
    """MkDocs warns that a dirty build leaves navigation stale; this one does not."""
    return not record.getMessage().startswith("A 'dirty' build is being performed")


def rebuild_in_place() -> None:
    """Make `mkdocs serve` rebuild into its site folder without emptying it first (MkDocs'
    dirty build), so that `Pages` decides which pages are rendered again and which are kept."""
    import logging

    from mkdocs.commands import serve

    full = serve.build
    if getattr(full, "incremental", False):
        return

    def build(config: Any, *, serve_url: str | None = None, dirty: bool = False) -> None:
        full(config, serve_url=serve_url, dirty=True)

    build.incremental = True  # type: ignore[attr-defined]
    serve.build = build
    logging.getLogger("mkdocs.commands.build").addFilter(_quiet_dirty)
