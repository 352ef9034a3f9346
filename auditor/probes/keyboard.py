"""The keyboard walk: press Tab through the page as a keyboard user does, and record each stop.

Measures what only a real walk shows: where focus goes (order, boxes), whether the focused
element looks any different from its unfocused self (2.4.7), whether script throws focus away
as it arrives (F55: 2.1.1, 2.4.7, 3.2.1), and how long focus stays on each element. Traps and
the order are judged from the stored stops by the checks (checks/keyboard_walk.py), so `rescore`
re-judges them. The presses are sent in batches and the page records each stop itself (one round
trip per press would cost a second or more on a long page); the walk ends early once it has come
round to its first stop or focus has been held where it is: more presses would add nothing.
"""
from __future__ import annotations

import asyncio
from typing import Any

from playwright.async_api import Page

from model.artifacts import STUCK_PRESSES
from auditor.page_scripts import page_script
from auditor.page_world import evaluate

FOCUS_JS = page_script("probe_focus.js")
MAX_PRESSES = 80
EXTRA_PRESSES = 5          # beyond the focusable count: enough to see focus leave the page and wrap
BATCH = 20                 # presses sent at once before the walk asks the page how far it got


async def probe_keyboard(page: Page) -> dict[str, dict[str, Any]]:
    started = await evaluate(page, FOCUS_JS, "start")
    limit = min(started["focusables"] + EXTRA_PRESSES, MAX_PRESSES)
    start_url = page.url
    presses = 0
    while presses < limit:
        batch = min(BATCH, limit - presses)
        await asyncio.gather(*(page.keyboard.press("Tab") for _ in range(batch)))
        presses += batch
        if page.url != start_url:
            return {"keyboard": {"focusables": started["focusables"], "last": started["last"], "presses": presses,
                                 "navigated": page.url, "stops": []}}
        if presses < limit:
            progress = await evaluate(page, FOCUS_JS, "progress")
            if progress["wrapped"] or progress["held"] >= STUCK_PRESSES:
                break
    seen = await evaluate(page, FOCUS_JS, "collect")
    return {"keyboard": {"focusables": started["focusables"], "last": started["last"], "presses": presses,
                         "navigated": None, "stops": seen["stops"]}}
