"""What kind of page is this, and which links lead where suppliers need to go?

Pure functions over recorded artifacts, so the crawler uses them to spend its budget and the
checks re-run them on stored pages. Every decision carries the signals that fired, because a
council disputing a metric must be able to see why a page was called a login wall.
Signals come from how many real portals word things (Contracts Finder, Find a Tender, Public
Contracts Scotland, ProContract, In-Tend, Delta, Jaggaer, Bravo, Atamis, TED, SAM.gov), never
from one portal's phrasing.

Notice signals are field labels (a line that starts "Closing date", "Notice ID", "Buyer"...),
not words anywhere: a news story that mentions a tender's deadline in a sentence is not a notice.
Page text is the browser's innerText, so a label sits at the start of a line.
"""
from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from model.artifacts import Form, Link, PageArtifact, PageType
from model.urls import url_template

_I = re.IGNORECASE
_LABEL = re.IGNORECASE | re.MULTILINE
_START = r"^[ \t*•·>-]*"          # a line start, after bullets or table indentation

NOTICE_SIGNALS: dict[str, re.Pattern[str]] = {
    # "Reference", "Tender ref: WC/2026/017", "Opportunity ID EM-0871", SAM.gov "Notice ID",
    # PCS "OJEU Ref", TED "2026/S 012-034567" or "123456-2026", OCDS ids.
    "reference": re.compile(
        _START + r"(?:(?:notice|tender|contract|opportunity|procurement|project|solicitation|ojeu|ocds|"
        r"our|buyer'?s?|internal|unique)\s+)?(?:ref(?:erence)?|id|identifier|number|no)\b\.?"
        r"(?:\s+(?:no\.?|number))?\s*(?:[:#]|$|[A-Z]*[-/ ]?\d)"
        r"|" + _START + r"(?:notice|publication) number\b"
        r"|\bocds-[a-z0-9]{4,}-|\b\d{4}/S \d{3}-\d{6}\b|\b\d{5,8}-20\d\d\b", _LABEL),
    # "Closing date", Contracts Finder "Closing", PCS "Deadline Date", SAM.gov "Response Date",
    # TED "Time limit for receipt of tenders", "Return date", "Tenders must be returned by".
    "deadline": re.compile(
        _START + r"(?:(?:tender|bid|offer|submission|response|expression of interest|eoi|application|"
        r"quot\w*)\s+)?(?:closing|deadline)\b"
        r"|" + _START + r"(?:original |current |updated )?(?:closing|deadline|response|return|submission|due|"
        r"receipt) (?:date|time|by)\b"
        r"|time limit for receipt|tenders? (?:must be )?(?:received|returned) by|\bcloses on\b|\boffers due\b",
        _LABEL),
    # "Contract value", "Estimated value", a bare "Value" label, "Total value", "Budget", amounts.
    "value": re.compile(
        _START + r"(?:(?:estimated|contract|total|approximate|indicative|annual|maximum|lot)\s+)*"
        r"(?:value|budget|amount)\b|[£€$]\s?\d[\d,.]*\s*(?:k|m|bn|million)?\b", _LABEL),
    # "Buyer", "Contracting authority", "Organisation", SAM.gov "Department/Ind. Agency",
    # "Contact officer", "Published by", "Awarding body", "Purchaser".
    "buyer": re.compile(
        _START + r"(?:buyer|contracting (?:authority|entity)|awarding (?:body|authority)|procuring "
        r"(?:entity|organi[sz]ation)|organi[sz]ation(?: name)?|purchaser|contact officer|published by|"
        r"issued by|issuing (?:office|organi[sz]ation)|department/ind\. agency|department|agency|"
        r"(?:official )?name and address)\b", _LABEL),
    "cpv": re.compile(r"\bCPV\b|\b\d{8}-\d\b|\bNAICS\b|\bUNSPSC\b|product service code", _I),
    # "Procedure type", a "Procedure" label, "Open procedure", SAM.gov "Notice Type".
    "procedure": re.compile(
        _START + r"(?:procedure|procurement (?:procedure|route|method)|type of (?:procedure|notice)|"
        r"(?:notice|contract opportunity) type|set aside)\b"
        r"|\b(?:open|restricted|negotiated|competitive(?: flexible)?|light touch|below threshold)\s+"
        r"(?:procedure|process|dialogue)\b", _LABEL),
}
NOTICE_MIN_SIGNALS = 3

