"""Supplier journeys as the portal page shows them: what each cost, and where a failed one stopped.

Pure: reads the journey records under results.json `metrics.journeys`, so a stored run renders
the same table without a browser.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from model.journeys import effort, failure_message


@dataclass
class JourneyRow:
    name: str
    kind: str                      # "built-in" or "configured"
    outcome: str                   # "completed", "failed", "not possible" or "not tried"
    effort: str                    # "3 steps, 1 click, 5 keystrokes, 2.1 s"; empty when never started
    detail: str = ""               # why it failed or could not run
    url: str = ""                  # where a failed step left the browser
    screenshot: str | None = None  # of the failed step, relative to the run directory
    pages: list[str] = field(default_factory=list)
    screenshots: list[str] = field(default_factory=list)


def journey_rows(journeys: list[dict[str, Any]] | None) -> list[JourneyRow]:
    rows = []
    for record in journeys or []:
        kind = "built-in" if record.get("builtin") else "configured"
        common = {"name": record.get("name") or "Unnamed journey", "kind": kind,
                  "pages": record.get("pages") or [], "screenshots": record.get("screenshots") or []}
        if record.get("not_possible"):
            rows.append(JourneyRow(outcome="not possible", effort="", detail=record["not_possible"], **common))
        elif record.get("not_tried"):
            rows.append(JourneyRow(outcome="not tried", effort="", detail=record["not_tried"], **common))
        elif record.get("ok"):
            rows.append(JourneyRow(outcome="completed", effort=effort(record), **common))
        else:
            failed = record.get("failed_step") or {}
            rows.append(JourneyRow(outcome="failed", effort=effort(record), detail=failure_message(record),
                                   url=failed.get("url", ""), screenshot=failed.get("screenshot"), **common))
    return rows
