"""The methodology's published constants, shared by checks (which score) and reports (which show
the scores): categories and their weights, the grade bands, and the pass mark.

Declared once here so a report renders a stored results.json without importing a check.
"""
from __future__ import annotations

from dataclasses import dataclass

PASS_MARK = 0.9                    # a check scoring at least this passes; below it, it fails
STATEMENT_MAX_AGE_DAYS = 366       # an accessibility statement older than this is not current (yearly review)


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


def grade_for(score: float) -> str:
    return next(letter for letter, floor in GRADES if score >= floor)
