"""Can a supplier get a notice's documents, and if not, what stands in the way?

The law makes a documents wall a finding, not a nuisance: PCR 2015 reg. 53(1) and, in Scotland,
PCSR 2015 reg. 54(1) require "unrestricted and full direct access free of charge" to the
procurement documents from the date of the notice, and the Procurement Act 2023 s.21 requires the
associated tender documents to be published with the tender notice. So the verdict is a measured
fact with its evidence: for each notice, the URLs a supplier follows from the notice towards its
documents (links, "View tender documents" pages, redirects, pages on another host) and what the
last of them showed. Pure: it reads stored artifacts only, so `rescore` re-judges old crawls.

Verdicts, strongest gate first: `registration_approval` (a sign-in whose account is vetted by
hand, "approval can take up to 5 working days"), `access_code` (documents released with a code
the buyer issues), `expression_of_interest` (documents offered only after "express interest" or
"opt in"), `sign_in` (a redirect to a sign-in address, 401/403, or a sign-in or registration form
where the documents were due), `open` (a document file was served), `unknown` (with the reason).
A notice whose documents are partly open and partly gated gets the gate: access must be full.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from model.artifacts import DocumentArtifact, Link, PageArtifact, PortalArtifacts
from model.classify import MAX_GATEWAY_HOPS, REGISTER_WORDS, hard_wall, is_document_gateway
from model.computed import computed
from model.urls import dedupe_key
from model.walls import login_wall_evidence

OPEN, SIGN_IN, UNKNOWN = "open", "sign_in", "unknown"
REGISTRATION_APPROVAL, ACCESS_CODE, EXPRESSION_OF_INTEREST = "registration_approval", "access_code", \
    "expression_of_interest"
GATES = (REGISTRATION_APPROVAL, ACCESS_CODE, EXPRESSION_OF_INTEREST, SIGN_IN)   # strongest first
SIGN_IN_GATES = (REGISTRATION_APPROVAL, SIGN_IN)     # gates that show a sign-in was asked for
MAX_NOTICES_LISTED = 50

APPROVAL_TEXT = re.compile(
    r"approv\w* (?:can|may|will|could|should) take|takes? up to \d+ (?:working |business )?days|"
    r"(?:registrations?|accounts?|applications?) (?:is|are|will be|must be|needs? to be|must first be) "
    r"(?:manually |individually )?(?:approved|verified|vetted|checked|reviewed)|"
    r"subject to (?:approval|verification|vetting)|pending approval|await(?:ing)? approval", re.I)
ACCESS_CODE_TEXT = re.compile(r"\baccess code\b|\bpass ?code\b|\b(?:tender|invitation|document) code\b|"
                              r"\baccess key\b", re.I)
# "opt in" only to an opportunity: a cookie banner's "opt in to analytics" is not a gate
EOI_TEXT = re.compile(r"\bexpress(?:ion of)? (?:an |your )?interest\b|\bregister (?:an |your )?interest\b|"
                      r"\bopt(?:ed)?[ -]in (?:to|for) (?:this|the) (?:opportunity|tender|contract|project|procurement)\b",
                      re.I)

DESCRIPTIONS = {
    OPEN: "open to everyone",
    SIGN_IN: "behind a sign-in",
    REGISTRATION_APPROVAL: "behind a sign-in whose registration the portal approves by hand",
    EXPRESSION_OF_INTEREST: "released only after an expression of interest",
    ACCESS_CODE: "released only with an access code from the buyer",
    UNKNOWN: "not settled",
}


def document_wall(doc: DocumentArtifact) -> str | None:
    """Why a document's answer is a login wall, or None: judged from the raw facts its probe stored
    (status, redirects, whether a password field was served), like page walls. A document stored
    before the probe kept those facts (no `headers`) keeps the verdict stored with it."""
    if doc.headers is None:
        return (doc.login_evidence or "behind a login wall") if doc.requires_login else None
    return login_wall_evidence(doc.status, doc.final_url, doc.redirects, bool(doc.password_field))


def judge_document_walls(portal: PortalArtifacts) -> None:
    """Set each document's requires_login and login_evidence from `document_wall`, so every check
    and metric reads today's judgement, on an old run as on a new one."""
    for doc in portal.documents:
        evidence = document_wall(doc)
        doc.requires_login, doc.login_evidence = evidence is not None, evidence or ""


