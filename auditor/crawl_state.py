"""What one portal's crawl holds while it runs, shared by the crawler and its document probes."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from auditor.config import PortalConfig
from auditor.frontier import Frontier
from auditor.progress import Progress
from auditor.sampling import NoticeSampler
from auditor.store import PortalStore
from model.artifacts import CrawlSummary, DocumentArtifact


@dataclass
class CrawlState:
    config: PortalConfig
    store: PortalStore
    frontier: Frontier
    deadline: float
    summary: CrawlSummary
    documents: dict[str, DocumentArtifact] = field(default_factory=dict)
    started_pages: int = 0
    in_flight: int = 0
    stop_reason: str = ""
    storage_state: dict[str, Any] | None = None   # a signed-in session (owner's config only)
    sampler: NoticeSampler = field(default_factory=lambda: NoticeSampler(0))
    probed: Counter[str] = field(default_factory=Counter)   # URL pattern -> pages probed
    # pages reached from a notice by its documents links (any host) -> documents pages followed to get there
    documents_pages: dict[str, int] = field(default_factory=dict)
    sitemaps_pending: bool = False  # sitemaps still to be read: after the start page, the crawl waits for them


def report_status(state: CrawlState, progress: Progress, phase: str, queued: int) -> None:
    """The portal's progress line: pages of its maximum, time of its budget, the phase."""
    progress.status(state.config.name, phase=phase, pages=state.summary.pages, max_pages=state.config.max_pages,
                    queued=queued, errors=state.summary.errors, documents=len(state.documents),
                    budget=state.config.time_budget)
