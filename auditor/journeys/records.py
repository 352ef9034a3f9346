"""What a run of a journey records, as written to the run directory (checks and reports read it as
a dict: model/journeys.py has the built-in journeys' names and a record's words). Pure."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

@dataclass
class FailedStep:
    index: int                     # 0-based position in the journey's steps
    step: str                      # the step as written
    expected: str                  # what the step was looking for, in words
    url: str                       # where the browser was
    error: str
    screenshot: str | None         # path relative to the run directory


@dataclass
class JourneyRecord:
    name: str
    ok: bool = False
    builtin: bool = False
    steps: int = 0                 # steps completed
    steps_total: int = 0
    clicks: int = 0                # clicks, checks, selects and key presses a supplier makes
    keystrokes: int = 0            # characters typed plus keys pressed
    seconds: float = 0.0           # time spent doing the steps, not auditing the pages
    pages: list[str] = field(default_factory=list)        # URLs landed on, in order
    screenshots: list[str] = field(default_factory=list)  # from screenshot steps
    failed_step: FailedStep | None = None
    not_possible: str | None = None  # a built-in journey this portal gives no way to run
    not_tried: str | None = None     # a step our own robots.txt policy forbade: no verdict on the portal
    # pages landed on that the crawl had already audited: not gathered again (their crawl artifact serves)
    reused: list[str] = field(default_factory=list)


def record_dict(record: JourneyRecord) -> dict[str, Any]:
    return asdict(record)
