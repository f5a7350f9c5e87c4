"""The published site as a reader's browser meets it, every page on a phone (390x844) and a
desktop (1280x900), in the light and the dark palette, each loaded once per view: no request
to another host; the page never scrolls sideways (wide tables and formulas scroll in their own
box), no chart's text is drawn under 10.5 CSS px, no explorer control's name or value is broken
across lines; and no serious or critical axe-core violation."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tools.review import SCHEMES, VIEWS, pages

pytestmark = pytest.mark.browser


def test_the_site_has_its_pages(site_dir: Path):
    found = pages(site_dir)
    assert "lesson/concept/" in found
    assert any(page.startswith("atlas/") for page in found)
    assert any(page.startswith("notebooks/") for page in found)


SMALLEST_TEXT = 10.5
"""CSS px: the smallest chart text allowed (11 px is the aim; a little slack for rounding)."""

# What the page does wrong, measured in the page: how far it scrolls sideways, every chart text
# drawn under SMALLEST_TEXT (its computed size times the scale its SVG is drawn at), and every
# explorer control's name or value that takes more than one line.
MEASURE = """(smallest) => {
  const visible = (e) => e.getClientRects().length > 0;
  const small = [];
  for (const text of document.querySelectorAll("svg text")) {
    if (!visible(text) || !text.textContent.trim()) continue;
    const m = text.getScreenCTM();
    const scale = Math.sqrt(Math.abs(m.a * m.d - m.b * m.c)); // rotation-free
    const px = parseFloat(getComputedStyle(text).fontSize) * scale;
    if (px < smallest) small.push(`${px.toFixed(1)} px "${text.textContent.trim().slice(0, 30)}"`);
  }
  const broken = [];
  for (const node of document.querySelectorAll(".lrlab-explorer-control :is(label, output)")) {
    if (!visible(node)) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const lines = new Set(Array.from(range.getClientRects(), (r) => Math.round(r.top)));
    if (lines.size > 1) broken.push(`${node.tagName} "${node.textContent}" on ${lines.size} lines`);
  }
  return { scroll: document.scrollingElement.scrollWidth, width: innerWidth, small, broken };
}"""


FOREIGN = {"http", "https", "ws", "wss"}
VIOLATIONS_ONLY = {"resultTypes": ["violations"]}
"""axe still runs every rule; it only skips listing the nodes that passed (about half of one
run in the page; across the whole walk the saving measured small)."""


@pytest.mark.parametrize("view", sorted(VIEWS))
@pytest.mark.parametrize("scheme", sorted(SCHEMES))
def test_every_page_asks_no_other_host_fits_its_width_and_passes_axe(
    page: Page, site_url: str, site_dir: Path, scheme, view
):
    """The two text files a reader's tools fetch are loaded too (for the request check)."""
    own = urlsplit(site_url).netloc
    problems: list[str] = []
    current = {"page": ""}

    def record(request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in FOREIGN and parts.netloc != own:
            problems.append(f"{current['page'] or '/'}: requests {request.url}")

    page.on("request", record)
    width, height = VIEWS[view]
    page.set_viewport_size({"width": width, "height": height})
    page.emulate_media(color_scheme=scheme)
    axe = Axe()
    for path in pages(site_dir):
        current["page"] = path
        where = f"{path or '/'} [{scheme}, {width} px]"
        page.goto(site_url + path, wait_until="networkidle")
        expect(page.locator("body")).to_have_attribute("data-md-color-scheme", SCHEMES[scheme])
        problems += layout_problems(page.evaluate(MEASURE, SMALLEST_TEXT), where)
        for violation in axe.run(page, options=VIOLATIONS_ONLY).response["violations"]:
            if violation["impact"] in {"serious", "critical"}:
                targets = [", ".join(node["target"]) for node in violation["nodes"][:3]]
                problems.append(
                    f"{where} {violation['id']} ({violation['impact']}): "
                    f"{violation['help']} at {'; '.join(targets)}"
                )
    for path in ("llms.txt", "llms-full.txt"):
        current["page"] = path
        page.goto(site_url + path, wait_until="networkidle")
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)


def layout_problems(found: dict, where: str) -> list[str]:
    """What `MEASURE` found wrong on a page, one line each."""
    problems = []
    if found["scroll"] > found["width"]:
        problems.append(f"{where}: scrolls sideways, {found['scroll']} px for {found['width']}")
    if found["small"]:
        problems.append(
            f"{where}: {len(found['small'])} chart texts under {SMALLEST_TEXT} px, such as "
            + "; ".join(found["small"][:3])
        )
    if found["broken"]:
        problems.append(f"{where}: " + "; ".join(found["broken"]))
    return problems
