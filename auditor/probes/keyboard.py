"""The keyboard walk: press Tab through the page as a keyboard user does, and record each stop.

Measures what only a real walk shows: where focus goes (order, boxes), whether the focused
element looks any different from its unfocused self (2.4.7), whether script throws focus away
as it arrives (F55: 2.1.1, 2.4.7, 3.2.1), and whether focus gets stuck (2.1.2). The presses
are sent together and the page records each stop itself: one round trip per press would cost
a second or more on a long page.
"""
from __future__ import annotations

import asyncio
from typing import Any

from playwright.async_api import Page

from auditor.page_scripts import page_script
from auditor.page_world import evaluate

FOCUS_JS = page_script("probe_focus.js")
MAX_PRESSES = 80
EXTRA_PRESSES = 5          # beyond the focusable count: enough to see focus leave the page and wrap
STUCK_PRESSES = 3          # Tab pressed this many times without focus moving is a trap
SMALL_CYCLE = 4            # focus going round this few elements before the end is a trap


def walk_once(stops: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The stops up to where the walk wraps round to its first element again."""
    if not stops:
        return []
    for index, stop in enumerate(stops[1:], start=1):
        if stop["selector"] == stops[0]["selector"]:
            return stops[:index]
    return stops


def find_trap(stops: list[dict[str, Any]], focusables: int, last: str | None = None) -> dict[str, Any] | None:
    """Tab pressed on an element without focus leaving it, or a short loop before the page's end.

    ACT 80af7b/a1b64e: a trap is focus that cannot move on with standard keys. A loop that has
    visited every element in the tab order (`focusables` counts only those really in it: rendered,
    not inert, one per radio group), or that passes the page's last one (`last`), is Tab wrapping
    round through the browser, which a page with two or three controls does quickly."""
    for stop in stops:
        if stop["held"] >= STUCK_PRESSES and not stop["frame"]:
            return {"kind": "stuck", "selector": stop["selector"], "presses": stop["held"]}
    first_seen: dict[str, int] = {}
    for index, stop in enumerate(stops):
        selector = stop["selector"]
        if selector in first_seen:
            cycle = [s["selector"] for s in stops[first_seen[selector]:index]]
            if len(set(cycle)) <= SMALL_CYCLE and len(first_seen) < focusables and last not in cycle:
                return {"kind": "cycle", "selector": selector, "cycle": cycle}
            return None    # focus came round after visiting most of the page: it simply wrapped
        first_seen[selector] = index
    return None


async def probe_keyboard(page: Page) -> dict[str, Any]:
    started = await evaluate(page, FOCUS_JS, "start")
    presses = min(started["focusables"] + EXTRA_PRESSES, MAX_PRESSES)
    start_url = page.url
    await asyncio.gather(*(page.keyboard.press("Tab") for _ in range(presses)))
    if page.url != start_url:
        return {"focusables": started["focusables"], "presses": presses, "navigated": page.url,
                "order": [], "trap": None, "reached_end": False}
    seen = await evaluate(page, FOCUS_JS, "collect")
    await evaluate(page, "([x, y]) => scrollTo(x, y)", started["scroll"])
    stops = seen["stops"]
    order = walk_once(stops)
    return {
        "focusables": started["focusables"],
        "presses": presses,
        "reached_end": len(order) < len(stops),
        "navigated": None,
        "order": order,
        "trap": find_trap(stops, started["focusables"], started["last"]),
    }