@dataclass
class NoticeAccess:
    notice: str
    verdict: str
    chain: list[str]               # the URLs from the notice to what settled the verdict
    evidence: str                  # what was seen there, or why the verdict is unknown
    gates: list[str] = field(default_factory=list)       # every gate met on the way to any document
    documents: list[str] = field(default_factory=list)   # document URLs attributed to the notice


@dataclass
class _Outcome:
    verdict: str
    chain: list[str]
    evidence: str
    document: str | None = None    # the document file this outcome is about, if any


class _Artifacts:
    """Pages and documents by dedupe key, and the start page's links (site navigation)."""

    def __init__(self, portal: PortalArtifacts) -> None:
        self.pages: dict[str, PageArtifact] = {}
        for page in portal.pages:
            if page.journey is None:
                self.pages.setdefault(dedupe_key(page.url), page)
        self.documents = {dedupe_key(d.url): d for d in portal.documents}
        start = self.pages.get(dedupe_key(portal.start_url))
        self.navigation = {dedupe_key(link.url) for link in (start.links if start else []) if link.url}

    def found_on(self, page: PageArtifact) -> list[DocumentArtifact]:
        """Documents the crawl recorded as linked from the page (a download a page link led to included)."""
        keys = {dedupe_key(u) for u in (page.url, page.final_url) if u}
        return [d for d in self.documents.values() if any(dedupe_key(u) in keys for u in d.found_on)]

    def page_at(self, url: str) -> PageArtifact | None:
        """The recorded page at a URL, or failing that the one at the same address without its query
        (the sign-in page a wall redirected to, with a return URL, crawled from the site's own link)."""
        return self.pages.get(dedupe_key(url)) or self.pages.get(dedupe_key(url.split("?", 1)[0]))


def _hops(page: PageArtifact) -> list[str]:
    """The URLs a request for the page passed through, its redirects and where it ended."""
    return [*page.redirects[1:], *([page.final_url] if page.final_url and page.final_url != page.url else [])]


def _doc_outcome(found: _Artifacts, doc: DocumentArtifact, chain: list[str]) -> _Outcome:
    path = [*chain, doc.url, *doc.redirects[1:],
            *([doc.final_url] if doc.final_url and doc.final_url != doc.url else [])]
    if doc.requires_login:
        evidence = f"document {doc.url}: {doc.login_evidence}"
        sign_in = found.page_at(doc.final_url) if doc.final_url else None
        if sign_in is not None and (approval := _approval(found, sign_in)):
            return _Outcome(REGISTRATION_APPROVAL, path, f"{evidence}; {approval}", doc.url)
        return _Outcome(SIGN_IN, path, evidence, doc.url)
    if doc.error or (doc.status or 0) >= 400:
        return _Outcome(UNKNOWN, path, f"document {doc.url} could not be fetched: {doc.error or doc.status}", doc.url)
    if doc.status is None:
        return _Outcome(UNKNOWN, path, f"document {doc.url} was not probed", doc.url)
    return _Outcome(OPEN, path, f"document {doc.url} served ({doc.format or 'unknown format'})", doc.url)


def _approval(found: _Artifacts, sign_in: PageArtifact) -> str:
    """Text saying registrations are vetted by hand, on the sign-in page or a registration page it links."""
    pages = [sign_in, *(p for link in sign_in.links if link.url and REGISTER_WORDS.search(link.text)
                        for p in [found.page_at(link.url)] if p is not None)]
    for page in pages:
        if match := APPROVAL_TEXT.search(page.text):
            return f"{page.final_url or page.url} says {_quote(page.text, match)}"
    return ""


