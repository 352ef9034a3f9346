"""A crawl's document probes: which files, in what order, through which client, within what time.

They run after the pages, beside the supplier journeys, and every request passes the run's
request policy (scope, address, robots.txt, the host's budget) before it is sent.
"""
from __future__ import annotations

import asyncio
import time

import httpx

from auditor.crawl_state import CrawlState, report_status
from auditor.documents import DocumentProber
from auditor.policy import OutOfTime, RequestPolicy
from auditor.progress import Progress
from model.artifacts import DocumentArtifact

MAX_DOCUMENTS_PER_NOTICE = 10
DOCUMENT_GRACE = 60.0              # seconds past the page budget that document probes may take


def documents_to_probe(state: CrawlState, notices: set[str]) -> list[DocumentArtifact]:
    """Tender documents first (linked from notices), then other files; each probed once per run."""
    todo = [d for d in state.documents.values() if d.status is None and d.error is None and not d.requires_login]
    todo.sort(key=lambda d: (not any(u in notices for u in d.found_on), d.depth, d.url))
    return todo[: MAX_DOCUMENTS_PER_NOTICE * max(len(notices), state.config.notice_sample)]


async def probe_documents(state: CrawlState, client: httpx.AsyncClient, policy: RequestPolicy,
                          notices: set[str], progress: Progress) -> None:
    """Probe the crawl's documents, tender documents first, within the crawl's budget and grace."""
    deadline = state.deadline + DOCUMENT_GRACE

    async def admit(url: str) -> None:
        await policy.admit(url, "document", deadline)

    prober = DocumentProber(client, before_request=admit)
    queue = documents_to_probe(state, notices)

    async def worker() -> None:
        while queue and time.monotonic() < deadline:
            doc = queue.pop(0)
            try:
                probed = await prober.probe(doc.url)
            except OutOfTime:
                return               # left unprobed, as documents the budget never reached are
            probed.found_on, probed.link_text, probed.depth = doc.found_on, doc.link_text, doc.depth
            state.documents[doc.url] = doc = probed
            state.store.write_document(doc)
            report_status(state, progress, "documents", len(queue))

    await asyncio.gather(*(worker() for _ in range(state.config.concurrency)))
