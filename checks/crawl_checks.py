"""Crawl health: did the portal's pages load at all?"""
from __future__ import annotations

from model.artifacts import PortalArtifacts
from checks.registry import CheckMeta, Evidence, Finding, Outcome, check


@check(CheckMeta(
    id="pages-load",
    category="reliability",
    title="Pages load without errors",
    failure_title="Some pages fail to load",
    why="A broken link or a server error on the way to a notice is a dead end for a supplier.",
    fix="Fix or remove the links to the failing pages listed; check server logs for the 5xx errors.",
    measures="Share of gathered pages that loaded without an HTTP error, timeout or browser failure.",
    needs=("pages",),
))
def pages_load(portal: PortalArtifacts) -> Outcome:
    if not portal.pages:
        return Outcome(None, "no page was gathered")
    failed = [p for p in portal.pages if p.error]
    findings = [Finding(url=p.url, selector=None, impact="serious" if p.depth <= 1 else "moderate",
                        message=f"Page failed to load: {p.error}" + (f" (linked from {p.parent})" if p.parent else ""))
                for p in failed]
    return Outcome(1 - len(failed) / len(portal.pages), {"pages": len(portal.pages), "failed": len(failed)},
                   [Evidence(url=p.url, detail=p.error or "") for p in failed[:20]], findings)
