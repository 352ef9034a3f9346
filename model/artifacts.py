"""Records of what the crawler saw, as written to disk.

These dataclasses are the only thing checks read, so a past crawl can be re-checked and
re-scored without a browser. Every field has a default so that artifacts written by an
older version still load after fields are added. Enumerations are Literals; the facts a document
inspection or a journey records are TypedDicts, their stored shape. A page's probe results stay
a dict by probe id: each probe's page script defines its shape (auditor/js).
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Literal, TypedDict

import dacite


LinkKind = Literal["page", "document", "javascript", "mailto", "external", "other"]
PageKind = Literal["home", "listing", "notice", "login", "registration", "statement", "open_data", "other"]
Impact = Literal["critical", "serious", "moderate", "minor"]


@dataclass
class Link:
    url: str                       # absolute, normalised; "" when the href is not followable
    text: str = ""                 # accessible name (text, aria-label, img alt)
    href: str = ""                 # the href as written, e.g. "javascript:openNotice(3)"
    kind: LinkKind = "page"
    selector: str = ""
    new_window: bool = False
    rel: str = ""


@dataclass
class FormField:
    tag: str                       # input | select | textarea | button
    type: str = ""
    name: str = ""
    label: str = ""
    required: bool = False
    autocomplete: str = ""
    selector: str = ""


@dataclass
class Form:
    action: str = ""
    method: str = "get"
    selector: str = ""
    fields: list[FormField] = field(default_factory=list)
    captcha: bool = False
    captcha_evidence: str = ""


@dataclass
class AxeNode:
    target: str
    html: str = ""
    summary: str = ""
    box: list[float] | None = None  # x, y, width, height in the page screenshot, for crops


@dataclass
class AxeViolation:
    id: str
    impact: Impact | None = None
    tags: list[str] = field(default_factory=list)
    help: str = ""
    help_url: str = ""
    description: str = ""
    nodes: list[AxeNode] = field(default_factory=list)


@dataclass
class AxeRun:
    version: str = ""
    violations: list[AxeViolation] = field(default_factory=list)
    error: str | None = None


@dataclass
class PageType:
    type: PageKind = "other"
    evidence: list[str] = field(default_factory=list)
    source: Literal["heuristic", "config"] = "heuristic"


# Tab pressed this many times without focus leaving an element is a keyboard trap (checks), and
# enough for the keyboard walk to stop pressing (auditor/probes/keyboard.py).
STUCK_PRESSES = 3


@dataclass
class PageArtifact:
    url: str                       # the normalised URL that was requested
    depth: int = 0                 # link-follows from the start page when first queued
    parent: str | None = None      # the page whose link queued this one
    final_url: str = ""
    redirects: list[str] = field(default_factory=list)
    status: int | None = None
    content_type: str = ""
    error: str | None = None       # why the page could not be gathered, if it could not
    fetched_at: str = ""
    elapsed_ms: int = 0
    title: str = ""
    lang: str = ""
    text: str = ""                 # visible text, capped
    headings: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    forms: list[Form] = field(default_factory=list)
    matched_selectors: list[str] = field(default_factory=list)   # config page-type selectors present
    axe: AxeRun | None = None
    screenshot: str | None = None  # full-page JPEG, path relative to the run directory
    page_type: PageType = field(default_factory=PageType)
    probes: dict[str, Any] = field(default_factory=dict)   # in-browser probe results, by probe id
    probe_times: dict[str, float] = field(default_factory=dict)   # seconds each kind of probe took, and "total"
    journey: str | None = None     # set when a scripted journey, not link-following, reached it
    retried: str | None = None     # why a first attempt failed with its tab (hung, crashed), when
                                   # the page was tried once more in a fresh tab
    cut: dict[str, int] = field(default_factory=dict)   # values the page script cut to its bounds: what -> count
    opened_windows: list[str] = field(default_factory=list)   # popups and new tabs the page opened (closed at once)


class PdfFacts(TypedDict, total=False):
    """What inspecting a PDF found (auditor/documents/pdf.py); None where it could not tell."""
    pages: int | None
    encrypted: bool
    tagged: bool | None
    lang: str | None
    title: str | None
    text_layer: bool | None
    scanned: bool | None
    pages_checked: int             # pages looked at for text: the search stops at the first with text
    limit: str | None              # the cap that cut the text search short
    error: str | None


class OfficeFacts(TypedDict, total=False):
    """What inspecting an Office or ODF document found."""
    title: str | None
    lang: str | None
    note: str | None
    error: str | None


class ZipMember(TypedDict, total=False):
    """One member of a ZIP bundle, inspected like a document; nested archives list their own."""
    name: str
    bytes: int
    format: str
    pdf: PdfFacts | None
    office: OfficeFacts | None
    members: list[ZipMember] | None
    members_total: int | None
    note: str | None               # why the member was not inspected


class FailedStepFacts(TypedDict, total=False):
    index: int                     # 0-based position in the journey's steps
    step: str                      # the step as written
    expected: str                  # what the step was looking for, in words
    url: str                       # where the browser was
    error: str
    screenshot: str | None         # relative to the run directory


class JourneyFacts(TypedDict, total=False):
    """A supplier journey as stored and published (auditor.journeys.records.JourneyRecord, serialised)."""
    name: str
    ok: bool
    builtin: bool
    steps: int
    steps_total: int
    clicks: int
    keystrokes: int
    seconds: float
    pages: list[str]
    screenshots: list[str]
    failed_step: FailedStepFacts | None
    not_possible: str | None
    not_tried: str | None
    reused: list[str]            # pages landed on that the run had already audited (not gathered again)


@dataclass
class DocumentArtifact:
    url: str
    found_on: list[str] = field(default_factory=list)   # pages linking to it
    link_text: str = ""
    depth: int = 0                 # link-follows from the start page
    status: int | None = None
    final_url: str = ""
    redirects: list[str] = field(default_factory=list)
    error: str | None = None
    # judged by the checks (checks/access.py document_wall) from the facts below, never while
    # gathering; a document stored before those facts were kept (headers None) keeps its verdict
    requires_login: bool = False
    login_evidence: str = ""
    # raw facts of the final answer, bounded (documents/probe.py): a few headers that say what was
    # served (None: stored before they were kept), the first bytes of the body as hex, and whether an
    # HTML answer held a real password field (None: no HTML body was read)
    headers: dict[str, str] | None = None
    first_bytes: str = ""
    password_field: bool | None = None
    format: str = ""               # pdf | docx | xlsx | odt | zip | csv | html | ...
    format_evidence: str = ""
    content_type: str = ""
    bytes: int | None = None
    probed_bytes: int = 0          # how much of the body was read
    note: str = ""                 # why a file was not inspected (e.g. larger than the cap)
    pdf: PdfFacts | None = None
    zip_members: list[ZipMember] = field(default_factory=list)   # the first 1,000 (containers.MAX_MEMBERS_LISTED)
    zip_members_total: int | None = None   # how many members the archive holds, listed or not
    office: OfficeFacts | None = None
    limit: str | None = None       # the safety limit that cut the inspection short (worker CPU
                                   # time, memory or wall time, a PDF or ZIP cap), else None


@dataclass
class CrawlSummary:
    pages: int = 0
    errors: int = 0
    blocked_by_robots: int = 0
    stopped_because: str = ""      # "frontier exhausted" | "max_pages" | "time_budget" | "interrupted" |
                                   # "failed: ..." | "start page ..." | "sign-in failed: ..."
    started: str = ""
    finished: str = ""
    skipped: dict[str, int] = field(default_factory=dict)    # reason -> count (scope, trap, ...)
    trap_evidence: list[str] = field(default_factory=list)
    # what the request policy refused or slowed (auditor/policy.py crawl_facts): "refused" (why -> count)
    # and "refused_examples"; "crawl_delay" (requested per host, cap, budget_allows_pages);
    # "shared_host" (waits, seconds, with: the portals sharing the host)
    policy: dict[str, Any] = field(default_factory=dict)
    # how long this run's phases of the portal took (auditor/phases.py): "pages" (the crawl, probes
    # included), "documents" (document probes), "journeys"; each {"started": ISO-8601, "seconds": float}
    phases: dict[str, dict[str, Any]] = field(default_factory=dict)
    # sitemap discovery (auditor/sitemaps.py): "read" (files), "urls" (page URLs found), "errors"
    # (file -> why it could not be read), "absent" (/sitemap.xml asked for, named by nobody, not
    # there: no error), "limit" (the cap that stopped it); empty when switched off
    sitemaps: dict[str, Any] = field(default_factory=dict)

    def skip(self, reason: str) -> None:
        self.skipped[reason] = self.skipped.get(reason, 0) + 1


@dataclass(eq=False)
class PortalArtifacts:
    """Everything gathered about one portal: the input to every check.

    Compared by identity, so data derived from it (model.linkgraph) is computed once per portal."""
    name: str
    slug: str
    start_url: str
    pages: list[PageArtifact] = field(default_factory=list)
    documents: list[DocumentArtifact] = field(default_factory=list)
    crawl: CrawlSummary = field(default_factory=CrawlSummary)
    overrides: dict[str, Any] = field(default_factory=dict)   # page-type patterns from config
    journeys: list[JourneyFacts] = field(default_factory=list)
    signed_in: bool = False        # an owner audit: gathered inside the owner's session


def now_iso() -> str:
    """The time now as records carry it: ISO-8601, UTC, to the second."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


_DACITE = dacite.Config(check_types=False)


def to_dict(record: Any) -> dict[str, Any]:
    return dataclasses.asdict(record)


def page_from_dict(data: dict[str, Any]) -> PageArtifact:
    return dacite.from_dict(PageArtifact, data, config=_DACITE)


def document_from_dict(data: dict[str, Any]) -> DocumentArtifact:
    return dacite.from_dict(DocumentArtifact, data, config=_DACITE)


def crawl_from_dict(data: dict[str, Any]) -> CrawlSummary:
    return dacite.from_dict(CrawlSummary, data, config=_DACITE)
