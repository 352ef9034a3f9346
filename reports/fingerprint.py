"""A finding's stable fingerprint: what makes two runs' findings "the same defect".

A fingerprint is (check, URL template, selector): the check that fired, the page's URL template
(its path with segments holding a digit as {id} and its query's parameter names, without scheme,
host or port) and the element's selector. So the same barrier in one template is one fingerprint
however many of its pages were gathered, whatever axe's wording or the notice number in the URL; a
rerun on another host or port (a staging copy, a test server) lines up; and a fix and a new failure
of the same rule do not cancel out the way counts do. The known-issue baseline (`tender-audit
baseline`), the fix-list CSV and the overview's barrier counts all use it. Pure: reads a
results.json finding only.
"""
from __future__ import annotations

import hashlib
from typing import Any, NamedTuple
from urllib.parse import urlsplit, urlunsplit

from model.urls import url_template

SEPARATOR = "\x1f"                 # cannot occur in a check id, URL or CSS selector we store


class Fingerprint(NamedTuple):
    check: str
    url: str                        # the page's URL template, portal-relative ("/notices/{id}?page")
    selector: str

    @property
    def hex(self) -> str:
        """The fingerprint as 16 hex digits, for a CSV column."""
        return hashlib.sha256(SEPARATOR.join(self).encode("utf-8")).hexdigest()[:16]


def portal_relative(url: str) -> str:
    """A URL as path and query: the same page of a portal audited on another host or port (a
    staging copy, a test server's random port) lines up with itself."""
    parts = urlsplit(url)
    if not parts.scheme:
        return url
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def page_template(url: str) -> str:
    """The URL template of a page without scheme, host or port: "/notice/{id}?lang"."""
    parts = urlsplit(url or "")
    return url_template(urlunsplit(("", "", parts.path or "/", parts.query, parts.fragment)))


def fingerprint(finding: dict[str, Any]) -> Fingerprint:
    """The finding's fingerprint; a missing selector is "", and the selector's spacing is normalised."""
    return Fingerprint(finding.get("check") or "", page_template(finding.get("url") or ""),
                       " ".join((finding.get("selector") or "").split()))
