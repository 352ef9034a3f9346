"""In-browser probes: what a keyboard or magnifier user meets, which axe's rules cannot see.

`run_probes(page)` records raw measurements in the page artifact, keyed by probe id, and what each
kind of probe cost; checks judge the measurements later. Each kind is bounded in time and fails
soft: an exception becomes {"error": ...} in the entries of the ids it fills. The page is left as
found (viewport, scroll, focus, injected styles), so whatever runs after the probes sees the same page.
"""
from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import Any, Awaitable, Callable

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Page

from auditor.page_world import PageScriptError, checked, is_unresponsive
from auditor.probes.dom import probe_dom
from auditor.probes.keyboard import probe_keyboard
from auditor.probes.layout import probe_layout

Probe = Callable[[Page], Awaitable[dict[str, dict[str, Any]]]]


@dataclass(frozen=True)
class ProbeKind:
    name: str                     # as `probe_times` names it
    run: Probe                    # the page -> measurements by probe id
    ids: tuple[str, ...]          # the probe ids it fills
    budget: float                 # seconds one try may take


# Order matters: the static read first, the keyboard walk next, the layout changes last.
# Budgets in seconds, measured on a shared 2-core machine: with a load average of 2.4 the slowest
# of 90 pages took 0.5 s (keyboard) and 0.4 s (the others); with several browser test suites
# running at once, the slowest of 208 took 2.0 s (keyboard), 2.2 s (text resize), 1.4 s (the
# others). The layout kind does what three probes of 5 s did. A page slower than its budget gets
# one more try before it is "not tested".
PROBES: tuple[ProbeKind, ...] = (
    ProbeKind("dom", probe_dom, ("dom",), 4.0),
    ProbeKind("keyboard", probe_keyboard, ("keyboard",), 8.0),
    ProbeKind("layout", probe_layout, ("text_spacing", "text_resize", "reflow"), 10.0),
)
ATTEMPTS = 2


async def run_probe(page: Page, kind: ProbeKind) -> dict[str, dict[str, Any]]:
    """One kind's measurements by probe id, tried again once if it ran out of time; {"error": ...}
    for each id if it never finished, which the checks count as "not tested", never as a pass."""
    tries = 0
    while tries < ATTEMPTS and not is_unresponsive(page):   # a tab that stopped answering gets no more
        tries += 1
        try:
            measured = await asyncio.wait_for(kind.run(page), timeout=kind.budget)
            return checked(measured, {probe_id: dict for probe_id in kind.ids}, "probe")
        except asyncio.TimeoutError:
            continue
    failed = {"error": f"gave up after {tries} {'try' if tries == 1 else 'tries'} of {kind.budget:g} s", "timed_out": True}
    return {probe_id: failed for probe_id in kind.ids}


async def run_probes(page: Page) -> tuple[dict[str, Any], dict[str, float]]:
    """Every probe's measurements by id, and the seconds each kind took (with their "total")."""
    results: dict[str, Any] = {}
    times: dict[str, float] = {}
    start_url = page.url
    started = time.monotonic()
    for kind in PROBES:
        begun = time.monotonic()
        try:
            results.update(await run_probe(page, kind))
        except PageScriptError as exc:
            results.update(dict.fromkeys(kind.ids, {"error": str(exc)[:300]}))
        except (PlaywrightError, KeyError, TypeError, ValueError) as exc:
            error = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"[:300]
            results.update(dict.fromkeys(kind.ids, {"error": error}))
        times[kind.name] = round(time.monotonic() - begun, 3)
        if page.url != start_url:
            results["navigated"] = {"by": kind.name, "to": page.url}
            break   # the page we were measuring is gone; measuring the next one would mislead
        if is_unresponsive(page):
            break   # the tab stopped answering: the rest would only queue behind it
    times["total"] = round(time.monotonic() - started, 3)
    return results, times