# The one rule for a sign-in address, for pages (a redirect to one is a wall) and documents alike.
_SIGN_IN_PATH = re.compile(
    r"(?:^|[/_.-])(log-?in|log-?on|sign-?in|sign_in|sign-?on|auth|authenticate|authorize|oauth2?|sso|"
    r"cas|saml2?|openid|idp|adfs)(?:$|[/_.-])", _I)
_SIGN_IN_HOST_LABELS = {"login", "logon", "signin", "auth", "sso", "idp", "adfs", "accounts"}
_RETURN_PARAMS = {"next", "returnurl", "return_url", "returnto", "return_to", "redirect",
                  "redirect_uri", "redirect_url", "redirecturl", "continue", "service", "goto",
                  "target", "destination", "backurl", "came_from", "successurl"}
LOGIN_WORDS = re.compile(r"\b(sign(ing)? in|log(ging)? ?in|login|log on|logon)\b", _I)
LOGIN_REQUIRED = re.compile(r"you (must|need to|have to) (be )?(logged|signed) in|(please )?(log|sign) in to "
                            r"(view|see|access|continue|download|read)|log ?in required|sign-in required|"
                            r"authentication required|not authori[sz]ed|access denied|session (has )?expired", _I)
REGISTER_WORDS = re.compile(r"\b(register|registration|sign up|create (an |your )?account|new supplier|"
                            r"supplier (sign-up|signup|registration))\b", _I)
REGISTER_URL = re.compile(r"regist|sign-?up|create-?account|new-?supplier|enrol", _I)
STATEMENT_HEADING = re.compile(r"accessibility statement|statement on accessibility|section 508|"
                               r"accessibility( and| &)? (conformance|compliance)|^accessibility$", _I)
STATEMENT_TEXT = re.compile(r"(fully|partially|not) compliant with|web content accessibility guidelines|\bWCAG\b|"
                            r"accessibility regulations|section 508|EN 301 549|preparation of this (accessibility )?"
                            r"statement", _I)
OPEN_DATA_WORDS = re.compile(r"\bopen data\b|\bOCDS\b|open contracting|\bAPI\b|data feeds?|\bRSS\b|"
                             r"download (all )?(notices|data)|bulk data|data (downloads?|exports?)", _I)
LISTING_WORDS = re.compile(r"(search|find|current|live|open|browse|latest|all|view)\s+(contract|tender|opportunit|notice)|"
                           r"(contract|tender|procurement)s?\s+(opportunities|notices|search|finder)|"
                           r"\bopportunities\b|search results|results found|\bshowing \d+|\d+ results?\b", _I)
NOTICE_PATH_WORDS = re.compile(r"notice|tender|opportunit|contract|solicitation|advert|procurement|award|"
                               r"\bopp\b|rfq|rfp|itt|bid", _I)

