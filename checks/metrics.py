"""The friction metrics of results.json, computed from a portal's artifacts.

Click depths are shortest paths on the recorded link graph, whatever order the crawler fetched
pages in. Where the artifacts cannot settle a question the metric is None ("unknown"), never a guess.
"""
from __future__ import annotations

import re
from collections import Counter
from datetime import datetime
from typing import Any, Iterator
from urllib.parse import urlsplit

from model.artifacts import DocumentArtifact, Form, Link, PageArtifact, PortalArtifacts
from model.classify import NOTICE_PATH_WORDS, entry_fields, sibling_template, sign_in_address
from model.linkgraph import LinkGraph, link_graph
from model.urls import dedupe_key, extension_format
from checks.access import attributed_documents, documents_access, gateway_pages, requires_login
from checks.common import IMPACTS, audited_pages

OPEN_DATA_FEED_URL = re.compile(r"/api/|ocds|/feeds?(/|$|\?)|/rss|/atom|format=(json|csv|xml|rss|atom)", re.I)
OPEN_DATA_FORMATS = ("json", "csv", "xml", "rss", "atom")
OPEN_DATA_LINK_TEXT = re.compile(r"\b(OCDS|open contracting data|RSS|Atom feed|JSON|CSV|API)\b")

# The UK model statement's three states, and the variants other statements use.
STATEMENT_STATUS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("not compliant", re.compile(r"\b(?:is|are) (?:not|non)[- ]compliant\b|\bdoes not (?:conform|comply|meet)\b|"
                                 r"\bnon-conformant\b", re.I)),
    ("partially compliant", re.compile(r"\bpartially (?:compliant|conform(?:s|ant)?|meets)\b|\bpartial conformance\b",
                                       re.I)),
    ("fully compliant", re.compile(r"\bfully (?:compliant|conform(?:s|ant)?|meets)\b|\bfull conformance\b", re.I)),
)
_DATE = (r"\d{1,2}(?:st|nd|rd|th)? [A-Z][a-z]+,? \d{4}|[A-Z][a-z]+ \d{1,2}(?:st|nd|rd|th)?,? \d{4}|"
         r"\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4}")
STATEMENT_DATE = re.compile(r"\b(prepared|reviewed|updated|revised)(?: on)?:?\s+(" + _DATE + r")", re.I)
SIGNED_IN_UNKNOWN = "signed in as the portal's owner: what needs no account could not be told apart"
_DATE_FORMATS = ("%d %B %Y", "%d %b %Y", "%B %d %Y", "%b %d %Y", "%Y-%m-%d", "%d/%m/%Y")


def pages_of_type(portal: PortalArtifacts, kind: str) -> list[PageArtifact]:
    return [p for p in portal.pages if p.page_type.type == kind and not p.error]


def _keys(page: PageArtifact) -> set[str]:
    return {dedupe_key(u) for u in (page.url, page.final_url) if u}


def tender_documents(portal: PortalArtifacts) -> list[DocumentArtifact]:
    """Documents of notices, what a supplier must read to bid: linked from a notice page, or from
    the documents pages its documents links lead to (on any host)."""
    notices = set().union(*(_keys(p) for p in pages_of_type(portal, "notice")))
    attributed = attributed_documents(portal)
    return [d for d in portal.documents
            if dedupe_key(d.url) in attributed or any(dedupe_key(u) in notices for u in d.found_on)]


def walled_pages(portal: PortalArtifacts) -> list[PageArtifact]:
    """Pages that asked for a sign-in instead of showing what the link promised.

    A portal's own sign-in page is not a wall; a notice URL answered by 401/403, a redirect
    to sign-in, or a sign-in form is.
    """
    return [p for p in portal.pages if p.page_type.type == "login" and not p.error and not sign_in_address(p.url)]


def walled_notices(portal: PortalArtifacts) -> list[PageArtifact]:
    """Walls met where a notice was due: the link came from a listing, or the URL is shaped
    like the portal's notices, or it names a notice/tender/opportunity."""
    listed = {dedupe_key(link.url) for p in pages_of_type(portal, "listing") for link in p.links if link.url}
    shapes = {sibling_template(p.url) for p in pages_of_type(portal, "notice")}
    documents_pages = gateway_pages(portal)      # a wall there walls the documents (documents_access)
    return [p for p in walled_pages(portal) if dedupe_key(p.url) not in documents_pages and (
            dedupe_key(p.url) in listed or sibling_template(p.url) in shapes
            or NOTICE_PATH_WORDS.search(p.url.split("?")[0].split("/", 3)[-1]))]


