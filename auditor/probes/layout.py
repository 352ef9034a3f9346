"""Reflow at 320 CSS px (1.4.10), text doubled in size (1.4.4) and the WCAG text-spacing
overrides (1.4.12).

Each measures the page as it is, changes one thing, measures again and undoes the change; only
clipping that the change caused is kept, so text a page hides on purpose is not reported, and
neither is one line cut on purpose (the exceptions of ACT rule 59br37, see `unintended`).
"""
from __future__ import annotations

from typing import Any

from playwright.async_api import Page

from auditor.page_scripts import page_script
from auditor.page_world import evaluate

LAYOUT_JS = page_script("probe_layout.js")
REFLOW_WIDTH = 320
STYLE_ID = "tender-audit-text-spacing"
# The overrides of the WCAG 1.4.12 understanding document's bookmarklet.
TEXT_SPACING_CSS = ("* { line-height: 1.5 !important; letter-spacing: 0.12em !important;"
                    " word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }")
TEXT_SCALE = 2.0
# Text-only zoom as Firefox does it and failure F69 tests it: every element's computed font size
# doubled at once (so nothing compounds), inline values saved and put back afterwards.
RESIZE_JS = """([key, scale]) => {
  if (scale === null) {
    const saved = window[key]; delete window[key];
    for (const [el, value, priority] of saved || []) el.style.setProperty("font-size", value, priority);
    return;
  }
  const all = [document.body, ...(document.body ? document.body.querySelectorAll("*") : [])]
    .filter((el) => el && el.style && !el.closest("svg")).slice(0, 4000);
  const sizes = all.map((el) => parseFloat(getComputedStyle(el).fontSize));
  window[key] = all.map((el) => [el, el.style.getPropertyValue("font-size"), el.style.getPropertyPriority("font-size")]);
  all.forEach((el, i) => { if (sizes[i] > 0) el.style.setProperty("font-size", `${sizes[i] * scale}px`, "important"); });
}"""
RESIZE_KEY = "__tenderAuditTextResize"
# Reading a box makes the browser restyle and lay the page out at once, new viewport and styles
# included. (Waiting for animation frames instead stalled for a second or for ever: Chromium
# throttles frames in a tab that is not in front, and a crawl's workers share one window.)
RELAYOUT = "() => document.documentElement.getBoundingClientRect().width"


ZOOM_VIEWPORT = {"width": 640, "height": 512}   # 1280 x 1024 at 200% zoom (ACT 59br37)


def _new_clipping(before: dict[str, Any], after: dict[str, Any]) -> list[dict[str, Any]]:
    already = {item["selector"] for item in before["clipped"]}
    return [item for item in after["clipped"] if item["selector"] not in already]


def unintended(clipped: list[dict[str, Any]], outgrown: float = float("inf")) -> list[dict[str, Any]]:
    """Clipping ACT 59br37 counts: not one line cut on purpose, that is nowrap with an ellipsis, or a box
    no higher than its line-height. When only the text grows (text-only zoom, text spacing) a one-line
    box whose line has outgrown it cuts the letters, so `outgrown` caps the line-height at that many
    times the box's height for the exception to hold."""
    def one_line(c: dict[str, Any]) -> bool:
        return c["height"] - 0.5 <= c["line_height"] <= outgrown * c["height"]
    return [c for c in clipped if c["clips_x"] and not c["intended_x"] or c["clips_y"] and not one_line(c)]


async def probe_reflow(page: Page) -> dict[str, Any]:
    """Sideways scrolling and newly clipped text at 320 px wide; the viewport is restored."""
    original = page.viewport_size
    scroll = await evaluate(page, "[scrollX, scrollY]")
    before = await evaluate(page, LAYOUT_JS)
    if original is None:
        return {"error": "no fixed viewport to narrow"}
    try:
        await page.set_viewport_size({"width": REFLOW_WIDTH, "height": original["height"]})
        await evaluate(page, RELAYOUT)
        narrow = await evaluate(page, LAYOUT_JS)
    finally:
        await page.set_viewport_size(original)
        await evaluate(page, "([x, y]) => scrollTo(x, y)", scroll)
    blocking = [item for item in narrow["overflowing"] if not item["exempt"]]
    return {"width": REFLOW_WIDTH, "scroll_width": narrow["scroll_width"], "client_width": narrow["viewport_width"],
            "horizontal_scroll": narrow["horizontal_scroll"] and bool(blocking),
            "overflowing": narrow["overflowing"], "clipped": unintended(_new_clipping(before, narrow))}


async def _around(page: Page, change: tuple[str, Any], undo: tuple[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The layout before and after a change (script, argument) to the page; the undo runs whatever happens."""
    before = await evaluate(page, LAYOUT_JS)
    try:
        await evaluate(page, *change)
        await evaluate(page, RELAYOUT)
        return before, await evaluate(page, LAYOUT_JS)
    finally:
        await evaluate(page, *undo)


async def probe_text_resize(page: Page) -> dict[str, Any]:
    """Text newly cut off at 200%: by page zoom as ACT 59br37 tests it (a 640 x 512 viewport), and by
    text-only zoom (every font size doubled, failure F69); the viewport and the page's sizes put back."""
    before, resized = await _around(page, (RESIZE_JS, [RESIZE_KEY, TEXT_SCALE]), (RESIZE_JS, [RESIZE_KEY, None]))
    original = page.viewport_size
    zoomed = None
    if original is not None:
        scroll = await page.evaluate("[scrollX, scrollY]")
        try:
            await page.set_viewport_size(ZOOM_VIEWPORT)
            await evaluate(page, RELAYOUT)
            zoomed = await page.evaluate(LAYOUT_JS)
        finally:
            await page.set_viewport_size(original)
            await page.evaluate("([x, y]) => scrollTo(x, y)", scroll)
    return {"scale": TEXT_SCALE, "clipped": unintended(_new_clipping(before, resized), outgrown=1.25),
            "zoom_viewport": [ZOOM_VIEWPORT["width"], ZOOM_VIEWPORT["height"]],
            "zoom_clipped": unintended(_new_clipping(before, zoomed)) if zoomed else None}


async def probe_text_spacing(page: Page) -> dict[str, Any]:
    """Text newly cut off once line, letter, word and paragraph spacing are raised; overrides removed."""
    before, spaced = await _around(
        page,
        ("""([id, css]) => { const s = document.createElement("style"); s.id = id;
                            s.textContent = css; document.head.appendChild(s); }""", [STYLE_ID, TEXT_SPACING_CSS]),
        ("(id) => { const s = document.getElementById(id); if (s) s.remove(); }", STYLE_ID))
    return {"clipped": unintended(_new_clipping(before, spaced), outgrown=1.0), "horizontal_scroll": spaced["horizontal_scroll"] and not before["horizontal_scroll"]}
