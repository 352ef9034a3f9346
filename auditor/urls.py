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


def path_template(url: str) -> str:
    """The host and path with numbers blanked: a listing and all its facets, sorts and pages share it."""
    parts = urlsplit(url)
    return f"{parts.netloc}{_NUMBERISH.sub('#', parts.path)}"


def url_template(url: str) -> str:
    """The URL with its numbers and query values blanked: pages of one template share it."""
    params = sorted({k for k, _ in parse_qsl(urlsplit(url).query, keep_blank_values=True)})
    return f"{path_template(url)}?{'&'.join(params)}"


FACET_SHARE = 0.25                 # of max_pages: the most one path's query-string URLs may take
MAX_QUERY_PARAMS = 4               # parameters in one URL; more is a combination of facets


def query_budget(max_pages: int) -> int:
    """How many query-string URLs one path may have: a stated share of the page budget."""
    return max(1, int(max_pages * FACET_SHARE))


@dataclass
class TrapGuard:
    """Refuses URLs that look like the endless parts of a site.

    - a path segment repeated more than `max_repeats` times (relative-link loops: /a/b/a/b/a/b);
    - more than `max_per_template` URLs sharing one template whose query values vary (calendars:
      /events?month=2031-04, faceted search: ?sort=..&page=..&filter=..), or ten times that for
      templates that vary only in path numbers (/notice/123: real portals list thousands, and
      the crawler samples notices itself); the template's first URLs are kept, the rest refused,
      so a sample of each is still audited;
    - URLs longer than `max_length`;
    - faceted navigation, bounded by design on each path (a listing or search page and all its
      query strings): at most `max_query_params` parameters in one URL, at most `max_per_template`
      distinct values of one parameter, and at most `max_per_path` query-string URLs in all (a
      share of max_pages, see `query_budget`), so facet combinations cannot eat the crawl.
    """
    max_repeats: int = 2
    max_per_template: int = 30
    max_length: int = 512
    max_query_params: int = MAX_QUERY_PARAMS
    max_per_path: int | None = None        # None: no path-wide budget
    seen_templates: Counter = field(default_factory=Counter)
    seen_paths: Counter = field(default_factory=Counter)
    param_values: dict[tuple[str, str], set[str]] = field(default_factory=dict)   # (path, parameter) -> values
    evidence: dict[str, str] = field(default_factory=dict)   # refused template -> first refused URL

    def admit(self, url: str) -> str | None:
        """None if the URL may be queued, else the reason it is refused."""
        if len(url) > self.max_length:
            return "trap: URL too long"
        segments = [s for s in urlsplit(url).path.split("/") if s]
        if segments and max(Counter(segments).values()) > self.max_repeats:
            self.evidence.setdefault("repeating path segments", url)
            return "trap: repeating path segments"
        query = urlsplit(url).query
        template = url_template(url)
        limit = self.max_per_template if query else self.max_per_template * PATH_TEMPLATE_FACTOR
        if self.seen_templates[template] >= limit:
            self.evidence.setdefault(template, url)
            return "trap: too many URLs of one pattern"
        facets = self._facet_refusal(url, query) if query else None
        if facets:
            return facets
        self.seen_templates[template] += 1
        if query:
            path = path_template(url)
            self.seen_paths[path] += 1
            for name, value in parse_qsl(query, keep_blank_values=True):
                self.param_values.setdefault((path, name), set()).add(value)
        return None

    def _facet_refusal(self, url: str, query: str) -> str | None:
        path = path_template(url)
        pairs = parse_qsl(query, keep_blank_values=True)
        if len({name for name, _ in pairs}) > self.max_query_params:
            self.evidence.setdefault(f"{path}: more than {self.max_query_params} query parameters", url)
            return "trap: too many query parameters"
        for name, value in pairs:
            values = self.param_values.get((path, name), set())
            if value not in values and len(values) >= self.max_per_template:
                self.evidence.setdefault(f"{path}: more than {self.max_per_template} values of {name}", url)
                return "trap: too many values of one parameter"
        if self.max_per_path is not None and self.seen_paths[path] >= self.max_per_path:
            self.evidence.setdefault(f"{path}: query URLs beyond {self.max_per_path} (a share of max_pages)", url)
            return "trap: query URLs beyond their share of max_pages"
        return None
