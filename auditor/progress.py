"""What a person watching the run sees: one live line per portal on a terminal, JSON lines elsewhere.

On a terminal each portal being audited keeps its own line (pages of the maximum, time of the
budget, phase, errors, documents, an estimate of the time left), redrawn in place, so two portals
crawled at once never overwrite each other's line; notable events print above them. When the
output is not a terminal (a CI log, a pipe) or `--json` is given, everything is a JSON line with
structured fields, progress every few seconds per portal.
"""
from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any, TextIO

from auditor.redaction import SECRETS

PHASES = ("crawl", "documents", "journeys", "report")
LOG_EVERY = 5.0                    # seconds between a portal's progress lines in a log


def plural(count: int, noun: str) -> str:
    """ "1 error", "2 errors", "0 errors"."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def clock(seconds: float) -> str:
    """Seconds as m:ss, or h:mm:ss from an hour."""
    whole = max(0, round(seconds))
    hours, rest = divmod(whole, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


@dataclass
class PortalState:
    """One portal's progress, as shown and logged."""
    portal: str
    phase: str = "crawl"
    pages: int = 0
    max_pages: int = 0
    queued: int = 0
    errors: int = 0
    documents: int = 0
    elapsed: float = 0.0           # seconds since the portal's first status
    budget: float = 0.0            # the crawl's time budget in seconds (0: none given)
    eta: float | None = None       # seconds left, estimated; None when it cannot be told

    def line(self) -> str:
        parts = [f"{self.pages} of {plural(self.max_pages, 'page')}" if self.max_pages else plural(self.pages, "page"),
                 f"{clock(self.elapsed)} of {clock(self.budget)}" if self.budget else clock(self.elapsed),
                 f"{self.queued} queued", plural(self.errors, "error"), plural(self.documents, "document")]
        if self.eta is not None:
            parts.append(f"about {clock(self.eta)} left")
        return f"[{self.portal}] {self.phase}: " + ", ".join(parts)


def estimate(state: PortalState) -> float | None:
    """Time left in the crawl: the pages still allowed at the pace so far, never past the budget.
    Other phases have no pace to go on, so no estimate."""
    if state.phase != "crawl" or state.pages == 0 or state.elapsed <= 0:
        return None
    budget_left = max(0.0, state.budget - state.elapsed) if state.budget else None
    if not state.max_pages:
        return budget_left
    pace_left = (state.max_pages - state.pages) * state.elapsed / state.pages
    return pace_left if budget_left is None else min(pace_left, budget_left)


def _in_ci() -> bool:
    return bool(os.environ.get("CI"))


@dataclass
class Progress:
    json_lines: bool | None = None           # None: JSON lines unless writing to a terminal outside CI
    stream: TextIO | None = None
    quiet: bool = False
    now: Callable[[], float] = time.monotonic
    portals: dict[str, PortalState] = field(default_factory=dict)
    _started: dict[str, float] = field(default_factory=dict)
    _logged: dict[str, float] = field(default_factory=dict)
    _phase: dict[str, str] = field(default_factory=dict)       # the phase last logged, per portal
    _drawn: int = 0                          # live lines on screen below the last event

    def __post_init__(self) -> None:
        self.stream = self.stream or sys.stderr
        if self.json_lines is None:
            self.json_lines = _in_ci() or not self.stream.isatty()
        self.live = not self.json_lines and self.stream.isatty()

    def event(self, kind: str, **data: Any) -> None:
        """A notable thing happened: a JSON line, or a line printed above the live portal lines."""
        if self.quiet:
            return
        data = SECRETS.redact(data)
        if self.json_lines:
            self._write(json.dumps({"event": kind, "time": round(time.time(), 3), **data}, default=str) + "\n")
            return
        self._erase()
        text = data.get("message") or " ".join(f"{k}={v}" for k, v in data.items())
        self._write(f"{kind}: {text}\n")
        self._draw()

    def status(self, portal: str, *, phase: str = "crawl", pages: int = 0, max_pages: int = 0, queued: int = 0,
               errors: int = 0, documents: int = 0, budget: float = 0.0) -> None:
        """A portal's state now: its line redrawn on a terminal, a JSON line every few seconds otherwise."""
        if self.quiet:
            return
        now = self.now()
        started = self._started.setdefault(portal, now)
        state = PortalState(SECRETS.redact_text(portal), phase, pages, max_pages, queued, errors, documents,
                            now - started, budget)
        state.eta = estimate(state)
        self.portals[portal] = state
        if self.live:
            self._erase()
            self._draw()
        elif now - self._logged.get(portal, -LOG_EVERY) >= LOG_EVERY or phase != self._phase.get(portal):
            self._logged[portal], self._phase[portal] = now, phase
            if self.json_lines:
                fields = asdict(state)
                fields.update(elapsed=round(state.elapsed, 1), eta=None if state.eta is None else round(state.eta, 1))
                self.event("progress", **fields)
            else:
                self._write(state.line() + "\n")

    def done(self, portal: str) -> None:
        """The portal has finished: its live line goes (its outcome is an event of its own)."""
        if self.portals.pop(portal, None) is not None and self.live:
            self._erase()
            self._draw()

    def _erase(self) -> None:
        """Move up over the live lines and clear them."""
        if self.live and self._drawn:
            self._write(f"\033[{self._drawn}F\033[J")
        self._drawn = 0

    def _draw(self) -> None:
        if not self.live:
            return
        for state in self.portals.values():
            self._write("\033[K" + state.line() + "\n")
        self._drawn = len(self.portals)

    def _write(self, text: str) -> None:
        assert self.stream is not None
        self.stream.write(text)
        self.stream.flush()
