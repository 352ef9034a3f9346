"""Small helpers shared by checks: which pages were audited, and WCAG references from axe tags."""
from __future__ import annotations

import re

from auditor.artifacts import PageArtifact, PortalArtifacts

_SC_TAG = re.compile(r"^wcag(\d)(\d)(\d{1,2})$")
IMPACTS = ("critical", "serious", "moderate", "minor")


def audited_pages(portal: PortalArtifacts) -> list[PageArtifact]:
    """Pages that loaded and were checked by axe: the denominator of every per-page share."""
    return [p for p in portal.pages if not p.error and p.axe is not None and p.axe.error is None]


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
