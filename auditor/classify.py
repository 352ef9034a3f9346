"""What kind of page is this, and which links lead where suppliers need to go?

Pure functions over recorded artifacts, so the crawler uses them to spend its budget and the
checks re-run them on stored pages. Every decision carries the signals that fired, because a
council disputing a metric must be able to see why a page was called a login wall.
Signals come from how many real portals word things (Contracts Finder, Find a Tender, Public
Contracts Scotland, ProContract, In-Tend, Delta, Jaggaer, Bravo, Atamis, TED, SAM.gov), never
from one portal's phrasing.
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from auditor.artifacts import Link, PageArtifact, PageType

_I = re.IGNORECASE

NOTICE_SIGNALS: dict[str, re.Pattern[str]] = {
    "reference": re.compile(r"\b(notice|tender|contract|project|opportunity|procurement|solicitation)?\s*"
                            r"(ref(erence)?\.?|id|identifier|number|no\.)\s*[:#]|\bocds-[a-z0-9]+|\bnotice id\b", _I),
    "deadline": re.compile(r"closing (date|time)|deadline|return date|submission (date|deadline)|"
                           r"time limit for receipt|tenders? (must be )?(received|returned) by|closes on|"
                           r"response (date|due)|date due|offers due|expression of interest by", _I),
    "value": re.compile(r"(estimated|contract|total|approximate|indicative)\s+value|value of (the )?contract|"
                        r"\bbudget\b|£\s?\d|€\s?\d|\bGBP\b|\bEUR\b", _I),
    "buyer": re.compile(r"\b(buyer|contracting (authority|entity)|awarding body|procuring (entity|organisation)|"
                        r"contact officer|published by|issuing (office|organisation)|department/ind\. agency)\b", _I),
    "cpv": re.compile(r"\bCPV\b|\b\d{8}-\d\b|\bNAICS\b|\bUNSPSC\b", _I),
    "procedure": re.compile(r"\b(open|restricted|negotiated|competitive|below threshold|light touch)\s+"
                            r"(procedure|process|dialogue|tender)|procedure type|type of procedure|\bprocedure\b", _I),
}
LOGIN_URL = re.compile(r"(^|[/_.-])(log-?in|log-?on|sign-?in|signon|sso|auth(enticate)?|account/login)([/_.?-]|$)", _I)
LOGIN_WORDS = re.compile(r"\b(sign in|log in|login|log on)\b", _I)
REGISTER_WORDS = re.compile(r"\b(register|registration|sign up|create (an |your )?account|new supplier|"
                            r"supplier (sign-up|signup|registration))\b", _I)
STATEMENT_TITLE = re.compile(r"accessibility( statement)?", _I)
STATEMENT_TEXT = re.compile(r"web content accessibility guidelines|\bWCAG\b|accessibility regulations|"
                            r"section 508|EN 301 549", _I)
OPEN_DATA_WORDS = re.compile(r"\bopen data\b|\bOCDS\b|open contracting data|\bAPI\b|data feed|\bRSS\b|"
                             r"download (all )?(notices|data)|bulk data", _I)
LISTING_WORDS = re.compile(r"(search|find|current|live|open|browse|latest)\s+(contract|tender|opportunit|notice)|"
                           r"(contract|tender|procurement)\s+(opportunities|notices|search|finder)|"
                           r"opportunities|search results|results found|showing \d+", _I)

# Link priorities: where the crawler should spend its budget first (higher is sooner).
LINK_PRIORITIES: tuple[tuple[int, re.Pattern[str]], ...] = (
    (9, re.compile(r"opportunit|tender|contract|notice|procurement|bid|solicitation|find a|search", _I)),
    (7, re.compile(r"accessibility|open data|ocds|\bapi\b|data feed|rss|atom|export", _I)),
    (6, re.compile(r"register|registration|sign up|sign-up|create account|log ?in|sign ?in|log ?on", _I)),
    (4, re.compile(r"business|supplier|selling to|doing business|work with us|suppliers", _I)),
)
AVOID_LINKS = re.compile(r"log ?out|sign ?out|delete|remove|unsubscribe|cancel", _I)


def link_priority(link: Link) -> int:
    """How strongly a link points at a supplier journey, from its text and URL."""
    haystack = f"{link.text} {urlsplit(link.url).path} {urlsplit(link.url).fragment}"
    return max((score for score, pattern in LINK_PRIORITIES if pattern.search(haystack)), default=0)


def is_destructive(link: Link) -> bool:
    """Links an auditor never follows inside a signed-in session."""
    return bool(AVOID_LINKS.search(f"{link.text} {urlsplit(link.url).path}"))


def notice_signals(page: PageArtifact) -> list[str]:
    return [name for name, pattern in NOTICE_SIGNALS.items() if pattern.search(page.text)]


def _password_fields(page: PageArtifact) -> int:
    return sum(1 for form in page.forms for f in form.fields if f.type == "password")


def _largest_form(page: PageArtifact) -> int:
    return max((len(form.fields) for form in page.forms), default=0)


def _title_and_headings(page: PageArtifact) -> str:
    return " ".join([page.title, *page.headings[:3]])


def classify_page(page: PageArtifact, start_url: str, overrides: dict[str, list[str]] | None = None) -> PageType:
    """The page's type and the evidence for it; config URL patterns win over heuristics."""
    url = page.final_url or page.url
    for kind, patterns in (overrides or {}).items():
        for pattern in patterns:
            if re.search(pattern, url):
                return PageType(kind, [f"config pattern {pattern!r} matches {url}"], "config")
    heading = _title_and_headings(page)
    passwords = _password_fields(page)
    if page.status in (401, 403):
        return PageType("login", [f"HTTP {page.status}"])
    if passwords and (_largest_form(page) >= 5 or REGISTER_WORDS.search(heading)):
        return PageType("registration", [f"form with {_largest_form(page)} fields including a password",
                                         *([f"heading: {heading[:80]}"] if REGISTER_WORDS.search(heading) else [])])
    if passwords:
        evidence = ["password field in a form"]
        if any(LOGIN_URL.search(u) for u in [url, *page.redirects]):
            evidence.append("sign-in URL")
        return PageType("login", evidence)
    if REGISTER_WORDS.search(heading) and _largest_form(page) >= 4:
        return PageType("registration", [f"heading: {heading[:80]}", f"form with {_largest_form(page)} fields"])
    if STATEMENT_TITLE.search(heading) and STATEMENT_TEXT.search(page.text):
        return PageType("statement", [f"heading: {heading[:80]}", "mentions accessibility standards"])
    signals = notice_signals(page)
    if len(signals) >= 3 and not _looks_like_listing(page):
        return PageType("notice", [f"notice signals: {', '.join(signals)}"])
    if _looks_like_listing(page):
        return PageType("listing", [f"heading: {heading[:80]}"] if LISTING_WORDS.search(heading)
                        else ["many links sharing one URL pattern"])
    if OPEN_DATA_WORDS.search(heading):
        return PageType("open_data", [f"heading: {heading[:80]}"])
    if url.rstrip("/") == start_url.rstrip("/") or page.depth == 0:
        return PageType("home", ["the start page"])
    return PageType("other", [f"notice signals: {', '.join(signals) or 'none'}"])


def _looks_like_listing(page: PageArtifact) -> bool:
    heading = _title_and_headings(page)
    templates: dict[str, int] = {}
    for link in page.links:
        if link.kind == "page":
            key = re.sub(r"\d+", "#", urlsplit(link.url).path + "#" + urlsplit(link.url).fragment)
            templates[key] = templates.get(key, 0) + 1
    repeated = max(templates.values(), default=0)
    return bool(LISTING_WORDS.search(heading)) and repeated >= 3 or repeated >= 8
