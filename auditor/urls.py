"""URL normalisation, scope and crawler-trap guards.

Portals are full of URLs that differ only in ways that do not matter (tracking parameters,
session ids, fragments, parameter order) and of URL spaces with no end (calendars, faceted
search). Both waste the page budget a supplier's journeys need.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urljoin, urlsplit, urlunsplit

from w3lib.url import canonicalize_url, url_query_cleaner

from auditor.config import Scope

TRACKING_PARAMS = ("utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content", "utm_id",
                   "gclid", "fbclid", "msclkid", "mc_cid", "mc_eid", "_ga", "_gl")
SESSION_PARAMS = ("jsessionid", "phpsessid", "sid", "sessionid", "session_id", "aspsessionid",
                  "cfid", "cftoken", "sessid")
_PATH_SESSION = re.compile(r";(jsessionid|phpsessid|sid|sessionid)=[^/?#]*", re.I)
_DEFAULT_PORTS = {"http": 80, "https": 443}

DOCUMENT_EXTENSIONS = {
    "pdf": "pdf", "doc": "doc", "docx": "docx", "xls": "xls", "xlsx": "xlsx", "ppt": "ppt",
    "pptx": "pptx", "odt": "odt", "ods": "ods", "odp": "odp", "rtf": "rtf", "txt": "txt",
    "csv": "csv", "zip": "zip", "7z": "7z", "rar": "rar", "gz": "gz", "xml": "xml", "json": "json",
    "rss": "rss", "atom": "atom", "dwg": "dwg", "msg": "msg",
}


def normalise_url(url: str, base: str | None = None) -> str | None:
    """The canonical form of a followable http(s) URL, or None for anything else.

    Fragments are dropped, except client-side routes (#/notice/12, #!/search) which are pages
    of a single-page portal.
    """
    url = (url or "").strip()
    if base:
        url = urljoin(base, url)
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    url = _PATH_SESSION.sub("", url)
    lowered = [p for p, _ in parse_qsl(parts.query, keep_blank_values=True)
               if p.lower() in TRACKING_PARAMS or p.lower() in SESSION_PARAMS]
    if lowered:
        url = url_query_cleaner(url, lowered, remove=True, keep_fragments=True)
    route = parts.fragment if parts.fragment.startswith(("/", "!/")) else ""
    url = canonicalize_url(url)
    parts = urlsplit(url)
    netloc = parts.hostname or ""
    if parts.port and parts.port != _DEFAULT_PORTS.get(parts.scheme):
        netloc = f"{netloc}:{parts.port}"
    return urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, route))


def dedupe_key(url: str) -> str:
    """Two URLs with the same key are the same page (a trailing slash does not make a new page)."""
    parts = urlsplit(url)
    path = parts.path.rstrip("/") or "/"
    return urlunsplit((parts.scheme, parts.netloc, path, parts.query, parts.fragment))


def link_kind(href: str, url: str | None, scope: Scope) -> str:
    """page | document | javascript | mailto | external | other.

    A document is any link to a file (by extension), wherever it is hosted: portals often keep
    tender packs on another host, and the supplier still has to get them.
    """
    scheme = urlsplit(href.strip()).scheme.lower()
    if scheme == "javascript":
        return "javascript"
    if scheme in ("mailto", "tel"):
        return "mailto"
    if url is None:
        return "other"
    if document_format_from_url(url):
        return "document"
    return "page" if in_scope(url, scope) else "external"


def document_format_from_url(url: str) -> str | None:
    """The file format a URL's extension claims, if it names a file rather than a page."""
    name = urlsplit(url).path.lower().rsplit("/", 1)[-1]
    return DOCUMENT_EXTENSIONS.get(name.rsplit(".", 1)[-1]) if "." in name else None


def in_scope(url: str, scope: Scope) -> bool:
    parts = urlsplit(url)
    if parts.netloc.lower() not in scope.hosts:
        return False
    if scope.paths and not any(parts.path.startswith(p) for p in scope.paths):
        return False
    return not any(re.search(pattern, url) for pattern in scope.exclude)


_NUMBERISH = re.compile(r"\d+")
PATH_TEMPLATE_FACTOR = 10


def url_template(url: str) -> str:
    """The URL with its numbers and query values blanked: pages of one template share it."""
    parts = urlsplit(url)
    path = _NUMBERISH.sub("#", parts.path)
    params = sorted({k for k, _ in parse_qsl(parts.query, keep_blank_values=True)})
    return f"{parts.netloc}{path}?{'&'.join(params)}"


@dataclass
class TrapGuard:
    """Refuses URLs that look like the endless parts of a site.

    - a path segment repeated more than `max_repeats` times (relative-link loops: /a/b/a/b/a/b);
    - more than `max_per_template` URLs sharing one template whose query values vary (calendars:
      /events?month=2031-04, faceted search: ?sort=..&page=..&filter=..), or ten times that for
      templates that vary only in path numbers (/notice/123: real portals list thousands, and
      the crawler samples notices itself); the template's first URLs are kept, the rest refused,
      so a sample of each is still audited;
    - URLs longer than `max_length`.
    """
    max_repeats: int = 2
    max_per_template: int = 30
    max_length: int = 512
    seen_templates: Counter = field(default_factory=Counter)
    evidence: dict[str, str] = field(default_factory=dict)   # refused template -> first refused URL

    def admit(self, url: str) -> str | None:
        """None if the URL may be queued, else the reason it is refused."""
        if len(url) > self.max_length:
            return "trap: URL too long"
        segments = [s for s in urlsplit(url).path.split("/") if s]
        if segments and max(Counter(segments).values()) > self.max_repeats:
            self.evidence.setdefault("repeating path segments", url)
            return "trap: repeating path segments"
        template = url_template(url)
        limit = self.max_per_template if urlsplit(url).query else self.max_per_template * PATH_TEMPLATE_FACTOR
        if self.seen_templates[template] >= limit:
            self.evidence.setdefault(template, url)
            return "trap: too many URLs of one pattern"
        self.seen_templates[template] += 1
        return None