def nearest(depths: dict[str, int], urls: list[str]) -> tuple[int | None, str | None]:
    """The fewest clicks to any of the URLs, and which one."""
    best: tuple[int | None, str | None] = (None, None)
    for url in urls:
        d = depths.get(dedupe_key(url))
        if d is not None and (best[0] is None or d < best[0]):
            best = (d, url)
    return best


def click_path(portal: PortalArtifacts, graph: LinkGraph, target: str) -> list[dict[str, str]]:
    """The click path to a URL as the supplier sees it: each step's title and URL."""
    titles = {dedupe_key(p.url): p.title for p in portal.pages}
    docs = {dedupe_key(d.url): d.link_text for d in portal.documents}
    return [{"title": titles.get(key) or docs.get(key) or "", "url": key}
            for key in graph.path_to(portal.start_url, target)]


def reachable_documents(docs: list[DocumentArtifact]) -> list[DocumentArtifact]:
    """Documents a supplier can open without signing in."""
    return [d for d in docs if not d.requires_login and not d.error and (d.status or 0) < 400]


def pdfs_of(doc: DocumentArtifact) -> Iterator[tuple[str, dict[str, Any] | None]]:
    """(where, inspection) for a document's PDFs, those inside ZIPs (and nested ZIPs) included.

    inspection is None when the PDF could not be looked at (behind a login, too large).
    """
    if doc.format == "pdf":
        yield doc.url, None if doc.requires_login else doc.pdf
    yield from _zip_pdfs(doc.url, doc.zip_members)


def _zip_pdfs(where: str, members: list[dict[str, Any]]) -> Iterator[tuple[str, dict[str, Any] | None]]:
    for member in members or []:
        name = f"{where} > {member.get('name')}"
        if member.get("format") == "pdf":
            yield name, member.get("pdf")
        yield from _zip_pdfs(name, member.get("members") or [])


def _zip_formats(members: list[dict[str, Any]]) -> Counter[str]:
    formats: Counter[str] = Counter()
    for member in members or []:
        if member.get("members"):
            formats += _zip_formats(member["members"])
        else:
            formats[member.get("format") or "unknown"] += 1
    return formats


def document_stats(docs: list[DocumentArtifact], notices: int) -> dict[str, Any]:
    """Counts for results.json. A walled file's size and structure are unknown, not zero:
    its bytes are the sign-in page's, so they are left out, and its PDFs count as uninspected."""
    formats: Counter[str] = Counter(d.format or "unknown" for d in docs)
    inside: Counter[str] = Counter()
    pdf: Counter[str] = Counter()
    for doc in docs:
        inside += _zip_formats(doc.zip_members)
        for _, info in pdfs_of(doc):
            if not info or info.get("error") or info.get("tagged") is None:
                pdf["uninspected"] += 1
                continue
            pdf["tagged" if info["tagged"] else "untagged"] += 1
            pdf["scanned"] += info.get("text_layer") is False
            pdf["with_lang"] += bool(info.get("lang"))
            pdf["with_title"] += bool(info.get("title"))
    sizes = [d.bytes for d in reachable_documents(docs) if d.bytes is not None]
    return {
        "count": len(docs),
        "per_notice": round(len(docs) / notices, 2) if notices else 0.0,
        "formats": dict(sorted(formats.items())),
        "total_bytes": sum(sizes),
        "zip_bundles": formats.get("zip", 0),
        "pdf_tagged": pdf["tagged"],
        "pdf_untagged": pdf["untagged"],
        "pdf_scanned": pdf["scanned"],
        "pdf_with_lang": pdf["with_lang"],
        "pdf_with_title": pdf["with_title"],
        "pdf_uninspected": pdf["uninspected"],
        "zip_contents": dict(sorted(inside.items())),
        "notices_with_documents": len({u for d in docs for u in d.found_on}),
        "behind_login": sum(d.requires_login for d in docs),
        "unreachable": sum(bool(d.error) or (d.status or 0) >= 400 for d in docs if not d.requires_login),
    }


def registration_form(portal: PortalArtifacts) -> tuple[PageArtifact, Form] | None:
    """The supplier registration form nearest the start page (the largest form on it)."""
    pages = [p for p in pages_of_type(portal, "registration") if p.forms]
    if not pages:
        return None
    page = min(pages, key=lambda p: (p.depth, -max(entry_fields(f) for f in p.forms), p.url))
    return page, max(page.forms, key=entry_fields)


def registration(portal: PortalArtifacts) -> dict[str, Any]:
    found = registration_form(portal)
    if not found:
        return {"found": False, "url": None, "fields": 0, "required_fields": 0, "captcha": False,
                "captcha_evidence": ""}
    page, form = found
    entries = [f for f in form.fields if entry_fields(Form(fields=[f]))]
    return {"found": True, "url": page.final_url or page.url, "fields": len(entries),
            "required_fields": sum(f.required for f in entries), "captcha": form.captcha,
            "captcha_evidence": form.captcha_evidence}


