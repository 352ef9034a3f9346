"""What the probe-based checks share: a barrier on a page (Hit), reading a page's probe results, and
turning per-page hits into a template-share outcome."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from model.artifacts import PageArtifact, PortalArtifacts
from checks.common import template_share
from checks.registry import FAILURE, Evidence, Finding, Outcome

MAX_EVIDENCE = 10


@dataclass
class Hit:
    """One barrier on one page, before it becomes a Finding."""
    selector: str | None
    message: str
    impact: str = "serious"
    box: list[float] | None = None
    certainty: str = FAILURE       # NEEDS_REVIEW: a person must confirm it; never scored
    wcag: tuple[str, ...] | None = None   # None: the check's own success criteria


PageRule = Callable[[PageArtifact, dict[str, Any]], list[Hit]]


def probe_of(page: PageArtifact, probe_id: str) -> dict[str, Any] | None:
    """The probe's measurements, or None when the page was not probed or the probe failed."""
    if page.error:
        return None
    data = page.probes.get(probe_id)
    return data if isinstance(data, dict) and "error" not in data else None


def element_box(page: PageArtifact, selector: str | None) -> list[float] | None:
    """Where an element sits on the page's screenshot, when a probe recorded it (the keyboard walk
    records the box of every focus stop), so a finding from page data (a link) can have a crop too."""
    keyboard = probe_of(page, "keyboard") or {}
    for stop in keyboard.get("order") or []:
        if isinstance(stop, dict) and stop.get("selector") == selector and selector:
            box = stop.get("box")
            return box if isinstance(box, list) and len(box) == 4 and box[2] > 0 and box[3] > 0 else None
    return None


def not_judged(portal: PortalArtifacts, probe_id: str) -> int:
    """Pages chosen for the probes on which this one did not finish (timed out, failed, or the page
    navigated away first): not tested, so neither a pass nor a failure."""
    return sum(1 for p in portal.pages if not p.error and p.probes and probe_of(p, probe_id) is None)


def per_page(portal: PortalArtifacts, probe_id: str, rule: PageRule) -> Outcome:
    """Share of page templates free of the barrier on their probed pages; every instance is a finding.

    Only failures count against a page: what needs a person's review is reported, never scored.
    Pages where the probe did not finish are counted apart, as not judged."""
    probed = [(p, d) for p in portal.pages if (d := probe_of(p, probe_id)) is not None]
    unjudged = not_judged(portal, probe_id)
    if not probed:
        if unjudged:
            return Outcome(None, f"not tested: the {probe_id.replace('_', ' ')} probe did not finish on "
                                 f"{unjudged} page{'' if unjudged == 1 else 's'}")
        return Outcome(None, f"no page has {probe_id} probe results")
    findings: list[Finding] = []
    results: list[tuple[PageArtifact, bool]] = []
    for page, data in probed:
        hits = rule(page, data)
        results.append((page, not any(h.certainty == FAILURE for h in hits)))
        findings += [Finding(url=page.url, selector=h.selector, impact=h.impact, wcag=None if h.wcag is None else list(h.wcag),
                             message=h.message, screenshot=page.screenshot, box=h.box, certainty=h.certainty)
                     for h in hits]
    return template_outcome(findings, results, pages=len(probed), not_judged=unjudged)


def template_outcome(findings: list[Finding], results: list[tuple[PageArtifact, bool]], **value: Any) -> Outcome:
    """Template share of passing pages; failures are the evidence, reviews are counted apart."""
    failures = [f for f in findings if f.certainty == FAILURE]
    evidence = [Evidence(url=f.url, selector=f.selector, detail=f.message, screenshot=f.screenshot)
                for f in failures[:MAX_EVIDENCE]]
    share, templates = template_share(results)
    return Outcome(share, {**value, "pages_clean": sum(ok for _, ok in results), "templates": templates,
                           "instances": len(failures), "needs_review": len(findings) - len(failures)},
                   evidence, findings)


def shorten(text: str, limit: int = 60) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[:limit - 1] + "…"
