"""Real-browser fixtures: the built site served on 127.0.0.1, and Debian Chromium for Playwright.

* ``site_url``: the site, built once per session (``built_site`` from tests/conftest.py, strict
  and cold) and served by ``http.server`` on a free port in a thread. Set ``LRLAB_BROWSER_SITE``
  to a directory holding an already-built site to serve that instead (quicker while iterating).
  ``sitemap.xml`` is served with its URLs moved from ``site_url`` (mkdocs.yml) to the local
  server, as `mkdocs serve` does: Material's instant navigation only takes over links the
  sitemap lists, so without this every click would be a full page load.
* pytest-playwright's ``page`` fixture then drives /usr/bin/chromium (``playwright install``
  is not needed: `make browser` installs Debian's chromium).

Mark browser tests with ``@pytest.mark.browser``.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import ROOT


def configured_site_url() -> str:
    """``site_url`` from mkdocs.yml (read as text: the file has Python tags yaml cannot load)."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    match = re.search(r"^site_url:\s*(\S+)", text, re.MULTILINE)
    return match.group(1).rstrip("/") + "/" if match else ""


class _SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, quietly; sitemap.xml with its URLs pointing at this server."""

    deployed = ""  # site_url the sitemap was written for

    def do_GET(self) -> None:
        if self.path.split("?")[0] != "/sitemap.xml" or not self.deployed:
            super().do_GET()
            return
        local = f"http://{self.headers.get('Host', '127.0.0.1')}/"
        body = (Path(self.directory) / "sitemap.xml").read_bytes()
        body = body.replace(self.deployed.encode(), local.encode())
        self.send_response(200)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def site_dir(request) -> Path:
    """The directory of a built site: ``LRLAB_BROWSER_SITE`` if set, else a fresh strict build."""
    prebuilt = os.environ.get("LRLAB_BROWSER_SITE")
    if prebuilt:
        path = Path(prebuilt)
        assert (path / "index.html").is_file(), f"LRLAB_BROWSER_SITE={prebuilt} holds no site"
        return path
    return request.getfixturevalue("built_site")


@pytest.fixture(scope="session")
def site_url(site_dir: Path) -> Iterator[str]:
    """Base URL (ending in /) of the built site, served on 127.0.0.1 for the whole session."""
    handler_class = type("Handler", (_SiteHandler,), {"deployed": configured_site_url()})
    handler = functools.partial(handler_class, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
