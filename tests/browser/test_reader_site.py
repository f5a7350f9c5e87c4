"""The published site as a reader's browser meets it: no third-party requests on any page, and
no serious or critical axe-core violation in the light or the dark palette, on a phone or a
desktop."""

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


FOREIGN = {"http", "https", "ws", "wss"}
VIOLATIONS_ONLY = {"resultTypes": ["violations"]}
"""axe still runs every rule; it only skips listing every node that passed (half its time)."""


@pytest.mark.parametrize("width", [390, 1280], ids=["phone", "desktop"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_page_requests_another_host_or_has_a_serious_accessibility_violation(
    page: Page, site_url: str, site_dir: Path, scheme, width
):
    """Every page, in both palettes, on a phone (where tables and formulas become scroll boxes)
    and on a desktop: no request to another host, and no serious or critical axe violation.
    The two text files a reader's tools fetch are loaded too."""
    own = urlsplit(site_url).netloc
    problems: list[str] = []
    current = {"page": ""}

    def record(request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in FOREIGN and parts.netloc != own:
            problems.append(f"{current['page'] or '/'}: requests {request.url}")

    page.on("request", record)
    page.set_viewport_size({"width": width, "height": 844 if width < 800 else 900})
    page.emulate_media(color_scheme=scheme)
    axe = Axe()
    for path in pages(site_dir):
        current["page"] = path
        page.goto(site_url + path, wait_until="networkidle")
        for violation in axe.run(page, options=VIOLATIONS_ONLY).response["violations"]:
            if violation["impact"] in {"serious", "critical"}:
                targets = [", ".join(node["target"]) for node in violation["nodes"][:3]]
                problems.append(
                    f"{path or '/'} [{scheme}, {width} px] {violation['id']} "
                    f"({violation['impact']}): {violation['help']} at {'; '.join(targets)}"
                )
    for path in ("llms.txt", "llms-full.txt"):
        current["page"] = path
        page.goto(site_url + path, wait_until="networkidle")
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)
