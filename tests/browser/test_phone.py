"""Every page on a phone (390x844) and a desktop (1280x900), in the light and the dark palette:
the page never scrolls sideways (wide tables and formulas scroll in their own box), no chart's
text is drawn under 10.5 CSS px, no explorer control's name or value is broken across lines,
and a control focused from the keyboard shows a focus ring."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tools.review import pages

pytestmark = pytest.mark.browser

VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
SCHEMES = {"light": "default", "dark": "slate"}
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


@pytest.fixture(params=list(VIEWPORTS), ids=list(VIEWPORTS))
def viewport(request) -> dict:
    return VIEWPORTS[request.param]


@pytest.fixture(params=list(SCHEMES), ids=list(SCHEMES))
def scheme(request) -> str:
    return request.param


def open_page(browser: Browser, viewport: dict, scheme: str):
    context = browser.new_context(viewport=viewport, color_scheme=scheme)
    return context, context.new_page()


def test_no_page_scrolls_sideways_or_draws_small_chart_text(
    browser: Browser, site_url: str, site_dir: Path, viewport: dict, scheme: str
):
    context, page = open_page(browser, viewport, scheme)
    problems: list[str] = []
    for path in pages(site_dir):
        page.goto(site_url + path, wait_until="networkidle")
        expect(page.locator("body")).to_have_attribute("data-md-color-scheme", SCHEMES[scheme])
        found = page.evaluate(MEASURE, SMALLEST_TEXT)
        where = f"{path or '/'} at {viewport['width']} px, {scheme}"
        if found["scroll"] > found["width"]:
            problems.append(f"{where}: scrolls sideways, {found['scroll']} px for {found['width']}")
        if found["small"]:
            problems.append(
                f"{where}: {len(found['small'])} chart texts under {SMALLEST_TEXT} px, such as "
                + "; ".join(found["small"][:3])
            )
        if found["broken"]:
            problems.append(f"{where}: " + "; ".join(found["broken"]))
    context.close()
    assert not problems, "\n".join(problems)


# Pages that hold, between them, every kind of control the site has: an explorer's sliders, a
# quiz's radio buttons and its Check button, the build report's scrolling table.
CONTROL_PAGES = {
    "atlas/onecyclelr/": ".lrlab-explorer input[type=range]",
    "lesson/practice/": ".lrlab-option input[type=radio], button.lrlab-check",
    "build-report/": ".lrlab-scroll",
}

RING = """(node) => {
  const style = getComputedStyle(node);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  return {
    focused: document.activeElement === node && node.matches(":focus-visible"),
    ring: outline || style.boxShadow !== "none",
    outline: `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`,
    shadow: style.boxShadow,
  };
}"""


@pytest.mark.parametrize("path", list(CONTROL_PAGES))
def test_a_control_focused_from_the_keyboard_shows_a_focus_ring(
    browser: Browser, site_url: str, viewport: dict, scheme: str, path: str
):
    context, page = open_page(browser, viewport, scheme)
    page.goto(site_url + path, wait_until="networkidle")
    page.keyboard.press("Tab")  # the last input is the keyboard's: focus is shown as for Tab
    controls = page.locator(CONTROL_PAGES[path]).all()
    assert controls, f"{path} has no {CONTROL_PAGES[path]}"
    kinds: dict[str, object] = {}
    for control in controls:  # the first of each kind (a slider, a radio, a button)
        kind = control.evaluate("n => n.tagName + (n.type ? ':' + n.type : '')")
        kinds.setdefault(kind, control)
    for kind, control in kinds.items():
        control.focus()
        state = control.evaluate(RING)
        assert state["focused"], f"{path} {kind}: focus did not land on it"
        assert state["ring"], f"{path} {kind} [{scheme}]: no focus ring ({state})"
    context.close()