# Link priorities: where the crawler should spend its budget first (higher is sooner).
LINK_PRIORITIES: tuple[tuple[int, re.Pattern[str]], ...] = (
    (9, re.compile(r"opportunit|tender|contract|notice|procurement|bid|solicitation|find a|search", _I)),
    (7, re.compile(r"accessibility|open data|ocds|\bapi\b|data feed|rss|atom|export", _I)),
    (6, re.compile(r"register|registration|sign up|sign-up|create account|log ?in|sign ?in|log ?on", _I)),
    (4, re.compile(r"business|supplier|selling to|doing business|work with us|suppliers", _I)),
)
# A link from a notice towards its documents, through a page rather than to a file: "View tender
# documents", "Documents", "Tender pack", "Attachments", "ITT", "Bid documents". Bare "download" is
# left out, since "Download Adobe Reader" leads nowhere a supplier needs.
DOCUMENT_GATEWAY = re.compile(r"\bdocument(s|ation)?\b|\b(tender|bid|procurement|itt) (pack|bundle|files)\b|"
                              r"\battachments?\b|\binvitation to (tender|quote)\b|\bITT\b|\bspecifications?\b|"
                              r"\bunterlagen\b|\bdocuments? d'appel\b|\bpliegos?\b", _I)
MAX_GATEWAY_HOPS = 3               # documents pages followed in a row from a notice (crawler and checks)
# Words of an action that changes or ends something on the portal: a signed-in crawl never follows
# such a link, and a journey may not press such a button without submit_forms.
DESTRUCTIVE_WORDS = (r"log ?out|sign ?out|delete|remove|unsubscribe|cancel|withdraw|decline|opt ?out|"
                     r"submit|deactivate|close (my |your )?account")
AVOID_LINKS = re.compile(DESTRUCTIVE_WORDS, _I)
WALL_TEXT_CHARS = 600            # a bare "please sign in" page is short; help pages are not
_INPUT_TAGS = ("input", "select", "textarea")
_NOT_ENTRY = ("hidden", "submit", "button", "reset", "image")


def link_priority(link: Link) -> int:
    """How strongly a link points at a supplier journey, from its text and URL."""
    haystack = f"{link.text} {urlsplit(link.url).path} {urlsplit(link.url).fragment}"
    return max((score for score, pattern in LINK_PRIORITIES if pattern.search(haystack)), default=0)


def is_document_gateway(link: Link) -> bool:
    """A followable link, not itself a file, whose words say it leads to documents."""
    return link.kind in ("page", "external") and bool(link.url) and bool(DOCUMENT_GATEWAY.search(link.text))


def is_destructive(link: Link) -> bool:
    """Links an auditor never follows inside a signed-in session."""
    return bool(AVOID_LINKS.search(f"{link.text} {urlsplit(link.url).path}"))


def notice_signals(page: PageArtifact) -> list[str]:
    """Names of the notice field labels present on the page."""
    return [name for name, pattern in NOTICE_SIGNALS.items() if pattern.search(page.text)]


def entry_fields(form: Form) -> int:
    """Fields a person fills in: hidden inputs and buttons are not a burden."""
    return sum(1 for f in form.fields if f.tag in _INPUT_TAGS and f.type not in _NOT_ENTRY)


def main_heading(page: PageArtifact) -> str:
    """The page's own heading: its first h1, else its first heading, else its title.

    Titles often carry the portal's name on every page ("... - Tender Search"), so they are
    only a fallback.
    """
    h1 = next((h for h in page.headings if h.lower().startswith("h1:")), None)
    heading = h1 or (page.headings[0] if page.headings else "")
    return re.sub(r"^h\d:\s*", "", heading) or page.title


def sibling_template(url: str) -> str:
    """The shape shared by links to sibling records: the URL's template, whose last path segment
    stands for any name ({*}) when no segment holds an id, so /guides/bidding and /guides/lots
    are siblings too."""
    template = url_template(url)
    path, _, query = template.partition("?")
    segments = path.split("/")
    if "{id}" not in path and len(segments) > 1 and segments[-1]:
        segments[-1] = "{*}"
    return "/".join(segments) + ("?" + query if query else "")


_RECORD_KEY = re.compile(r"id$|ref|code", _I)


def _record_like(template: str) -> bool:
    """Does a link shape name records: an id segment, a notice word, or an id query parameter?"""
    where, _, query = template.partition("?")
    path = where[where.find("/"):]          # the host's name says nothing about one link
    return "{id}" in path or bool(NOTICE_PATH_WORDS.search(path)) or any(_RECORD_KEY.search(k) for k in query.split("&") if k)


