"""In-browser probes: what a keyboard or magnifier user meets, which axe's rules cannot see.

`run_probes(page)` records raw measurements in the page artifact, keyed by probe id; checks
judge them later. Each probe is bounded in time and fails soft: an exception becomes
{"error": ...} in that probe's entry. The page is left as found (viewport, scroll, focus,
injected styles), so whatever runs after the probes sees the same page.
"""
from __future__ import annotations

import asyncio
import time
from typing import Any, Awaitable, Callable

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Page

from auditor.page_world import PageScriptError, checked, is_unresponsive
from auditor.probes.dom import probe_dom
from auditor.probes.keyboard import probe_keyboard
from auditor.probes.layout import probe_reflow, probe_text_resize, probe_text_spacing

Probe = Callable[[Page], Awaitable[dict[str, Any]]]
# Order matters: the static read first, the keyboard walk next, the layout changes last.
# Budgets in seconds, measured on a shared 2-core machine: with a load average of 2.4 the slowest
# of 90 pages took 0.5 s (keyboard) and 0.4 s (the others); with several browser test suites
# running at once, the slowest of 208 took 2.0 s (keyboard), 2.2 s (text resize), 1.4 s (the
# others). A page slower than its budget gets one more try before it is "not tested".
PROBES: tuple[tuple[str, Probe, float], ...] = (
    ("dom", probe_dom, 4.0),
    ("keyboard", probe_keyboard, 8.0),
    ("text_spacing", probe_text_spacing, 5.0),
    ("text_resize", probe_text_resize, 5.0),
    ("reflow", probe_reflow, 5.0),
)
ATTEMPTS = 2


async def run_probe(page: Page, probe: Probe, limit: float) -> dict[str, Any]:
    """One probe's measurements, tried again once if it ran out of time; {"error": ...} if it never
    finished, which the checks count as "not tested", never as a pass."""
    tries = 0
    while tries < ATTEMPTS and not is_unresponsive(page):   # a tab that stopped answering gets no more
        tries += 1
        try:
            return checked(await asyncio.wait_for(probe(page), timeout=limit), dict, "probe")
        except asyncio.TimeoutError:
            continue
    return {"error": f"gave up after {tries} {'try' if tries == 1 else 'tries'} of {limit:g} s", "timed_out": True}


async def run_probes(page: Page) -> dict[str, Any]:
    """Every probe's measurements by id, plus "timing_ms" (per probe and total)."""
    results: dict[str, Any] = {}
    timing: dict[str, int] = {}
    start_url = page.url
    started = time.monotonic()
    for probe_id, probe, limit in PROBES:
        begun = time.monotonic()
        try:
            results[probe_id] = await run_probe(page, probe, limit)
        except PageScriptError as exc:
            results[probe_id] = {"error": str(exc)[:300]}
        except (PlaywrightError, KeyError, TypeError, ValueError) as exc:
            results[probe_id] = {"error": f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"[:300]}
        timing[probe_id] = int((time.monotonic() - begun) * 1000)
        if page.url != start_url:
            results["navigated"] = {"by": probe_id, "to": page.url}
            break   # the page we were measuring is gone; measuring the next one would mislead
        if is_unresponsive(page):
            break   # the tab stopped answering: the rest would only queue behind it
    timing["total"] = int((time.monotonic() - started) * 1000)
    results["timing_ms"] = timing
    return results
