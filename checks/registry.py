"""One registry of checks: the methodology page, `tender-audit checks` and scoring all read it.

A check is a pure function from a portal's artifacts to an Outcome. It never touches a
browser or the network, so it is unit-tested on a saved artifact in milliseconds.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from auditor.artifacts import PortalArtifacts


@dataclass(frozen=True)
class CheckMeta:
    id: str
    category: str                  # a category id declared in checks.scoring.CATEGORIES
    title: str                     # the passing state, e.g. "Notices are reachable in 2 clicks or fewer"
    failure_title: str             # the failing state
    why: str                       # why it matters to a supplier
    fix: str                       # how the portal's owner fixes it
    wcag: tuple[str, ...] = ()     # success criteria, e.g. ("1.1.1",)
    needs: tuple[str, ...] = ("pages",)   # artifacts read: pages, documents, axe, probes, journeys
    weight: float = 1.0            # weight within its category
    act: tuple[str, ...] = ()      # W3C ACT rule ids the check implements, e.g. ("bc659a",)
    techniques: tuple[str, ...] = ()   # WCAG failure techniques it detects where no ACT rule exists, e.g. ("F69",)


# A finding is a failure (counts in the score, the fix list and `findings`) or needs a person to
# confirm it (kept apart, like axe's "incomplete": never scored, listed under `needs_review`).
FAILURE = "failure"
NEEDS_REVIEW = "needs_review"


@dataclass
class Evidence:
    url: str
    selector: str | None = None
    detail: str = ""
    screenshot: str | None = None  # path relative to the run directory


@dataclass
class Finding:
    """One failing instance: a row of the owner's fix list."""
    check: str
    url: str
    selector: str | None
    impact: str | None
    wcag: list[str]
    message: str
    screenshot: str | None = None
    help_url: str = ""
    box: list[float] | None = None  # the element's box in the screenshot, for a crop
    certainty: str = FAILURE       # FAILURE, or NEEDS_REVIEW when only a person can confirm it


@dataclass
class Outcome:
    """What a check function returns. score None means not applicable, with the reason in value."""
    score: float | None
    value: Any = None
    evidence: list[Evidence] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


@dataclass
class CheckResult:
    id: str
    category: str
    title: str                     # the title of the state the portal is in
    score: float | None
    value: Any
    wcag: list[str]
    evidence: list[Evidence]
    findings: list[Finding]


CheckFn = Callable[[PortalArtifacts], Outcome]


@dataclass(frozen=True)
class Check:
    meta: CheckMeta
    run: CheckFn


REGISTRY: dict[str, Check] = {}


def check(meta: CheckMeta) -> Callable[[CheckFn], CheckFn]:
    """Register a check function under its metadata."""
    def register(fn: CheckFn) -> CheckFn:
        if meta.id in REGISTRY:
            raise ValueError(f"check id registered twice: {meta.id}")
        REGISTRY[meta.id] = Check(meta, fn)
        return fn
    return register


def all_checks() -> list[Check]:
    import checks.catalogue  # noqa: F401  (importing it registers every check)
    return list(REGISTRY.values())


def run_check(chk: Check, portal: PortalArtifacts) -> CheckResult:
    out = chk.run(portal)
    if out.score is not None:
        out.score = round(max(0.0, min(1.0, float(out.score))), 4)
    passed = out.score is None or out.score >= 0.9
    return CheckResult(
        id=chk.meta.id, category=chk.meta.category,
        title=chk.meta.title if passed else chk.meta.failure_title,
        score=out.score, value=out.value, wcag=list(chk.meta.wcag),
        evidence=out.evidence, findings=out.findings,
    )


# Categories an owner's signed-in audit cannot judge: inside the session no login wall shows.
NOT_APPLICABLE_SIGNED_IN = ("access",)
SIGNED_IN_REASON = ("not applicable: signed in as the portal's owner, so the crawl could not see what a "
                    "supplier without an account can open")


def run_all(portal: PortalArtifacts) -> list[CheckResult]:
    return [CheckResult(id=chk.meta.id, category=chk.meta.category, title=chk.meta.title, score=None,
                        value=SIGNED_IN_REASON, wcag=list(chk.meta.wcag), evidence=[], findings=[])
            if portal.signed_in and chk.meta.category in NOT_APPLICABLE_SIGNED_IN else run_check(chk, portal)
            for chk in all_checks()]
