"""Checks derived from axe-core's results on every audited page."""
from __future__ import annotations

from collections import Counter

from model.artifacts import PageArtifact, PortalArtifacts
from checks.common import IMPACTS, audited_pages, is_wcag_a_or_aa, template_share, wcag_criteria
from checks.registry import CheckMeta, Evidence, Finding, Outcome, check


@check(CheckMeta(
    id="axe-serious",
    category="accessibility",
    title="No page has critical or serious axe violations",
    failure_title="Pages have critical or serious axe violations",
    why="Critical and serious failures block screen reader, keyboard and low-vision users outright: "
        "a supplier who cannot operate the page cannot bid.",
    fix="Work through the listed elements, most frequent rule first; each links to axe's guidance.",
    measures="Share of page templates (URL patterns) whose audited pages are free of critical and serious "
             "violations, each template's pages averaged first; every axe node is a finding.",
    needs=("pages", "axe"),
    weight=3.0,
))
def axe_serious(portal: PortalArtifacts) -> Outcome:
    pages = audited_pages(portal)
    if not pages:
        return Outcome(None, "no page could be audited")
    results: list[tuple[PageArtifact, bool]] = []
    findings: list[Finding] = []
    counts: Counter[str] = Counter()
    for page in pages:
        blocking = False
        for violation in page.axe.violations:
            counts[violation.impact or "minor"] += len(violation.nodes)
            blocking |= violation.impact in ("critical", "serious")
            for node in violation.nodes:
                findings.append(Finding(
                    check=f"axe:{violation.id}", url=page.url, selector=node.target, impact=violation.impact,
                    wcag=wcag_criteria(violation.tags), message=f"{violation.help}. {node.summary}".strip(),
                    screenshot=page.screenshot, help_url=violation.help_url, box=node.box,
                    description=violation.description))
        results.append((page, not blocking))
    worst = [Evidence(url=f.url, selector=f.selector, detail=f.message, screenshot=f.screenshot)
             for f in findings if f.impact in ("critical", "serious")][:10]
    share, templates = template_share(results)
    return Outcome(share, {"pages": len(pages), "pages_clean": sum(ok for _, ok in results), "templates": templates,
                           **{i: counts.get(i, 0) for i in IMPACTS}}, worst, findings)


@check(CheckMeta(
    id="axe-wcag-rules",
    category="accessibility",
    title="Few distinct WCAG A/AA rules fail across the portal",
    failure_title="Many distinct WCAG A/AA rules fail across the portal",
    why="Each failing rule is a kind of barrier; many kinds mean the portal was not built or tested "
        "for accessibility at all.",
    fix="Fix rule by rule: a template or component fix usually clears a rule on every page.",
    measures="1 with no failing WCAG A/AA rule, 0 with ten or more.",
    needs=("pages", "axe"),
    weight=1.0,
))
def axe_wcag_rules(portal: PortalArtifacts) -> Outcome:
    pages = audited_pages(portal)
    if not pages:
        return Outcome(None, "no page could be audited")
    rules: dict[str, list[str]] = {}
    for page in pages:
        for violation in page.axe.violations:
            if is_wcag_a_or_aa(violation.tags):
                rules.setdefault(violation.id, []).append(page.url)
    evidence = [Evidence(url=urls[0], detail=f"{rule} fails on {len(urls)} page(s)") for rule, urls in sorted(rules.items())]
    return Outcome(max(0.0, 1 - len(rules) / 10), sorted(rules), evidence)


@check(CheckMeta(
    id="axe-pages-affected",
    category="accessibility",
    title="Pages pass axe's WCAG rules",
    failure_title="Pages fail axe's WCAG rules",
    why="A barrier on any page of the journey stops a supplier at that page.",
    fix="Start with the page templates that most pages share (layout, header, listing, notice).",
    measures="Share of page templates (URL patterns) whose audited pages have no WCAG-tagged violation of "
             "any impact, each template's pages averaged first.",
    needs=("pages", "axe"),
    weight=1.0,
))
def axe_pages_affected(portal: PortalArtifacts) -> Outcome:
    pages = audited_pages(portal)
    if not pages:
        return Outcome(None, "no page could be audited")
    results = [(p, not any(wcag_criteria(v.tags) for v in p.axe.violations)) for p in pages]
    affected = [p for p, passed in results if not passed]
    share, templates = template_share(results)
    return Outcome(share, {"pages": len(pages), "affected": len(affected), "templates": templates},
                   [Evidence(url=p.url, detail=p.title) for p in affected[:10]])
