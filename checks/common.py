"""Small helpers shared by checks: which pages were audited, how a per-page share is taken, and
WCAG references from axe tags."""
from __future__ import annotations

import re
from collections import defaultdict
from typing import Iterable
from urllib.parse import urldefrag

from model.artifacts import PageArtifact, PortalArtifacts
from model.urls import url_template

_SC_TAG = re.compile(r"^wcag(\d)(\d)(\d{1,2})$")
IMPACTS = ("critical", "serious", "moderate", "minor")


def audited_pages(portal: PortalArtifacts) -> list[PageArtifact]:
    """Pages that loaded and were checked by axe: the denominator of every per-page share."""
    return [p for p in portal.pages if not p.error and p.axe is not None and p.axe.error is None]


def template_share(results: Iterable[tuple[PageArtifact, bool]]) -> tuple[float, int]:
    """(share of URL templates whose pages pass, number of templates), each template's pages averaged first.

    A crawl gathers many pages of some templates (notices, result pages, a calendar's months) and
    one of others (the home page, the statement). Counting pages would let sixteen clean months of
    a calendar outweigh a home page and listing that fail; counting templates keeps a fault in one
    template worth the same whichever template it is in.
    """
    by_template: dict[str, list[bool]] = defaultdict(list)
    for page, passed in results:
        # a single-page portal's client-side routes share the template of the page that serves them
        by_template[url_template(urldefrag(page.final_url or page.url).url)].append(passed)
    if not by_template:
        return 0.0, 0
    return sum(sum(v) / len(v) for v in by_template.values()) / len(by_template), len(by_template)


def wcag_criteria(tags: list[str]) -> list[str]:
    """axe tags such as 'wcag111' or 'wcag1410' as success criteria '1.1.1', '1.4.10'."""
    found = []
    for tag in tags:
        match = _SC_TAG.match(tag)
        if match:
            found.append(".".join(match.groups()))
    return found


def is_wcag_a_or_aa(tags: list[str]) -> bool:
    return any(t in ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa") for t in tags)
