"""From stored artifacts to results.json: classify, measure, check, score. No browser, no files.

This is what `run` does after gathering and what `rescore` does on an old crawl (the CLI reads the
run directory and writes results.json), so a methodology change re-scores past runs without
crawling again.
"""
from __future__ import annotations

import dataclasses
from typing import Any

from model import HOMEPAGE, TOOL_NAME, __version__
from model.artifacts import PortalArtifacts, now_iso
from model.classify import classify_page
from checks.access import judge_document_walls
from checks.metrics import compute_metrics
from checks.catalogue import all_checks
from checks.registry import FAILURE, check_words, run_all
from checks.scoring import score_portal
from checks.status import NOT_AUDITED, portal_status

SCHEMA = "tender-audit/results@1"


def reclassify(portal: PortalArtifacts) -> None:
    """Page types and document walls are re-derived from the stored facts, so classifier fixes
    apply to old crawls."""
    for page in portal.pages:
        page.page_type = classify_page(page, portal.start_url, portal.overrides)
    judge_document_walls(portal)


def evaluate_portal(portal: PortalArtifacts) -> dict[str, Any]:
    """One portal's entry in results.json. A portal that was not audited gets its state and the
    reason, and no score, grade, category, metric or finding: none of them would be true."""
    reclassify(portal)
    state = portal_status(portal)
    head = {
        "name": portal.name,
        "slug": portal.slug,
        "start_url": portal.start_url,
        "status": state.status,
        "status_reason": state.reason,
        "signed_in": portal.signed_in,
        "crawl": dataclasses.asdict(portal.crawl),
    }
    if state.status == NOT_AUDITED:
        return {**head, "score": None, "grade": None, "categories": {},
                "metrics": {"journeys": [], "unknown": {"portal": f"not audited: {state.reason}"}},
                "checks": [], "findings": [], "needs_review": []}
    results = run_all(all_checks(), portal)
    score = score_portal(results)
    meta = {c.meta.id: c.meta for c in all_checks()}
    return {
        **head,
        "score": score.overall,
        "grade": score.grade,
        "categories": score.categories,
        "metrics": {**compute_metrics(portal), "journeys": portal.journeys},
        "checks": [{"id": r.id, "category": r.category, "title": r.title, "score": r.score, "value": r.value,
                    "wcag": r.wcag, "act": list(meta[r.id].act), "techniques": list(meta[r.id].techniques),
                    "evidence": [dataclasses.asdict(e) for e in r.evidence]} for r in results],
        # failures are the fix list; what only a person can confirm is kept apart, never scored
        "findings": [dataclasses.asdict(f) for r in results for f in r.findings if f.certainty == FAILURE],
        "needs_review": [dataclasses.asdict(f) for r in results for f in r.findings if f.certainty != FAILURE],
    }


def axe_version(portals: list[PortalArtifacts]) -> str:
    return next((p.axe.version for portal in portals for p in portal.pages if p.axe and p.axe.version), "")


def evaluate(portals: list[PortalArtifacts], run: dict[str, Any]) -> dict[str, Any]:
    """results.json for the portals of a run, whose run.json is `run`."""
    return {
        "schema": SCHEMA,
        "tool": {"name": TOOL_NAME, "version": __version__, "axe_version": axe_version(portals), "homepage": HOMEPAGE},
        "run": {"started": run.get("started"), "finished": run.get("finished"), "scored": now_iso(),
                "config": run.get("portals", [])},
        "methodology": {"checks": [check_words(c.meta) for c in all_checks()]},
        "portals": [evaluate_portal(p) for p in portals],
    }
