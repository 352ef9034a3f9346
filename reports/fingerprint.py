"""A finding's stable fingerprint: what makes two runs' findings "the same defect".

A fingerprint is (check, URL template, selector): the check that fired, the page's URL template
(its path with segments holding a digit as {id} and its query's parameter names, without scheme,
host or port) and
the element's selector. So the same barrier in one template is one fingerprint however many of its
pages were gathered, a rerun on another host or port (a staging copy, a test server) lines up, and
a fix and a new failure of the same rule do not cancel out the way counts do. The known-issue
baseline (`tender-audit baseline`) and the fix-list CSV both use it. Pure: reads a results.json
finding only.
"""
from __future__ import annotations

import hashlib
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from model.urls import url_template

SEPARATOR = "\x1f"                 # cannot occur in a check id, URL or CSS selector we store


def page_template(url: str) -> str:
    """The URL template of a page without scheme, host or port: "/notice/{id}?lang"."""
    parts = urlsplit(url or "")
    return url_template(urlunsplit(("", "", parts.path or "/", parts.query, parts.fragment)))


def fingerprint_parts(finding: dict[str, Any]) -> tuple[str, str, str]:
    """(check, URL template, selector) of a results.json finding; a missing selector is ""."""
    return (finding.get("check") or "", page_template(finding.get("url") or ""), finding.get("selector") or "")


def fingerprint(finding: dict[str, Any]) -> str:
    """The fingerprint as 16 hex digits, for a CSV column or a baseline file."""
    return hashlib.sha256(SEPARATOR.join(fingerprint_parts(finding)).encode("utf-8")).hexdigest()[:16]