def _quote(text: str, match: re.Match[str]) -> str:
    start, end = max(0, match.start() - 60), min(len(text), match.end() + 60)
    return repr(" ".join(text[start:end].split()))


def _access_code(page: PageArtifact) -> str:
    for form in page.forms:
        for fld in form.fields:
            if ACCESS_CODE_TEXT.search(f"{fld.label} {fld.name.replace('_', ' ')}"):
                return f"a form asks for {fld.label or fld.name!r}"
    match = ACCESS_CODE_TEXT.search(page.text)
    return f"the page says {_quote(page.text, match)}" if match else ""


def _gate(found: _Artifacts, page: PageArtifact, chain: list[str]) -> _Outcome | None:
    """The gate a page shows where documents were due, or None if it shows none."""
    wall = hard_wall(page)
    if wall or page.page_type.type in ("login", "registration"):
        evidence = "; ".join(wall or page.page_type.evidence) or f"a {page.page_type.type} page"
        if approval := _approval(found, page):
            return _Outcome(REGISTRATION_APPROVAL, chain, f"{evidence}; {approval}")
        return _Outcome(SIGN_IN, chain, evidence)
    if any(link.kind == "document" for link in page.links):
        return None                # the page offers files: they decide
    if code := _access_code(page):
        return _Outcome(ACCESS_CODE, chain, code)
    if match := EOI_TEXT.search(page.text):
        return _Outcome(EXPRESSION_OF_INTEREST, chain, f"the page says {_quote(page.text, match)}")
    return None


def _gateway_links(found: _Artifacts, page: PageArtifact) -> list[Link]:
    """Links towards documents that are not the site's own navigation (which every page repeats)."""
    return [link for link in page.links if is_document_gateway(link) and dedupe_key(link.url) not in found.navigation]


def _walk(found: _Artifacts, page: PageArtifact, chain: list[str], hops: int,
          outcomes: list[_Outcome], seen: set[str]) -> None:
    """Follow a page's documents and its documents links, through at most MAX_GATEWAY_HOPS pages."""
    docs = {dedupe_key(d.url): d for d in found.found_on(page)}
    for link in page.links:
        if link.url and (doc := found.documents.get(dedupe_key(link.url))):
            docs.setdefault(dedupe_key(doc.url), doc)
    for key in sorted(docs):
        if key not in seen:
            seen.add(key)
            outcomes.append(_doc_outcome(found, docs[key], chain))
    if hops >= MAX_GATEWAY_HOPS:
        return
    for link in _gateway_links(found, page):
        key = dedupe_key(link.url)
        if key in seen or key in docs:
            continue
        seen.add(key)
        target = found.pages.get(key)
        if target is None:
            outcomes.append(_Outcome(UNKNOWN, [*chain, link.url], f"the documents link {link.url} was not "
                                                                   "followed (crawl budget, scope or robots.txt)"))
            continue
        path = [*chain, target.url, *_hops(target)]
        if gate := _gate(found, target, path):
            outcomes.append(gate)
        elif target.error:
            outcomes.append(_Outcome(UNKNOWN, path, f"the documents page could not be loaded: {target.error}"))
        else:
            before = len(outcomes)
            _walk(found, target, path, hops + 1, outcomes, seen)
            if len(outcomes) == before:
                outcomes.append(_Outcome(UNKNOWN, path, "the documents page shows neither a document nor a gate"))


