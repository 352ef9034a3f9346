"""Where the crawler may go: scope, link kinds, and crawler-trap guards.

Portals have URL spaces with no end (calendars, faceted search) that waste the page budget a
supplier's journeys need. Normalisation and templates live in model.urls, shared with checks.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlsplit

from auditor.config import Scope
from model.urls import document_format_from_url, path_template, url_template

PATH_TEMPLATE_FACTOR = 10


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


def in_scope(url: str, scope: Scope) -> bool:
    parts = urlsplit(url)
    if parts.netloc.lower() not in scope.hosts:
        return False
    if scope.paths and not any(parts.path.startswith(p) for p in scope.paths):
        return False
    return not any(re.search(pattern, url) for pattern in scope.exclude)


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
