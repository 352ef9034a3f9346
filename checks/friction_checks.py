"""Friction checks: what stands between a supplier and a bid, beyond WCAG.

Each reads the same measurements as results.json `metrics` (checks.metrics), so a score and
its metric never disagree. Where the artifacts cannot decide, the check is not applicable
(score None) with the reason in its value, rather than a guess. Per-PDF tagging findings
belong to the document accessibility checks (pdf-*); here PDFs are only counted.
"""
from __future__ import annotations

from datetime import date

from model.artifacts import DocumentArtifact, PortalArtifacts
from model.linkgraph import link_graph
from model.methodology import PASS_MARK, STATEMENT_MAX_AGE_DAYS
from checks.access import DESCRIPTIONS, OPEN, UNKNOWN, documents_access
from checks.metrics import (
    accessibility_statement,
    click_path,
    nearest,
    open_data,
    pages_of_type,
    reachable_documents,
    registration,
    registration_form,
    tender_documents,
    walled_notices,
)
from checks.registry import CheckMeta, Evidence, Finding, Outcome, check

NOTICE_CLICKS_OK = 2            # GOV.UK-style portals show a notice two clicks from home
DOCUMENT_CLICKS_OK = 3          # ...and its documents one click further
CLICK_PENALTY = 0.25            # score lost per extra click

# How usable a format is for a supplier, assistive technology included. Tagging of PDFs is
# judged by the pdf-* checks; here a PDF counts as a usable format.
FORMAT_SCORES: dict[str, float] = {
    **dict.fromkeys(("pdf", "docx", "xlsx", "pptx", "odt", "ods", "odp", "html", "csv", "txt", "rtf"), 1.0),
    **dict.fromkeys(("doc", "xls", "ppt"), 0.6),       # legacy binary Office: opens, but poorly structured
    "zip": 0.3,                                        # must be downloaded and unpacked before it can be read
    **dict.fromkeys(("jpg", "jpeg", "png", "gif", "tif", "tiff"), 0.2),   # a picture of text
    **dict.fromkeys(("7z", "rar", "gz", "dwg", "msg"), 0.1),
}
UNKNOWN_FORMAT_SCORE = 0.5


def _depth_score(clicks: int, ok: int) -> float:
    return max(0.1, 1.0 - CLICK_PENALTY * max(0, clicks - ok))


def _path_evidence(path: list[dict[str, str]]) -> list[Evidence]:
    return [Evidence(url=step["url"], detail=f"click {i}: {step['title']}" if i else f"start: {step['title']}")
            for i, step in enumerate(path)]


def _describe(path: list[dict[str, str]]) -> str:
    return " > ".join(step["title"] or step["url"] for step in path)


@check(CheckMeta(
    id="clicks-to-notice",
    category="findability",
    title="Tender notices are two clicks or fewer from the start page",
    failure_title="Tender notices are buried deep in the site",
    why="Every extra click loses suppliers, above all small firms checking many buyers' sites for work "
        "and people using a keyboard or switch device, for whom each page costs more effort.",
    fix="Link to the list of current opportunities from the home page and the main navigation, "
        "and link each notice from that list.",
    measures="Fewest link-follows from the start page to any notice, on the recorded link graph.",
    needs=("pages",),
))
def clicks_to_notice(portal: PortalArtifacts) -> Outcome:
    notices = pages_of_type(portal, "notice")
    if not notices:
        walled = walled_notices(portal)
        if walled:
            return Outcome(None, {"clicks": None, "unknown": "notice links led to a sign-in; see notice-open-access"},
                           [Evidence(url=p.url, detail=p.page_type.evidence[0]) for p in walled[:5]])
        return Outcome(None, {"clicks": None, "unknown": "no gathered page was recognised as a notice"})
    graph = link_graph(portal)
    clicks, url = nearest(graph.depths(portal.start_url), [p.url for p in notices])
    if clicks is None or url is None:
        return Outcome(None, {"clicks": None, "unknown": "no notice is linked from the start page's link graph"})
    path = click_path(portal, graph, url)
    score = _depth_score(clicks, NOTICE_CLICKS_OK)
    findings = [] if clicks <= NOTICE_CLICKS_OK else [Finding(
        url=url, selector=None, impact="moderate",
        message=f"The nearest notice is {clicks} clicks from the start page: {_describe(path)}")]
    return Outcome(score, {"clicks": clicks, "path": path}, _path_evidence(path), findings)


