"""On a phone (390x844) and a desktop (1280x900), in the light and the dark palette, a control
focused from the keyboard shows a focus ring. (That no page scrolls sideways, draws small chart
text or breaks a control's name: tests/browser/test_reader_site.py, in the same page loads as
its other checks.)"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from tools.review import SCHEMES, VIEWS

pytestmark = pytest.mark.browser


@pytest.fixture(params=sorted(VIEWS))
def viewport(request) -> dict:
    width, height = VIEWS[request.param]
    return {"width": width, "height": height}


@pytest.fixture(params=list(SCHEMES), ids=list(SCHEMES))
def scheme(request) -> str:
    return request.param


def open_page(browser: Browser, viewport: dict, scheme: str):
    context = browser.new_context(viewport=viewport, color_scheme=scheme)
    return context, context.new_page()


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