def record_links(page: PageArtifact) -> tuple[str, int]:
    """The largest group of links to sibling records: (template, distinct URLs).

    A site's navigation (/about, /contact) shares the template /{*} but is not record-like.
    """
    groups: dict[str, set[str]] = {}
    for link in page.links:
        if link.kind == "page" and link.url and link.url not in (page.url, page.final_url):
            template = sibling_template(link.url)
            if _record_like(template):
                groups.setdefault(template, set()).add(link.url)
    if not groups:
        return "", 0
    template, urls = max(groups.items(), key=lambda item: (len(item[1]), item[0]))
    return template, len(urls)


def config_override(page: PageArtifact, overrides: dict[str, Any]) -> PageType | None:
    """The type the portal's config gives this page by URL pattern or CSS selector, if any.

    A rule is {"urls": [...], "selectors": [...]}; a bare list of URL patterns is the form
    runs stored before selectors existed.
    """
    url = page.final_url or page.url
    for kind, rule in overrides.items():
        urls, selectors = (rule, []) if isinstance(rule, list) else (rule.get("urls", []), rule.get("selectors", []))
        for pattern in urls:
            if re.search(pattern, url) or re.search(pattern, page.url):
                return PageType(kind, [f"config pattern {pattern!r} matches {url}"], "config")
        for selector in selectors:
            if selector in page.matched_selectors:
                return PageType(kind, [f"config selector {selector!r} matches an element on the page"], "config")
    return None


def classify_page(page: PageArtifact, start_url: str, overrides: dict[str, Any] | None = None) -> PageType:
    """The page's type and the evidence for it; config URL patterns and selectors win over heuristics.

    Order matters and is deliberate: a wall (401/403, a redirect to sign-in) beats everything;
    a registration form beats the start page; listings are decided before notices because a
    results page repeats every notice label; a notice with a header sign-in box is a notice.
    """
    if overridden := config_override(page, overrides or {}):
        return overridden
    if wall := hard_wall(page):
        return PageType("login", wall)
    if registration := registration_evidence(page):
        return PageType("registration", registration)
    signals = notice_signals(page)
    listing = listing_evidence(page)
    if _is_start(page, start_url):
        return PageType("home", ["the start page", *([f"also {e}" for e in listing[:1]])])
    if listing:
        return PageType("listing", listing)
    if len(signals) >= NOTICE_MIN_SIGNALS:
        return PageType("notice", [f"notice labels: {', '.join(signals)}"])
    if login := login_form_evidence(page):
        return PageType("login", login)
    if statement := statement_evidence(page):
        return PageType("statement", statement)
    if OPEN_DATA_WORDS.search(main_heading(page)):
        return PageType("open_data", [f"heading: {main_heading(page)[:80]}"])
    return PageType("other", [f"notice labels: {', '.join(signals) or 'none'}"
                              f" (fewer than {NOTICE_MIN_SIGNALS})"])


def _is_start(page: PageArtifact, start_url: str) -> bool:
    start = start_url.rstrip("/")
    return page.url.rstrip("/") == start or (page.final_url or "").rstrip("/") == start


def sign_in_address(url: str) -> str | None:
    """What makes a URL look like a sign-in page, or None."""
    parts = urlsplit(url)
    path = unquote(parts.path)
    if match := _SIGN_IN_PATH.search(path):
        return f"path has '{match.group(1)}'"
    labels = set((parts.hostname or "").split(".")[:-2])   # subdomains only, not the site's name
    if hit := labels & _SIGN_IN_HOST_LABELS:
        return f"host starts with '{sorted(hit)[0]}'"
    for name, value in parse_qsl(parts.query, keep_blank_values=True):
        if name.lower() in _RETURN_PARAMS and value.startswith(("/", "http://", "https://")):
            return f"carries a return address {name}={value}"
    return None