@check(CheckMeta(
    id="clicks-to-documents",
    category="findability",
    title="Tender documents are three clicks or fewer from the start page",
    failure_title="Tender documents take many clicks to reach",
    why="A supplier decides whether to bid from the specification; the longer the path to it, "
        "the fewer suppliers read it.",
    fix="Link the documents directly from each notice page, not from a further 'documents' page.",
    measures="Fewest clicks to a tender document that opens without signing in. When documents were found but "
             "none opens without signing in, no number of clicks reaches one: that scores 0, so a documents wall "
             "shows in findability as well as in open access.",
    needs=("pages", "documents"),
))
def clicks_to_documents(portal: PortalArtifacts) -> Outcome:
    docs = tender_documents(portal)
    if not docs:
        return Outcome(None, {"clicks": None, "unknown": "no tender document was linked from a notice"})
    open_docs = reachable_documents(docs)
    if not open_docs:
        walled = docs[0]
        return Outcome(0.0, {"clicks": None, "unknown": "no tender document opens without signing in; "
                                                        "see documents-open-access"},
                       [Evidence(url=walled.url, detail="behind a login")],
                       [Finding(url=walled.found_on[0] if walled.found_on else walled.url, selector=None,
                                impact="serious",
                                message=f"None of the {len(docs)} tender documents found can be reached without "
                                        f"signing in, however many clicks a supplier makes.")])
    graph = link_graph(portal)
    clicks, url = nearest(graph.depths(portal.start_url), [d.url for d in open_docs])
    if clicks is None or url is None:
        return Outcome(None, {"clicks": None, "unknown": "no open document is on the start page's link graph"})
    path = click_path(portal, graph, url)
    findings = [] if clicks <= DOCUMENT_CLICKS_OK else [Finding(
        url=url, selector=None, impact="moderate",
        message=f"The nearest tender document is {clicks} clicks from the start page: {_describe(path)}")]
    return Outcome(_depth_score(clicks, DOCUMENT_CLICKS_OK), {"clicks": clicks, "path": path},
                   _path_evidence(path), findings)


@check(CheckMeta(
    id="notice-open-access",
    category="access",
    title="Notices can be read without signing in",
    failure_title="Notices are only shown after signing in",
    why="A supplier should be able to judge an opportunity before handing over company details; "
        "hiding notices behind an account deters small firms and makes the market less open.",
    fix="Publish notice details publicly; keep the account for expressing interest and bidding.",
    measures="Share of notice links that showed the notice rather than a sign-in wall.",
    needs=("pages",),
))
def notice_open_access(portal: PortalArtifacts) -> Outcome:
    readable = pages_of_type(portal, "notice")
    walled = walled_notices(portal)
    if not readable and not walled:
        return Outcome(None, {"unknown": "no notice and no walled notice link was found"})
    findings = [Finding(url=p.url, selector=None, impact="serious",
                        message=f"Notice link asks for a sign-in ({'; '.join(p.page_type.evidence)})")
                for p in walled]
    evidence = [Evidence(url=p.url, detail="; ".join(p.page_type.evidence)) for p in walled[:20]]
    evidence += [Evidence(url=p.url, detail="notice readable without signing in") for p in readable[:3]]
    return Outcome(len(readable) / (len(readable) + len(walled)),
                   {"readable": len(readable), "behind_login": len(walled)}, evidence, findings)


