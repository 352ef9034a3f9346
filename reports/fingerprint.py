"""A finding's stable fingerprint: (check, URL template, selector).

The same barrier on the same element of the same page template is the same finding from run to
run, whatever axe's wording, the notice number in the URL, or the host and port the portal was
served from. Baselines of known issues and comparisons of runs both rest on it.
"""
from __future__ import annotations

from typing import Any, NamedTuple
from urllib.parse import urlsplit

from model.urls import url_template


class Fingerprint(NamedTuple):
    check: str
    url: str                        # the page's URL template, portal-relative ("/notices/{id}?page")
    selector: str


def portal_relative(url: str) -> str:
    """A URL as path and query: the same page of a portal audited on another host or port (a
    staging copy, a test server's random port) lines up with itself."""
    parts = urlsplit(url)
    if not parts.scheme:
        return url
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def fingerprint(finding: dict[str, Any]) -> Fingerprint:
    """The finding's fingerprint; numbers in the path and query values are blanked, so notice
    pages of one template share it."""
    return Fingerprint(finding.get("check") or "", url_template(portal_relative(finding.get("url") or "")),
                       " ".join((finding.get("selector") or "").split()))