def hard_wall(page: PageArtifact) -> list[str]:
    """Evidence that the server refused the page: HTTP 401/403 or a redirect to a sign-in URL."""
    if page.status in (401, 403):
        return [f"HTTP {page.status}"]
    if page.redirects and page.final_url and not sign_in_address(page.url):
        if reason := sign_in_address(page.final_url):
            return [f"redirected from {page.url} to sign-in address {page.final_url} ({reason})"]
    return []


def _password_fields(form: Form) -> int:
    return sum(1 for f in form.fields if f.type == "password")


def registration_evidence(page: PageArtifact) -> list[str]:
    """A form for creating an account: two password fields (create and confirm), a password
    among many fields, or a registration heading/URL over a form of several fields."""
    heading = main_heading(page)
    named = bool(REGISTER_WORDS.search(heading) or REGISTER_URL.search(urlsplit(page.final_url or page.url).path))
    for form in sorted(page.forms, key=entry_fields, reverse=True):
        fields, passwords = entry_fields(form), _password_fields(form)
        if passwords >= 2 or (passwords and fields >= 5) or (named and fields >= 4):
            evidence = [f"form with {fields} fields" + (f", {passwords} password" if passwords else "")]
            if named:
                evidence.append(f"heading or URL names registration: {heading[:80]}")
            return evidence
    return []


def login_form_evidence(page: PageArtifact) -> list[str]:
    """A sign-in form, or a sign-in message that is the page's whole point.

    Only called for pages that are not notices or listings, so a header sign-in box on a
    notice page, or help text that mentions signing in, does not make a wall.
    """
    url = page.final_url or page.url
    heading = f"{main_heading(page)}\n{page.title}"
    if any(_password_fields(form) for form in page.forms):
        evidence = ["password field in a form"]
        if sign_in_address(url):
            evidence.append(f"sign-in URL {url}")
        if LOGIN_WORDS.search(heading):
            evidence.append(f"heading: {main_heading(page)[:80]}")
        return evidence
    if message := LOGIN_REQUIRED.search(heading):
        return [f"heading asks to sign in: {message.group(0)!r}"]
    if len(page.text) < WALL_TEXT_CHARS and (message := LOGIN_REQUIRED.search(page.text)):
        return [f"short page whose message is {message.group(0)!r}"]
    return []


def statement_evidence(page: PageArtifact) -> list[str]:
    """An accessibility statement: so titled, and worded like one (WCAG, compliance, regulations)."""
    headings = [page.title, *(re.sub(r"^h\d:\s*", "", h) for h in page.headings[:4])]
    titled = next((h for h in headings if STATEMENT_HEADING.search(h)), None)
    worded = STATEMENT_TEXT.search(page.text)
    if titled and worded:
        return [f"heading: {titled[:80]}", f"statement wording: {worded.group(0)!r}"]
    return []


def listing_evidence(page: PageArtifact) -> list[str]:
    """Search results or a list of opportunities: links to several sibling records, backed by a
    listing heading, repeated deadline labels, or sheer number."""
    template, count = record_links(page)
    if count < 3:
        return []
    heading = main_heading(page)
    deadlines = len(NOTICE_SIGNALS["deadline"].findall(page.text))
    if _matches_template(page, template):
        return []          # a notice linking to its siblings ("other opportunities") is still a notice
    shape = template[template.find("/"):]      # as the portal's own links read, without the host
    if LISTING_WORDS.search(heading) or LISTING_WORDS.search(page.title):
        return [f"{count} links to {shape}", f"heading: {heading[:80]}"]
    if deadlines >= 2 or count >= 8:
        return [f"{count} links to {shape}", f"{deadlines} deadline labels"]
    return []


def _matches_template(page: PageArtifact, template: str) -> bool:
    return any(sibling_template(u) == template for u in (page.url, page.final_url) if u)
