// LR Lab: a table wider than its column scrolls sideways in Material's box; that box is made
// reachable by keyboard (Tab, then the arrow keys) and named for screen readers, as WCAG 2.1.1
// and axe's scrollable-region-focusable ask. Boxes that do not scroll stay out of the Tab order.
(function () {
  "use strict";

  function name(box) {
    const caption = box.querySelector("caption");
    const text = caption ? caption.textContent.trim() : "";
    return text ? `Table: ${text}` : "Table (scrolls sideways)";
  }

  function update(box) {
    if (box.scrollWidth > box.clientWidth + 1) {
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", name(box));
    } else if (box.dataset.lrlabScroll === "1") {
      ["tabindex", "role", "aria-label"].forEach((a) => box.removeAttribute(a));
    }
    box.dataset.lrlabScroll = box.hasAttribute("tabindex") ? "1" : "0";
  }

  const resized = typeof ResizeObserver !== "undefined"
    ? new ResizeObserver((entries) => entries.forEach(({ target }) => update(target)))
    : null;

  function init() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach((box) => {
      if (box.hasAttribute("tabindex") && box.dataset.lrlabScroll === undefined) return; // its own
      update(box);
      if (resized) resized.observe(box);
    });
  }

  if (typeof document$ !== "undefined" && document$.subscribe) {
    document$.subscribe(init); // every page load, including instant navigation
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
