"""Reflow at 320 CSS px (1.4.10), text doubled in size (1.4.4) and the WCAG text-spacing
overrides (1.4.12), measured in one pass.

The page is measured as it is, then in each changed state, and put back: the text spacing and
text-only zoom are applied, measured and undone within one page script (reading the layout lays
the page out at once, so no frame is waited for); then the viewport is set to 200% zoom
(640 x 512) and to 320 px wide, measured at each, and restored once. Only clipping that a change
caused is kept, so text a page hides on purpose is not reported; which of it is intended, and
which overflow is two-dimensional content, the checks decide (checks/layout_checks.py).
"""
from __future__ import annotations

from typing import Any

from playwright.async_api import Page

from auditor.page_scripts import page_script
from auditor.page_world import NUMBER, checked, evaluate

LAYOUT_JS = page_script("probe_layout.js")
SCROLL_JS = page_script("scroll.js")
REFLOW_WIDTH = 320
TEXT_SCALE = 2.0
ZOOM_VIEWPORT = {"width": 640, "height": 512}   # 1280 x 1024 at 200% zoom (ACT 59br37)
IN_PAGE = ("none", "text-spacing", "text-resize")
LAYOUT_SHAPE = {"viewport_width": NUMBER, "scroll_width": NUMBER, "horizontal_scroll": bool,
                "clipped": [{"selector": str}], "overflowing": [{"selector": str}]}


def _new_clipping(before: dict[str, Any], after: dict[str, Any]) -> list[dict[str, Any]]:
    already = {item["selector"] for item in before["clipped"]}
    return [item for item in after["clipped"] if item["selector"] not in already]


async def _measure(page: Page, changes: tuple[str, ...]) -> tuple[dict[str, dict[str, Any]], list[float]]:
    """The layout in each state (by change), and the page's scroll position."""
    measured = await evaluate(page, LAYOUT_JS, {"changes": list(changes), "scale": TEXT_SCALE})
    checked(measured, {"scroll": [NUMBER], "seen": {change: LAYOUT_SHAPE for change in changes}}, "layout")
    return measured["seen"], measured["scroll"]


async def probe_layout(page: Page) -> dict[str, dict[str, Any]]:
    """The text_spacing, text_resize and reflow measurements; viewport, scroll and styles put back."""
    seen, scroll = await _measure(page, IN_PAGE)
    before = seen["none"]
    original = page.viewport_size
    zoomed = narrow = None
    if original is not None:
        try:
            await page.set_viewport_size(ZOOM_VIEWPORT)
            zoomed = (await _measure(page, ("none",)))[0]["none"]
            await page.set_viewport_size({"width": REFLOW_WIDTH, "height": original["height"]})
            narrow = (await _measure(page, ("none",)))[0]["none"]
        finally:
            await page.set_viewport_size(original)
            await evaluate(page, SCROLL_JS, scroll)
    spaced, resized = seen["text-spacing"], seen["text-resize"]
    reflow = {"error": "no fixed viewport to narrow"} if narrow is None else {
        "width": REFLOW_WIDTH, "scroll_width": narrow["scroll_width"], "client_width": narrow["viewport_width"],
        "horizontal_scroll": narrow["horizontal_scroll"], "overflowing": narrow["overflowing"],
        "clipped": _new_clipping(before, narrow)}
    return {
        "text_spacing": {"clipped": _new_clipping(before, spaced),
                         "horizontal_scroll": spaced["horizontal_scroll"] and not before["horizontal_scroll"]},
        "text_resize": {"scale": TEXT_SCALE, "clipped": _new_clipping(before, resized),
                        "zoom_viewport": [ZOOM_VIEWPORT["width"], ZOOM_VIEWPORT["height"]],
                        "zoom_clipped": _new_clipping(before, zoomed) if zoomed else None},
        "reflow": reflow,
    }
