"""Why a portal ranks where it does: its largest differences from the other portals, in words.

Pure: reads the audited portals' results only. A category's difference counts by its weight in
the overall score, so the sentence names what moved the rank most, not the biggest raw gap.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from model.methodology import CATEGORIES
from reports.fixlist import PASS_MARK

MIN_POINTS = 1.0                   # a category this close to the others' average does not explain a rank
MAX_REASONS = 2


@dataclass(frozen=True)
class Difference:
    category: str
    score: float
    others: float                  # the other portals' average in that category
    weighted: float                # (score - others) × the category's weight
    worst_check: str               # the failing title of this portal's lowest-scoring check there, if any


def _worst_check(portal: dict[str, Any], category: str) -> str:
    failing = [c for c in portal.get("checks") or []
               if c.get("category") == category and c.get("score") is not None and c["score"] < PASS_MARK]
    return min(failing, key=lambda c: c["score"]).get("title") or "" if failing else ""


def differences(portal: dict[str, Any], others: list[dict[str, Any]]) -> list[Difference]:
    """Categories where this portal differs most from the others' average, weighted, largest first."""
    found = []
    for cat in CATEGORIES.values():
        mine = (portal.get("categories") or {}).get(cat.id)
        theirs = [o["categories"][cat.id] for o in others if (o.get("categories") or {}).get(cat.id) is not None]
        if mine is None or not theirs:
            continue
        average = sum(theirs) / len(theirs)
        if abs(mine - average) >= MIN_POINTS:
            found.append(Difference(cat.title, mine, average, (mine - average) * cat.weight, _worst_check(portal, cat.id)))
    return sorted(found, key=lambda d: -abs(d.weighted))[:MAX_REASONS]


def rank_reason(portal: dict[str, Any], others: list[dict[str, Any]]) -> str:
    """One plain line: "Ahead of the others on accessibility (98 against 71 on average); behind on open
    access (40 against 95: Tender documents are behind a login wall)."."""
    if portal.get("score") is None:
        return "Not scored, so not ranked."
    if not others:
        return "The only portal scored in this run, so there is nothing to rank it against."
    parts = []
    for d in differences(portal, others):
        side = "ahead" if d.weighted > 0 else "behind"
        why = f": {d.worst_check}" if side == "behind" and d.worst_check else ""
        parts.append(f"{side} on {d.category.lower()} ({d.score:.0f} against {d.others:.0f} on average{why})")
    if not parts:
        return "Within a point of the others' average in every category."
    sentence = "; ".join(parts)
    return sentence[0].upper() + sentence[1:] + "."
