"""The check framework: a check is a declaration (its metadata) over a small pure function.

The framework, not the check, enforces what the metadata declares, as Lighthouse's runner does for
an audit's required artifacts: a check whose artifacts were not gathered is not applicable, with the
reason, and is never run; every finding is stamped with the check's id, and with its WCAG success
criteria unless the finding names its own. The checks are listed, in methodology order, in
checks.catalogue; the methodology page, `tender-audit checks` and scoring all read that list.

A check never touches a browser or the network, so it is unit-tested on a saved artifact in
milliseconds.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Literal, get_args

from model.artifacts import Impact, PortalArtifacts
from model.methodology import PASS_MARK

# What a check can read. "pages" is every gathered page; "axe" and "probes" are what axe-core and
# our in-page probes recorded on them; "documents" the document files probed; "journeys" the
# supplier journeys walked.
Artifact = Literal["pages", "documents", "axe", "probes", "journeys"]


@dataclass(frozen=True)
class CheckMeta:
    id: str
    category: str                  # a category id declared in model.methodology.CATEGORIES
    title: str                     # the passing state, e.g. "Notices are reachable in 2 clicks or fewer"
    failure_title: str             # the failing state
    why: str                       # why it matters to a supplier
    fix: str                       # how the portal's owner fixes it
    measures: str                  # what it measures, in a sentence: the methodology page prints it
    wcag: tuple[str, ...] = ()     # success criteria, e.g. ("1.1.1",)
    needs: tuple[Artifact, ...] = ("pages",)   # artifacts read; without them the check is not applicable
    weight: float = 1.0            # weight within its category
    act: tuple[str, ...] = ()      # W3C ACT rule ids the check implements, e.g. ("bc659a",)
    techniques: tuple[str, ...] = ()   # WCAG failure techniques it detects where no ACT rule exists, e.g. ("F69",)

    def __post_init__(self) -> None:
        unknown = set(self.needs) - set(get_args(Artifact))
        if unknown:
            raise ValueError(f"check {self.id}: unknown artifacts in needs: {sorted(unknown)}")


# A finding is a failure (counts in the score, the fix list and `findings`) or needs a person to
# confirm it (kept apart, like axe's "incomplete": never scored, listed under `needs_review`).
Certainty = Literal["failure", "needs_review"]
FAILURE: Certainty = "failure"
NEEDS_REVIEW: Certainty = "needs_review"


@dataclass
class Evidence:
    url: str
    selector: str | None = None
    detail: str = ""
    screenshot: str | None = None  # path relative to the run directory


@dataclass
class Finding:
    """One failing instance: a row of the owner's fix list. The framework stamps `check` (when empty)
    with the check's id and `wcag` (when None) with the check's success criteria."""
    check: str = ""                # an axe rule's findings name it: "axe:<rule id>"
    url: str = ""
    selector: str | None = None
    impact: Impact | None = None
    wcag: list[str] | None = None
    message: str = ""
    screenshot: str | None = None
    help_url: str = ""
    box: list[float] | None = None  # the element's box in the screenshot, for a crop
    certainty: Certainty = FAILURE  # or NEEDS_REVIEW when only a person can confirm it
    description: str = ""          # axe findings: axe's description of the rule ("Ensure ...")


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
    weight: float = 1.0            # the check's weight within its category


CheckFn = Callable[[PortalArtifacts], Outcome]


@dataclass(frozen=True)
class Check:
    meta: CheckMeta
    run: CheckFn

    def __call__(self, portal: PortalArtifacts) -> Outcome:
        """The check's outcome, its findings stamped with its id and (unless they name their own) its
        success criteria. Its needs are not enforced here but in run_check."""
        out = self.run(portal)
        for finding in out.findings:
            finding.check = finding.check or self.meta.id
            if finding.wcag is None:
                finding.wcag = list(self.meta.wcag)
        return out


def check(meta: CheckMeta) -> Callable[[CheckFn], Check]:
    """Declare a check: its metadata over its function. It counts once listed in checks.catalogue."""
    def declare(fn: CheckFn) -> Check:
        return Check(meta, fn)
    return declare


def _gathered(portal: PortalArtifacts, artifact: Artifact) -> bool:
    loaded = [p for p in portal.pages if not p.error]
    if artifact == "pages":
        return bool(portal.pages)
    if artifact == "axe":
        return any(p.axe is not None for p in loaded)
    if artifact == "probes":
        return any(p.probes for p in loaded)
    if artifact == "documents":
        return bool(portal.documents)
    return bool(portal.journeys)


MISSING = {"pages": "no page was gathered", "axe": "axe-core ran on no page",
           "probes": "no page was probed", "documents": "no document was found",
           "journeys": "no journey was walked"}


def missing_artifacts(meta: CheckMeta, portal: PortalArtifacts) -> list[Artifact]:
    return [a for a in meta.needs if not _gathered(portal, a)]


def _result(meta: CheckMeta, out: Outcome) -> CheckResult:
    passed = out.score is None or out.score >= PASS_MARK
    return CheckResult(id=meta.id, category=meta.category, title=meta.title if passed else meta.failure_title,
                       score=out.score, value=out.value, wcag=list(meta.wcag), evidence=out.evidence,
                       findings=out.findings, weight=meta.weight)


def run_check(chk: Check, portal: PortalArtifacts) -> CheckResult:
    """Run one check with its declaration enforced: not applicable when an artifact it needs is missing."""
    missing = missing_artifacts(chk.meta, portal)
    if missing:
        return _result(chk.meta, Outcome(None, "not applicable: " + "; ".join(MISSING[a] for a in missing)))
    out = chk(portal)
    if out.score is not None:
        out.score = round(max(0.0, min(1.0, float(out.score))), 4)
    return _result(chk.meta, out)


# Categories an owner's signed-in audit cannot judge: inside the session no login wall shows.
NOT_APPLICABLE_SIGNED_IN = ("access",)
SIGNED_IN_REASON = ("not applicable: signed in as the portal's owner, so the crawl could not see what a "
                    "supplier without an account can open")


def run_all(checks: list[Check], portal: PortalArtifacts) -> list[CheckResult]:
    return [_result(chk.meta, Outcome(None, SIGNED_IN_REASON))
            if portal.signed_in and chk.meta.category in NOT_APPLICABLE_SIGNED_IN else run_check(chk, portal)
            for chk in checks]


def check_words(meta: CheckMeta) -> dict[str, Any]:
    """A check's words and declaration as results.json `methodology.checks` carries them, so a report
    renders a stored run, and a check a later version retires, without importing a check."""
    return {"id": meta.id, "category": meta.category, "title": meta.title, "failure_title": meta.failure_title,
            "why": meta.why, "fix": meta.fix, "measures": meta.measures, "wcag": list(meta.wcag),
            "act": list(meta.act), "techniques": list(meta.techniques), "needs": list(meta.needs),
            "weight": meta.weight}