@check(CheckMeta(
    id="documents-open-access",
    category="access",
    title="Tender documents can be downloaded without signing in",
    failure_title="Tender documents are behind a sign-in, an approval, an expression of interest or an access code",
    why="Suppliers must register, wait for approval, express interest or ask the buyer for a code before "
        "they can even read the specification, so many never find out whether the contract suits them. "
        "It is also a legal duty, not only a nuisance: the Public Contracts Regulations 2015 reg. 53(1) "
        "(England, Wales and Northern Ireland) and the Public Contracts (Scotland) Regulations 2015 "
        "reg. 54(1) require unrestricted and full direct access, free of charge, to the procurement "
        "documents from the date of the notice, and the Procurement Act 2023 s.21 requires the "
        "associated tender documents to be published with the tender notice.",
    fix="Publish the tender documents on the notice page, or link them directly from it; require an account "
        "only to ask questions and submit a bid.",
    measures="Share of notices whose documents opened with no gate on the way (metrics.documents_access); "
             "notices whose documents were not reached are left out, with the reason in the value.",
    needs=("pages",),              # notices walled before any document was reached still count
))
def documents_open_access(portal: PortalArtifacts) -> Outcome:
    access = documents_access(portal)
    settled = [n for n in access["notices"] if n["verdict"] != UNKNOWN]
    value = {"verdict": access["verdict"], "reason": access["reason"], "counts": access["counts"]}
    if not settled:
        return Outcome(None, {**value, "unknown": access["reason"]})
    gated = [n for n in settled if n["verdict"] != OPEN]
    findings = [Finding(url=n["notice"], selector=None, impact="serious",
                        message=f"The documents of this notice are {DESCRIPTIONS[n['verdict']]}: {n['evidence']} "
                                f"(followed {' > '.join(n['chain'])})")
                for n in gated]
    evidence = [Evidence(url=n["chain"][-1], detail=f"{n['verdict']}: {n['evidence']}") for n in gated[:20]]
    evidence += [Evidence(url=n["chain"][-1], detail=n["evidence"]) for n in settled if n["verdict"] == OPEN][:3]
    return Outcome(1 - len(gated) / len(settled), value, evidence, findings)


def _linked_from(doc: DocumentArtifact) -> str:
    return f" (linked from {doc.found_on[0]})" if doc.found_on else ""


@check(CheckMeta(
    id="registration-burden",
    category="access",
    title="Supplier registration is short and has no CAPTCHA",
    failure_title="Supplier registration is long or has a CAPTCHA",
    why="Every required field is a reason to give up, and an image CAPTCHA can shut out blind and "
        "dyslexic suppliers entirely.",
    fix="Ask only what is needed to create an account (organisation, name, email, password); collect "
        "the rest when a supplier bids. Replace the CAPTCHA with rate limiting or an accessible check.",
    measures="Scored from field count, required fields and CAPTCHA; the form is never submitted.",
    wcag=("1.1.1",),
    needs=("pages",),
    weight=0.5,
))
def registration_burden(portal: PortalArtifacts) -> Outcome:
    facts = registration(portal)
    found = registration_form(portal)
    if not found:
        return Outcome(None, {**facts, "unknown": "no registration form was found"})
    page, form = found
    penalty = min(0.3, 0.015 * max(0, facts["fields"] - 6))
    penalty += min(0.3, 0.025 * max(0, facts["required_fields"] - 4))
    penalty += 0.25 if facts["captcha"] else 0.0
    findings = []
    if 1 - penalty < PASS_MARK:
        findings.append(Finding(url=facts["url"], selector=form.selector or None,
                                impact="moderate", wcag=[],
                                message=f"Registration form has {facts['fields']} fields, "
                                        f"{facts['required_fields']} of them required"))
    if facts["captcha"]:
        findings.append(Finding(url=facts["url"], selector=None, impact="serious",
                                message=f"Registration has a CAPTCHA ({facts['captcha_evidence']})"))
    detail = f"{facts['fields']} fields, {facts['required_fields']} required, CAPTCHA: {'yes' if facts['captcha'] else 'no'}"
    return Outcome(1 - penalty, facts, [Evidence(url=facts["url"], selector=form.selector or None, detail=detail)],
                   findings)


@check(CheckMeta(
    id="document-formats",
    category="documents",
    title="Tender documents come in usable formats, not bundles",
    failure_title="Tender documents come as ZIP bundles or hard-to-use formats",
    why="A ZIP must be downloaded and unpacked before a supplier can see what is in it, which is hard "
        "on a phone and with a screen reader; legacy and image formats read poorly with assistive technology.",
    fix="Link each document separately in an open, structured format (tagged PDF, Word, ODF or HTML); "
        "offer a ZIP only as an extra 'download all'.",
    measures="Mean usability of the tender documents' formats (see FORMAT_SCORES).",
    needs=("documents",),
))
def document_formats(portal: PortalArtifacts) -> Outcome:
    docs = tender_documents(portal)
    if not docs:
        return Outcome(None, {"unknown": "no tender document was linked from a notice"})
    scores = [FORMAT_SCORES.get(d.format, UNKNOWN_FORMAT_SCORE) for d in docs]
    poor = [(d, s) for d, s in zip(docs, scores) if s < 1.0]
    findings = [Finding(url=d.url, selector=None, impact="moderate",
                        message=_format_message(d) + _linked_from(d)) for d, _ in poor]
    counts: dict[str, int] = {}
    for d in docs:
        counts[d.format or "unknown"] = counts.get(d.format or "unknown", 0) + 1
    return Outcome(sum(scores) / len(scores), {"formats": dict(sorted(counts.items())), "documents": len(docs)},
                   [Evidence(url=d.url, detail=f"{d.format or 'unknown'} ({d.format_evidence})") for d, _ in poor[:20]],
                   findings)


