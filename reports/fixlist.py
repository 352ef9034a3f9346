"""The portal owner's fix list: failing checks and their findings, most impactful first.

Ordering (also stated on the methodology page): each group of findings of one check gets

    priority = severity of its worst instance × number of instances × weight of its category

with severity critical 4, serious 3, moderate 2, minor 1 (unknown counts as moderate) and the
category weights of model.methodology.CATEGORIES. A failing check with no findings counts its
evidence items as instances (at least one), leaving out evidence that repeats a finding.
Ties keep a stable order by check id.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from model.methodology import CATEGORIES, PASS_MARK

SEVERITY = {"critical": 4, "serious": 3, "moderate": 2, "minor": 1}
UNKNOWN_SEVERITY = SEVERITY["moderate"]
AXE_PREFIX = "axe:"                 # findings of one axe rule: "axe:color-contrast"
AXE_SUMMARY_PREFIX = "axe-"         # checks summarising all axe results: "axe-serious"
AXE_WHY = ("axe-core found this barrier on the pages listed: disabled suppliers meet it each time "
           "they use them, and a blocking one can stop a bid.")
AXE_FIX = "Follow axe's guidance for this rule, linked below; a fix in a shared template clears many pages at once."


@dataclass
class Instance:
    url: str
    selector: str | None
    message: str
    impact: str | None
    screenshot: str | None         # full-page screenshot, relative to the run directory
    box: list[float] | None
    crop: str | None = None        # set by the renderer once the crop is written
    known: bool | None = None      # in the run's known-issue baseline; None: no baseline given


@dataclass
class FixGroup:
    check: str
    title: str
    category: str
    why: str
    fix: str
    wcag: list[str]
    help_url: str
    score: float | None
    instances: list[Instance] = field(default_factory=list)

    @property
    def impact(self) -> str | None:
        known = [i.impact for i in self.instances if i.impact in SEVERITY]
        return max(known, key=SEVERITY.__getitem__) if known else None

    @property
    def priority(self) -> float:
        severity = SEVERITY.get(self.impact or "", UNKNOWN_SEVERITY)
        category = CATEGORIES.get(self.category)
        return severity * max(1, len(self.instances)) * (category.weight if category else 0.0)


def _axe_title(rule: str, message: str) -> str:
    """axe messages are "<rule help>. <node summary>": the help names the rule for people."""
    help_text = message.split(". ", 1)[0].strip()
    return f"{help_text} (axe rule {rule})" if help_text else f"axe rule {rule}"


def _grouped(portal: dict[str, Any], words: dict[str, dict[str, Any]], findings: list[dict[str, Any]]) -> dict[str, FixGroup]:
    """Findings grouped by check, each group carrying its check's words."""
    results = {c.get("id"): c for c in portal.get("checks") or []}
    groups: dict[str, FixGroup] = {}
    for f in findings:
        check_id = f.get("check") or "unknown"
        if check_id not in groups:
            groups[check_id] = _group(check_id, f.get("message") or "", f.get("help_url") or "",
                                      results.get(check_id, {}), words.get(check_id))
        group = groups[check_id]
        group.instances.append(Instance(f.get("url") or "", f.get("selector"), f.get("message") or "",
                                        f.get("impact"), f.get("screenshot"), f.get("box"), known=f.get("known")))
        group.wcag = sorted(set(group.wcag) | set(_criteria(f.get("wcag"))))
    return groups


def _group(check_id: str, first_message: str, help_url: str, result: dict[str, Any],
           meta: dict[str, Any] | None) -> FixGroup:
    if check_id.startswith(AXE_PREFIX):
        return FixGroup(check_id, _axe_title(check_id[len(AXE_PREFIX):], first_message), "accessibility",
                        AXE_WHY, AXE_FIX, [], help_url, None)
    if meta:
        return FixGroup(check_id, meta.get("failure_title") or check_id, meta.get("category") or "",
                        meta.get("why") or "", meta.get("fix") or "", _criteria(meta.get("wcag")), help_url,
                        result.get("score"))
    return FixGroup(check_id, result.get("title") or check_id, result.get("category") or "",
                    "", "", _criteria(result.get("wcag")), help_url, result.get("score"))


def _criteria(wcag: Any) -> list[str]:
    """Success criteria as a results file lists them, leaving out whatever is not one."""
    return [c for c in wcag if isinstance(c, str)] if isinstance(wcag, list) else []


def review_groups(portal: dict[str, Any], words: dict[str, dict[str, Any]]) -> list[FixGroup]:
    """What a person needs to confirm (`needs_review`), grouped and ordered like the fix list but kept
    out of it: none of it counts in the score."""
    groups = _grouped(portal, words, portal.get("needs_review") or [])
    return sorted(groups.values(), key=lambda g: (-g.priority, g.check))


def fix_groups(portal: dict[str, Any], words: dict[str, dict[str, Any]]) -> list[FixGroup]:
    """Every failing finding, grouped by check, plus each failing check that has no findings."""
    results = {c.get("id"): c for c in portal.get("checks") or []}
    groups = _grouped(portal, words, portal.get("findings") or [])

    # A failing check's evidence that repeats a finding (as axe-serious repeats axe's nodes) is
    # already on the list; a check whose evidence is all repeated adds no group of its own.
    # Likewise the axe summary checks ("axe-serious", "axe-wcag-rules", ...) are restated by the
    # per-rule axe groups whenever there are any.
    listed = {(i.url, i.selector) for g in groups.values() for i in g.instances}
    axe_listed = any(c.startswith(AXE_PREFIX) for c in groups)
    for check_id, result in results.items():
        score = result.get("score")
        if check_id in groups or score is None or score >= PASS_MARK:
            continue
        if axe_listed and check_id.startswith(AXE_SUMMARY_PREFIX):
            continue
        evidence = result.get("evidence") or []
        fresh = [e for e in evidence if (e.get("url") or "", e.get("selector")) not in listed]
        if evidence and not fresh:
            continue
        group = groups[check_id] = _group(check_id, "", "", result, words.get(check_id))
        group.instances = [Instance(e.get("url") or "", e.get("selector"), e.get("detail") or "", None,
                                    e.get("screenshot"), None) for e in fresh]

    return sorted(groups.values(), key=lambda g: (-g.priority, g.check))