def parse_date(text: str) -> str | None:
    """A statement's date as ISO 8601, or None when its wording is not a date we know."""
    cleaned = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text).replace(",", "")
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(cleaned, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def statement_facts(page: PageArtifact) -> dict[str, Any]:
    """Compliance status and date as the statement words them.

    Status is the earliest status phrase on the page (the model statement puts it first,
    before the list of non-compliances). Date is the latest prepared/reviewed/updated date:
    how current the statement claims to be. Unparseable dates are kept as written.
    """
    found = [(m.start(), status, m.group(0)) for status, pattern in STATEMENT_STATUS
             for m in [pattern.search(page.text)] if m]
    status = min(found)[1:] if found else (None, "")
    dates = [(label.lower(), raw, parse_date(raw)) for label, raw in STATEMENT_DATE.findall(page.text)]
    parsed = [d for d in dates if d[2]]
    latest = max(parsed, key=lambda d: d[2]) if parsed else (dates[0] if dates else None)
    return {"status": status[0], "status_evidence": status[1],
            "date": (latest[2] or latest[1]) if latest else None,
            "date_evidence": f"{latest[0]} {latest[1]}" if latest else ""}


def accessibility_statement(portal: PortalArtifacts) -> dict[str, Any]:
    statements = sorted(pages_of_type(portal, "statement"), key=lambda p: (p.depth, p.url))
    if not statements:
        return {"found": False, "url": None, "status": None, "date": None, "status_evidence": "", "date_evidence": ""}
    page = statements[0]
    return {"found": True, "url": page.final_url or page.url, **statement_facts(page)}


def is_open_data_link(link: Link) -> bool:
    """A machine-readable feed of notices: a data file, an API/feed URL, or a link named so."""
    if not link.url:
        return False
    if link.kind == "document" and extension_format(urlsplit(link.url).path) in OPEN_DATA_FORMATS:
        return True
    return link.kind in ("page", "external", "document") and bool(
        OPEN_DATA_FEED_URL.search(link.url) or OPEN_DATA_LINK_TEXT.search(link.text))


def open_data(portal: PortalArtifacts) -> dict[str, Any]:
    """Feed links found anywhere but on notice pages, where a CSV is more likely a pricing schedule."""
    urls = sorted({link.url for page in portal.pages if page.page_type.type != "notice"
                   for link in page.links if is_open_data_link(link)})
    pages = sorted(p.final_url or p.url for p in pages_of_type(portal, "open_data"))
    return {"found": bool(urls), "urls": urls, "pages": pages}


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
    """Every friction metric of results.json, plus `unknown`: why a metric is None."""
    graph = link_graph(portal)
    depths = graph.depths(portal.start_url)
    notices = pages_of_type(portal, "notice")
    docs = tender_documents(portal)
    walled = walled_notices(portal)
    unknown: dict[str, str] = {}
    clicks_to_notice, _ = nearest(depths, [p.url for p in notices])
    clicks_to_docs, _ = nearest(depths, [d.url for d in reachable_documents(docs)])
    if not notices:
        unknown["clicks_to_notice"] = ("notice links led to a sign-in" if walled
                                       else "no gathered page was recognised as a notice")
    if clicks_to_docs is None:
        unknown["clicks_to_documents"] = ("every tender document is behind a login" if docs
                                          else "no tender document was linked from a notice")
    notice_login: bool | None = bool(walled) and not notices
    if not notices and not walled:
        notice_login = None
        unknown["notice_requires_login"] = "no notice and no walled notice link was found"
    access = documents_access(portal)
    docs_login, why = requires_login(access)
    if docs_login is None:
        unknown["documents_require_login"] = why
    if access["verdict"] == "unknown":
        unknown["documents_access"] = access["reason"]
    if portal.signed_in:
        notice_login = docs_login = clicks_to_docs = None
        for metric in ("notice_requires_login", "documents_require_login", "clicks_to_documents"):
            unknown[metric] = SIGNED_IN_UNKNOWN
    return {
        "clicks_to_notice": clicks_to_notice,
        "clicks_to_documents": clicks_to_docs,
        "notices_found": len(notices),
        "notices_behind_login": len(walled),
        "notice_requires_login": notice_login,
        "documents_require_login": docs_login,
        "documents_access": access,
        "documents": document_stats(docs, len(notices)),
        "registration": registration(portal),
        "accessibility_statement": accessibility_statement(portal),
        "open_data": open_data(portal),
        "axe": axe_metrics(portal),
        "unknown": unknown,
    }