def _format_message(doc: DocumentArtifact) -> str:
    name = doc.link_text or doc.url
    if doc.format == "zip":
        inside = [m.get("name") for m in doc.zip_members]
        contents = f": {len(inside)} files inside ({', '.join(map(str, inside[:5]))})" if inside else \
            " (contents unknown" + (": behind a login)" if doc.requires_login else ")")
        return f"'{name}' is a ZIP bundle{contents}"
    return f"'{name}' is in {doc.format or 'an unrecognised'} format"


@check(CheckMeta(
    id="statement-published",
    category="openness",
    title="A current accessibility statement is published",
    failure_title="No current accessibility statement was found",
    why="UK public sector bodies must publish and review an accessibility statement (Public Sector Bodies "
        "Accessibility Regulations 2018); it tells a disabled supplier what will not work and how to get "
        "documents in another format.",
    fix="Publish a statement following the GOV.UK model (compliance status, non-accessible content, how to "
        "request alternatives, preparation date), link it from every page and review it every year.",
    measures="Found, states its compliance status, and was prepared or reviewed within a year of the "
             "crawl.",
    needs=("pages",),
))
def statement_published(portal: PortalArtifacts) -> Outcome:
    facts = accessibility_statement(portal)
    if not facts["found"]:
        return Outcome(0.0, facts, [Evidence(url=portal.start_url, detail="no page was recognised as an "
                                                                          "accessibility statement")],
                       [Finding(url=portal.start_url, selector=None, impact="moderate",
                                message="No accessibility statement was found on the portal")])
    problems = []
    if not facts["status"]:
        problems.append("does not state its compliance status")
    age = _age_days(facts["date"], portal.crawl.started)
    if facts["date"] is None:
        problems.append("gives no preparation or review date")
    elif age is not None and age > STATEMENT_MAX_AGE_DAYS:
        problems.append(f"was last prepared or reviewed {facts['date']}, {age} days before the audit")
    score = 1.0 - 0.2 * len(problems)
    detail = f"status: {facts['status'] or 'not stated'}; date: {facts['date'] or 'none'}"
    return Outcome(score, facts, [Evidence(url=facts["url"], detail=detail)],
                   [Finding(url=facts["url"], selector=None, impact="minor",
                            message=f"The accessibility statement {p}") for p in problems])


def _age_days(iso: str | None, crawled: str) -> int | None:
    """Days between the statement's date and the crawl (not today, so a rescore gives the same score)."""
    try:
        return (date.fromisoformat(crawled[:10]) - date.fromisoformat(iso or "")).days
    except ValueError:
        return None


@check(CheckMeta(
    id="open-data-feed",
    category="openness",
    title="Notices are published as open data",
    failure_title="No open data feed of notices was found",
    why="A machine-readable feed (OCDS, CSV, RSS/Atom, an API) lets suppliers and alert services find "
        "opportunities without visiting every portal, and lets the public scrutinise spending.",
    fix="Publish notices in the Open Contracting Data Standard, or at least as CSV and an RSS/Atom feed, "
        "and link the feed from the notice list.",
    measures="Any link to a machine-readable feed of notices.",
    needs=("pages",),
))
def open_data_feed(portal: PortalArtifacts) -> Outcome:
    facts = open_data(portal)
    if facts["found"]:
        return Outcome(1.0, facts, [Evidence(url=u, detail="open data link") for u in facts["urls"][:20]])
    return Outcome(0.0, facts, [Evidence(url=portal.start_url, detail="no link to OCDS, JSON, CSV, RSS/Atom or an API")],
                   [Finding(url=portal.start_url, selector=None, impact="minor",
                            message="No open data feed of notices (OCDS, CSV, RSS/Atom, API) is linked")])
