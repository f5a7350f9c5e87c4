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

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tools.review import configured_site_url, serve


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
    with serve(site_dir, configured_site_url()) as url:
        yield url
