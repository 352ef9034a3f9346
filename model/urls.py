"""URLs as the model sees them: the canonical form, the key that says two URLs are one page, the
template that says pages share a layout, and the file format an extension claims.

Portals are full of URLs that differ only in ways that do not matter (tracking parameters,
session ids, fragments, parameter order). Gathering uses these to decide what to fetch, checks to
group what was fetched, so both sides agree on what "the same page" and "one template" mean.
"""
from __future__ import annotations

import re
from urllib.parse import parse_qsl, urljoin, urlsplit, urlunsplit

from w3lib.url import canonicalize_url, url_query_cleaner

TRACKING_PARAMS = ("utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content", "utm_id",
                   "gclid", "fbclid", "msclkid", "mc_cid", "mc_eid", "_ga", "_gl")
SESSION_PARAMS = ("jsessionid", "phpsessid", "sid", "sessionid", "session_id", "aspsessionid",
                  "cfid", "cftoken", "sessid")
_PATH_SESSION = re.compile(r";(jsessionid|phpsessid|sid|sessionid)=[^/?#]*", re.I)
_DEFAULT_PORTS = {"http": 80, "https": 443}

# The one table of what a file name's extension claims. Macro-enabled Office files are their
# family's format; a web page's extensions name a format too, but a link to one is a page.
EXTENSION_FORMATS = {
    "pdf": "pdf", "doc": "doc", "docx": "docx", "docm": "docx", "xls": "xls", "xlsx": "xlsx",
    "xlsm": "xlsx", "ppt": "ppt", "pptx": "pptx", "pptm": "pptx", "odt": "odt", "ods": "ods",
    "odp": "odp", "rtf": "rtf", "txt": "txt", "csv": "csv", "zip": "zip", "7z": "7z", "rar": "rar",
    "gz": "gz", "xml": "xml", "json": "json", "rss": "rss", "atom": "atom", "dwg": "dwg", "msg": "msg",
    "htm": "html", "html": "html", "xhtml": "html",
}
PAGE_FORMATS = ("html",)


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




def extension_format(name: str) -> str | None:
    """The format a file name's (or a URL path's) extension claims, or None."""
    name = name.lower().rsplit("/", 1)[-1]
    return EXTENSION_FORMATS.get(name.rsplit(".", 1)[-1]) if "." in name else None


def document_format_from_url(url: str) -> str | None:
    """The file format a URL's extension claims, if it names a file rather than a page."""
    fmt = extension_format(urlsplit(url).path)
    return None if fmt in PAGE_FORMATS else fmt


_NUMBERISH = re.compile(r"\d+")
_HAS_DIGIT = re.compile(r"\d")


def path_template(url: str) -> str:
    """The host and path with numbers blanked: a listing and all its facets, sorts and pages share it."""
    parts = urlsplit(url)
    return f"{parts.netloc}{_NUMBERISH.sub('#', parts.path)}"


def url_template(url: str) -> str:
    """The shape pages of one template share: host/notice/NS-2026-0041 -> host/notice/{id}.

    Path segments holding a digit become {id}; a client-side route (#/notice/SV-101) counts as
    path, since it is a page of a single-page portal; query parameter names are kept and their
    values dropped, so ViewTender?id=7 and ViewTender?id=9 share a template.
    """
    parts = urlsplit(url)
    route = parts.path or "/"
    if parts.fragment.startswith(("/", "!/")):
        route += "#" + parts.fragment.lstrip("!")
    shaped = "/".join("{id}" if _HAS_DIGIT.search(s) else s for s in route.split("/"))
    keys = sorted({k for k, _ in parse_qsl(parts.query, keep_blank_values=True)})
    return f"{parts.netloc}{shaped}?{'&'.join(keys)}"
