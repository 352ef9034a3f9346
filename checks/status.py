"""A portal's state: audited, partial or not audited, with the reason in plain words.

Derived afresh from the artifacts every time (a resumed run's state is that of what is on disk
now), so that a scorecard never grades a portal it could not see: a host that was down, a start
page robots.txt refused, a sign-in that failed, a run stopped before any page was gathered.
"""
from __future__ import annotations

from dataclasses import dataclass

from model.artifacts import PageArtifact, PortalArtifacts
from model.urls import dedupe_key

AUDITED, PARTIAL, NOT_AUDITED = "audited", "partial", "not_audited"
FAILED_SHARE_PARTIAL = 0.2         # more than this share of pages failing makes the audit partial

# Chromium's network error codes, as a portal's owner would say them.
NETWORK_ERRORS: tuple[tuple[str, str], ...] = (
    ("ERR_CONNECTION_REFUSED", "connection refused"),
    ("ERR_NAME_NOT_RESOLVED", "host name not found"),
    ("ERR_NAME_RESOLUTION_FAILED", "host name not found"),
    ("ERR_CONNECTION_TIMED_OUT", "connection timed out"),
    ("ERR_TIMED_OUT", "connection timed out"),
    ("ERR_CONNECTION_RESET", "connection reset"),
    ("ERR_CONNECTION_CLOSED", "connection closed without an answer"),
    ("ERR_EMPTY_RESPONSE", "connection closed without an answer"),
    ("ERR_ADDRESS_UNREACHABLE", "address unreachable"),
    ("ERR_INTERNET_DISCONNECTED", "no network"),
    ("ERR_CERT_", "its TLS certificate is not valid"),
    ("ERR_SSL_", "TLS handshake failed"),
    ("Timeout", "no answer within the page timeout"),
)
# Crawl stop reasons (auditor.crawler) that make an audit partial, in a reader's words.
PARTIAL_STOPS: tuple[tuple[str, str], ...] = (
    ("interrupted", "interrupted"),
    ("time_budget", "time budget spent"),
    ("incomplete", "the crawl did not finish"),
    ("failed: ", "the crawl failed"),
)


@dataclass(frozen=True)
class PortalStatus:
    status: str                    # audited | partial | not_audited
    reason: str | None             # None when audited


def plain_network_error(error: str) -> str:
    """Chromium's "net::ERR_CONNECTION_REFUSED at http://..." as "connection refused"."""
    for code, words in NETWORK_ERRORS:
        if code in error:
            return words
    return error.split(" at http")[0].removeprefix("net::")


def _start_page(portal: PortalArtifacts) -> PageArtifact | None:
    start = dedupe_key(portal.start_url)
    return next((p for p in portal.pages if p.journey is None and (p.depth == 0 or dedupe_key(p.url) == start)),
                None)


def _not_audited_reason(portal: PortalArtifacts) -> str:
    stopped = portal.crawl.stopped_because
    start = _start_page(portal)
    if stopped.startswith("sign-in failed"):
        return stopped
    if start is not None and start.error:
        if start.status is None:
            words = start.error if start.error.startswith("host unreachable") else plain_network_error(start.error)
            return words if words.startswith("host unreachable") else f"host unreachable: {words}"
        return f"the start page failed: {start.error}"
    if stopped == "start page disallowed by robots.txt":
        return "refused by robots.txt"
    if stopped.startswith("start page unreachable: robots.txt"):
        return f"refused by robots.txt (it could not be read: {stopped.split('robots.txt', 1)[1].strip()})"
    if stopped.startswith("interrupted"):
        return "interrupted before any page was gathered"
    return "no page gathered"


def portal_status(portal: PortalArtifacts) -> PortalStatus:
    """Not audited when no page loaded or sign-in failed; partial when the crawl was cut short or
    many pages failed."""
    crawled = [p for p in portal.pages if p.journey is None]
    loaded = [p for p in crawled if not p.error]
    stopped = portal.crawl.stopped_because
    if not loaded or stopped.startswith("sign-in failed"):   # pages from an earlier run are not this audit
        return PortalStatus(NOT_AUDITED, _not_audited_reason(portal))
    for prefix, words in PARTIAL_STOPS:
        if stopped.startswith(prefix):
            return PortalStatus(PARTIAL, words if prefix != "failed: " else f"{words}: {stopped[len(prefix):]}")
    failed = len(crawled) - len(loaded)
    if failed / len(crawled) > FAILED_SHARE_PARTIAL:
        return PortalStatus(PARTIAL, f"{failed} of {len(crawled)} pages failed")
    return PortalStatus(AUDITED, None)