def _notice_access(found: _Artifacts, notice: PageArtifact) -> NoticeAccess:
    outcomes: list[_Outcome] = []
    _walk(found, notice, [notice.url], 0, outcomes, set())
    if not outcomes:
        # no document and no documents link: the notice itself may name the gate
        gate = _gate(found, notice, [notice.url]) if notice.page_type.type == "notice" else None
        outcomes.append(gate or _Outcome(UNKNOWN, [notice.url], "the notice links no documents and names no gate"))
    gates = [g for g in GATES if any(o.verdict == g for o in outcomes)]
    chosen = next((o for g in gates for o in outcomes if o.verdict == g), None) \
        or next((o for o in outcomes if o.verdict == OPEN), outcomes[0])
    return NoticeAccess(notice.url, chosen.verdict, chosen.chain, chosen.evidence, gates,
                        sorted({o.document for o in outcomes if o.document}))


def notices_access(portal: PortalArtifacts) -> list[NoticeAccess]:
    """Each notice's document access, in URL order: computed once per portal, for the metrics and
    every check that asks."""
    return computed(portal, _notices_access)


def _notices_access(portal: PortalArtifacts) -> list[NoticeAccess]:
    found = _Artifacts(portal)
    notices = sorted((p for p in found.pages.values() if p.page_type.type == "notice" and not p.error),
                     key=lambda p: p.url)
    return [_notice_access(found, notice) for notice in notices]


def attributed_documents(portal: PortalArtifacts) -> set[str]:
    """Dedupe keys of the documents reached from notices, through documents pages on any host."""
    return {dedupe_key(url) for access in notices_access(portal) for url in access.documents}


def gateway_pages(portal: PortalArtifacts) -> set[str]:
    """Dedupe keys of pages reached from notices by their documents links: a wall there walls the
    documents, not a notice."""
    found = _Artifacts(portal)
    keys: set[str] = set()
    frontier = [p for p in found.pages.values() if p.page_type.type == "notice"]
    for _ in range(MAX_GATEWAY_HOPS):
        nxt = []
        for page in frontier:
            for link in _gateway_links(found, page):
                key = dedupe_key(link.url)
                if key not in keys and (target := found.pages.get(key)) is not None:
                    keys.add(key)
                    nxt.append(target)
        frontier = nxt
    return keys


def documents_access(portal: PortalArtifacts) -> dict[str, Any]:
    """metrics.documents_access: the portal's verdict (its strongest gate), why, the URL chain that
    shows it, and every notice's verdict."""
    per = notices_access(portal)
    counts = Counter(a.verdict for a in per)
    gated = [a for a in per if a.verdict in GATES]
    if not per:
        verdict, shown, reason = UNKNOWN, None, "no notice was found, so no tender document either"
    elif gated:
        verdict = next(g for g in GATES if counts[g])
        shown = next(a for a in gated if a.verdict == verdict)
        reason = f"{len(gated)} of {len(per)} notices' documents are gated; the strongest gate is " \
                 f"{DESCRIPTIONS[verdict]}"
    elif counts[OPEN]:
        verdict, shown = OPEN, next(a for a in per if a.verdict == OPEN)
        reason = f"{counts[OPEN]} of {len(per)} notices' documents were served without any gate"
    else:
        verdict, shown = UNKNOWN, per[0]
        reason = f"no notice's documents were reached: {per[0].evidence}"
    return {"verdict": verdict, "reason": reason,
            "evidence": shown.chain if shown else [], "detail": shown.evidence if shown else "",
            "counts": dict(sorted(counts.items())),
            "notices": [asdict(a) for a in per[:MAX_NOTICES_LISTED]]}


def requires_login(access: dict[str, Any]) -> tuple[bool | None, str]:
    """documents_require_login, derived: True when a sign-in was met on the way to some notice's
    documents, False when every notice's documents that were reached opened, else None with why."""
    notices = access["notices"]
    if any(set(n["gates"]) & set(SIGN_IN_GATES) for n in notices):
        return True, ""
    if access["verdict"] == OPEN:
        return False, ""
    if access["verdict"] == UNKNOWN:
        return None, access["reason"]
    return None, f"documents are {DESCRIPTIONS[access['verdict']]}; no sign-in was met on the way"
