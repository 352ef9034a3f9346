"""The friction metrics of results.json, computed from a portal's artifacts.

Click depths are shortest paths on the recorded link graph, whatever order the crawler fetched
pages in. Where the artifacts cannot settle a question the metric is None ("unknown"), never a guess.
"""
from __future__ import annotations

import re
from collections import Counter, deque
from dataclasses import dataclass
from typing import Any

from auditor.artifacts import DocumentArtifact, Link, PageArtifact, PortalArtifacts
from auditor.urls import dedupe_key
from checks.common import IMPACTS, audited_pages

OPEN_DATA_FEED_URL = re.compile(r"/api/|ocds|/feeds?(/|$|\?)|/rss|/atom|format=(json|csv|xml|rss|atom)", re.I)
OPEN_DATA_FORMATS = ("json", "csv", "xml", "rss", "atom")


@dataclass
class LinkGraph:
    """Pages and documents as nodes (by dedupe key), links as edges."""
    edges: dict[str, list[str]]
    pages: dict[str, PageArtifact]

    @classmethod
    def build(cls, portal: PortalArtifacts) -> "LinkGraph":
        pages: dict[str, PageArtifact] = {}
        for page in portal.pages:
            pages[dedupe_key(page.url)] = page
        edges: dict[str, list[str]] = {}
        for page in portal.pages:
            targets = [dedupe_key(link.url) for link in page.links if link.url and link.kind in ("page", "document")]
            for key in {dedupe_key(page.url), *([dedupe_key(page.final_url)] if page.final_url else [])}:
                edges.setdefault(key, []).extend(targets)
        return cls(edges, pages)

    def depths(self, start_url: str) -> dict[str, int]:
        start = dedupe_key(start_url)
        depth = {start: 0}
        queue = deque([start])
        while queue:
            node = queue.popleft()
            for target in self.edges.get(node, ()):
                if target not in depth:
                    depth[target] = depth[node] + 1
                    queue.append(target)
        return depth

    def path_to(self, start_url: str, target_url: str) -> list[str]:
        """One shortest click path, as URLs, from the start page to the target."""
        start, target = dedupe_key(start_url), dedupe_key(target_url)
        parent: dict[str, str | None] = {start: None}
        queue = deque([start])
        while queue:
            node = queue.popleft()
            if node == target:
                break
            for nxt in self.edges.get(node, ()):
                if nxt not in parent:
                    parent[nxt] = node
                    queue.append(nxt)
        if target not in parent:
            return []
        path, node = [], target
        while node is not None:
            path.append(node)
            node = parent[node]
        return list(reversed(path))


def pages_of_type(portal: PortalArtifacts, kind: str) -> list[PageArtifact]:
    return [p for p in portal.pages if p.page_type.type == kind and not p.error]


def tender_documents(portal: PortalArtifacts) -> list[DocumentArtifact]:
    """Documents linked from notice pages: what a supplier must read to bid."""
    notices = {dedupe_key(p.url) for p in pages_of_type(portal, "notice")}
    notices |= {dedupe_key(p.final_url) for p in pages_of_type(portal, "notice") if p.final_url}
    return [d for d in portal.documents if any(dedupe_key(u) in notices for u in d.found_on)]


def walled_pages(portal: PortalArtifacts) -> list[PageArtifact]:
    """Pages that asked for a sign-in instead of showing what the link promised."""
    return [p for p in portal.pages if p.page_type.type == "login" and (p.redirects or p.status in (401, 403))]


def _nearest(depths: dict[str, int], urls: list[str]) -> tuple[int | None, str | None]:
    best: tuple[int | None, str | None] = (None, None)
    for url in urls:
        d = depths.get(dedupe_key(url))
        if d is not None and (best[0] is None or d < best[0]):
            best = (d, url)
    return best


def _document_stats(docs: list[DocumentArtifact], notices: int) -> dict[str, Any]:
    formats: Counter[str] = Counter()
    tagged = untagged = scanned = 0
    for doc in docs:
        formats[doc.format or "unknown"] += 1
        pdfs = [doc.pdf] if doc.pdf else []
        pdfs += [m["pdf"] for m in doc.zip_members if m.get("pdf")]
        for pdf in pdfs:
            if pdf.get("error"):
                continue
            tagged += bool(pdf.get("tagged"))
            untagged += not pdf.get("tagged")
            scanned += pdf.get("text_layer") is False
    sizes = [d.bytes for d in docs if d.bytes is not None]
    return {
        "count": len(docs),
        "per_notice": round(len(docs) / notices, 2) if notices else 0.0,
        "formats": dict(sorted(formats.items())),
        "total_bytes": sum(sizes),
        "zip_bundles": formats.get("zip", 0),
        "pdf_tagged": tagged,
        "pdf_untagged": untagged,
        "pdf_scanned": scanned,
    }


def _registration(portal: PortalArtifacts) -> dict[str, Any]:
    pages = pages_of_type(portal, "registration")
    if not pages:
        return {"found": False, "url": None, "fields": 0, "required_fields": 0, "captcha": False}
    page = min(pages, key=lambda p: p.depth)
    form = max(page.forms, key=lambda f: len(f.fields))
    return {"found": True, "url": page.url, "fields": len(form.fields),
            "required_fields": sum(f.required for f in form.fields), "captcha": form.captcha}


def is_open_data_link(link: Link) -> bool:
    """A machine-readable feed of notices: a data file, or an API/feed URL."""
    if link.kind == "document":
        return link.url.rsplit(".", 1)[-1].lower() in OPEN_DATA_FORMATS
    return link.kind in ("page", "external") and bool(OPEN_DATA_FEED_URL.search(link.url))


def _open_data(portal: PortalArtifacts) -> dict[str, Any]:
    urls = sorted({link.url for page in portal.pages for link in page.links if link.url and is_open_data_link(link)})
    return {"found": bool(urls), "urls": urls}


def axe_metrics(portal: PortalArtifacts) -> dict[str, Any]:
    pages = audited_pages(portal)
    impacts: Counter[str] = Counter()
    rules: Counter[str] = Counter()
    for page in pages:
        for violation in page.axe.violations:
            impacts[violation.impact or "minor"] += len(violation.nodes)
            rules[violation.id] += len(violation.nodes)
    return {"pages": len(pages), "violations": {i: impacts.get(i, 0) for i in IMPACTS},
            "rules": dict(sorted(rules.items()))}


def compute_metrics(portal: PortalArtifacts) -> dict[str, Any]:
    graph = LinkGraph.build(portal)
    depths = graph.depths(portal.start_url)
    notices = pages_of_type(portal, "notice")
    docs = tender_documents(portal)
    walled = walled_pages(portal)
    reachable_docs = [d.url for d in docs if not d.requires_login and not d.error and (d.status or 0) < 400]
    statements = pages_of_type(portal, "statement")
    clicks_to_notice, _ = _nearest(depths, [p.url for p in notices])
    clicks_to_docs, _ = _nearest(depths, reachable_docs)
    return {
        "clicks_to_notice": clicks_to_notice,
        "clicks_to_documents": clicks_to_docs,
        "notices_found": len(notices),
        "notice_requires_login": not notices and bool(walled),
        "documents_require_login": any(d.requires_login for d in docs),
        "documents": _document_stats(docs, len(notices)),
        "registration": _registration(portal),
        "accessibility_statement": {"found": bool(statements),
                                    "url": min(statements, key=lambda p: p.depth).url if statements else None},
        "open_data": _open_data(portal),
        "axe": axe_metrics(portal),
    }
