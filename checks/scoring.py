"""The one place where categories, their weights and grades are declared.

A category's score is the weighted mean of its applicable checks' scores (weights from each
check's metadata); the overall score is the weighted mean of the categories that have at least
one applicable check. The same inputs always give the same score.
"""
from __future__ import annotations

from dataclasses import dataclass

from checks.registry import CheckResult, all_checks


@dataclass(frozen=True)
class Category:
    id: str
    title: str
    weight: float
    question: str                  # what the category answers for a supplier


CATEGORIES: dict[str, Category] = {c.id: c for c in (
    Category("accessibility", "Accessibility", 0.35,
             "Can disabled suppliers use the portal's pages?"),
    Category("findability", "Findability", 0.25,
             "How quickly can a supplier find opportunities and their documents?"),
    Category("access", "Open access", 0.15,
             "Can a supplier read notices and documents without signing up?"),
    Category("documents", "Document burden", 0.15,
             "Are tender documents in usable, accessible formats?"),
    Category("openness", "Openness and transparency", 0.05,
             "Does the portal publish open data and an accessibility statement?"),
    Category("reliability", "Crawl health", 0.05,
             "Did the portal's pages load without errors?"),
)}

# Lower bound of each grade's score band, best first.
GRADES: tuple[tuple[str, float], ...] = (("A", 85.0), ("B", 70.0), ("C", 55.0), ("D", 40.0), ("E", 0.0))


@dataclass
class Score:
    overall: float | None
    grade: str | None
    categories: dict[str, float | None]


def grade_for(score: float) -> str:
    return next(letter for letter, floor in GRADES if score >= floor)


def score_portal(results: list[CheckResult]) -> Score:
    weights = {c.meta.id: c.meta.weight for c in all_checks()}
    categories: dict[str, float | None] = {}
    for cat in CATEGORIES.values():
        scored = [(r.score, weights.get(r.id, 1.0)) for r in results
                  if r.category == cat.id and r.score is not None]
        total = sum(w for _, w in scored)
        categories[cat.id] = round(100 * sum(s * w for s, w in scored) / total, 1) if total else None
    applicable = [(v, CATEGORIES[k].weight) for k, v in categories.items() if v is not None]
    total = sum(w for _, w in applicable)
    if not total:
        return Score(None, None, categories)
    overall = round(sum(v * w for v, w in applicable) / total, 1)
    return Score(overall, grade_for(overall), categories)
