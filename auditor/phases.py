"""How long each phase of a job took, measured by the run itself.

A benchmark that timed phases from outside would have to guess where one ends and the next
begins; the run knows. Each portal's crawl record carries its phases (`crawl.phases`: pages,
documents, journeys: the last two side by side, so they overlap) and run.json the run's own
(`phases`: launch, evaluate, report), each as {"started": ISO-8601, "seconds": float}.
"""
from __future__ import annotations

import time
from collections.abc import Awaitable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from model.artifacts import now_iso
from auditor.store import read_json, write_json

Phases = dict[str, dict[str, Any]]


@dataclass
class Stopwatch:
    """Started when made; `record()` is the phase so far. For a phase that is not one block."""
    started: str = field(default_factory=now_iso)
    clock: float = field(default_factory=time.monotonic)

    def record(self) -> dict[str, Any]:
        return {"started": self.started, "seconds": round(time.monotonic() - self.clock, 3)}


@contextmanager
def phase(phases: Phases, name: str) -> Iterator[None]:
    """Time the block into `phases[name]`, also when it fails or is interrupted (what it took so far)."""
    watch = Stopwatch()
    try:
        yield
    finally:
        phases[name] = watch.record()


async def timed(phases: Phases, name: str, work: Awaitable[None]) -> None:
    """Await `work` timed into `phases[name]`: for phases that run side by side (documents and journeys)."""
    with phase(phases, name):
        await work


def record_run_phases(run_dir: Path, phases: Phases) -> None:
    """Add the run's phases to run.json (an earlier record of the same phase is replaced)."""
    path = run_dir / "run.json"
    run = read_json(path) if path.exists() else {}
    run["phases"] = {**run.get("phases", {}), **phases}
    write_json(path, run)
