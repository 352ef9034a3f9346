"""The keyboard walk judged from its stored stops: the order of one round, whether it came round
to its start, and whether focus was trapped. Computed here, not while gathering, so `rescore`
re-judges old walks with today's rules.

A walk recorded before the stops were stored (it has "order" and a "trap" verdict instead) is
read as recorded: its verdict and order stand, since the stops to re-judge them are gone.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from model.artifacts import STUCK_PRESSES

SMALL_CYCLE = 4            # focus going round this few elements before the end is a trap


@dataclass
class Walk:
    order: list[dict[str, Any]]       # the stops of one round, up to where focus comes back to the first
    trap: dict[str, Any] | None       # {"kind": "stuck"|"cycle", "selector": ..., ...}, or None
    reached_end: bool                 # focus came round to the first stop again


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


def judge_walk(data: dict[str, Any]) -> Walk:
    """The walk a keyboard probe entry records, in today's shape (stops) or an older one (order, trap)."""
    if "stops" not in data:
        order = data.get("order", [])
        return Walk(order=order, trap=data.get("trap"), reached_end=bool(data.get("reached_end")))
    stops = data["stops"]
    order = walk_once(stops)
    return Walk(order=order, trap=find_trap(stops, data["focusables"], data.get("last")),
                reached_end=len(order) < len(stops))
