"""Scoring: from check results to category scores, an overall score and a grade.

Categories, their weights and the grade bands are declared once in model.methodology. A
category's score is the weighted mean of its applicable checks' scores (weights from each check's
metadata); the overall score is the weighted mean of the categories that have at least
one applicable check. The same inputs always give the same score.
"""
from __future__ import annotations

from dataclasses import dataclass

from checks.registry import CheckResult
from model.methodology import CATEGORIES, grade_for


@dataclass
class Score:
    overall: float | None
    grade: str | None
    categories: dict[str, float | None]


def score_portal(results: list[CheckResult]) -> Score:
    categories: dict[str, float | None] = {}
    for cat in CATEGORIES.values():
        scored = [(r.score, r.weight) for r in results
                  if r.category == cat.id and r.score is not None]
        total = sum(w for _, w in scored)
        categories[cat.id] = round(100 * sum(s * w for s, w in scored) / total, 1) if total else None
    applicable = [(v, CATEGORIES[k].weight) for k, v in categories.items() if v is not None]
    total = sum(w for _, w in applicable)
    if not total:
        return Score(None, None, categories)
    overall = round(sum(v * w for v, w in applicable) / total, 1)
    return Score(overall, grade_for(overall), categories)
