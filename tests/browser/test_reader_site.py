"""The published site as a reader's browser meets it: no third-party requests on any page, and
no serious or critical axe-core violation in the light or the dark palette."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from tools.review import pages

pytestmark = pytest.mark.browser


def test_the_site_has_its_pages(site_dir: Path):
    found = pages(site_dir)
    assert "lesson/concept/" in found
    assert any(page.startswith("atlas/") for page in found)
    assert any(page.startswith("notebooks/") for page in found)


def test_no_page_requests_another_host(page: Page, site_url: str, site_dir: Path):
    own = urlsplit(site_url).netloc
    foreign: list[str] = []
    current = {"page": ""}

    def record(request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in {"http", "https", "ws", "wss"} and parts.netloc != own:
            foreign.append(f"{current['page'] or '/'}: {request.url}")

    page.on("request", record)
    for path in [*pages(site_dir), "llms.txt", "llms-full.txt"]:
        current["page"] = path
        page.goto(site_url + path, wait_until="networkidle")
    assert not foreign, "third-party requests:\n" + "\n".join(foreign)


@pytest.mark.parametrize("width", [390, 1280], ids=["phone", "desktop"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_accessibility_violations(
    page: Page, site_url: str, site_dir: Path, scheme, width
):
    """axe on every page, both palettes, on a phone (where tables and formulas become scroll
    boxes) and on a desktop."""
    axe = Axe()
    page.set_viewport_size({"width": width, "height": 844 if width < 800 else 900})
    page.emulate_media(color_scheme=scheme)
    problems: list[str] = []
    for path in pages(site_dir):
        page.goto(site_url + path, wait_until="networkidle")
        results = axe.run(page)
        for violation in results.response["violations"]:
            if violation["impact"] in {"serious", "critical"}:
                targets = [", ".join(node["target"]) for node in violation["nodes"][:3]]
                problems.append(
                    f"{path or '/'} [{scheme}, {width} px] {violation['id']} "
                    f"({violation['impact']}): {violation['help']} at {'; '.join(targets)}"
                )
    assert not problems, f"{len(problems)} serious/critical violations:\n" + "\n".join(problems)
