"""The portal owner's fix list: failing checks and their findings, ordered by harm to suppliers.

Ordering (also stated on the methodology page): worst impact first (critical, serious, moderate,
minor; an unrated item counts as moderate); within one impact, the category's weight × the number
of page templates the item affects (a defect repeated on ten pages of one template counts once, as
the scores count it); ties by check id. So a critical document defect comes before ten moderate
repeats of one template. A failing check with no findings lists its evidence items as instances,
leaving out evidence that repeats a finding.

One defect, one item: when our check and an axe rule flag the same element on the same page for a
shared WCAG criterion (axe `label` and our `visible-labels`), the instance is listed once, under the
axe rule, naming our check beside it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from model.methodology import CATEGORIES, PASS_MARK
from reports.axe_words import AXE_RULE_WORDS
from reports.fingerprint import page_template

SEVERITY = {"critical": 4, "serious": 3, "moderate": 2, "minor": 1}
UNKNOWN_SEVERITY = SEVERITY["moderate"]
AXE_PREFIX = "axe:"                 # findings of one axe rule: "axe:color-contrast"
AXE_SUMMARY_PREFIX = "axe-"         # checks summarising all axe results: "axe-serious"
AXE_WHY = ("axe-core found this barrier on the pages listed: disabled suppliers meet it each time "
           "they use them, and a blocking one can stop a bid.")
SAME_BOX = 4.0                      # px: two tools' boxes for one element differ by rounding only
# Checks that measure the page in another shape than the 1280 px screenshot shows it.
MEASURED_ELSEWHERE = {"reflow": "with the page 320 px wide", "text-resize": "with the text enlarged to 200%",
                      "text-spacing": "with WCAG text spacing applied"}


@dataclass
class Instance:
    url: str
    selector: str | None
    message: str
    impact: str | None
    screenshot: str | None         # full-page screenshot, relative to the run directory
    box: list[float] | None
    wcag: list[str] = field(default_factory=list)
    also: list[str] = field(default_factory=list)   # "check: message" of our checks that flagged the same element
    crop: str | None = None        # set by the renderer once the crop is written
    known: bool | None = None      # in the run's known-issue baseline; None: no baseline given
    no_crop: str = ""              # why there is no crop, set by the renderer

    @property
    def template(self) -> str:
        return page_template(self.url)


@dataclass
class TemplateGroup:
    """The instances of one item on pages of one URL template."""
    template: str
    instances: list[Instance]

    @property
    def pages(self) -> int:
        return len({i.url for i in self.instances})

    @property
    def shown(self) -> str:
        """The template as a reader sees it: "/notice/#", "/search?q"."""
        return self.template.removesuffix("?")


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
    axe_help: str = ""             # axe rules: axe's own one-line help and description of the rule
    axe_description: str = ""
    instances: list[Instance] = field(default_factory=list)

    @property
    def impact(self) -> str | None:
        known = [i.impact for i in self.instances if i.impact in SEVERITY]
        return max(known, key=SEVERITY.__getitem__) if known else None

    @property
    def templates(self) -> list[TemplateGroup]:
        """Instances grouped by page template, the template with most instances first."""
        by: dict[str, list[Instance]] = {}
        for instance in self.instances:
            by.setdefault(instance.template, []).append(instance)
        return sorted((TemplateGroup(t, i) for t, i in by.items()), key=lambda g: (-len(g.instances), g.template))

    @property
    def harm(self) -> tuple[int, float]:
        """(severity, category weight × templates affected): the fix list's order, highest first."""
        category = CATEGORIES.get(self.category)
        weight = category.weight if category else 0.0
        return SEVERITY.get(self.impact or "", UNKNOWN_SEVERITY), weight * max(1, len(self.templates))

    @property
    def passing_note(self) -> str:
        """A check that passes overall can still leave instances to fix: say so, or it looks like a contradiction."""
        if self.score is not None and self.score >= PASS_MARK:
            return (f"This check passes overall (score {round(100 * self.score)} of 100, the pass mark is "
                    f"{round(100 * PASS_MARK)}), but these instances remain to fix.")
        return ""


def axe_help(message: str) -> str:
    """axe messages are "<rule help>. <node summary>": the help names the rule for people."""
    return message.split(". ", 1)[0].strip()


def item_words(check_id: str, first_message: str, result: dict[str, Any], meta: dict[str, Any] | None,
               description: str = "") -> tuple[str, str, str, str]:
    """(title, category, why, how to fix) of a check or axe rule, as the fix list and CSVs show it."""
    if check_id.startswith(AXE_PREFIX):
        rule = check_id[len(AXE_PREFIX):]
        help_text = axe_help(first_message)
        words = AXE_RULE_WORDS.get(rule)
        fix = words.fix if words else (f"{description}; " if description else "") + \
            "axe's guidance for this rule, linked below, shows how; a fix in a shared template clears many pages at once."
        return (f"{help_text} (axe rule {rule})" if help_text else f"axe rule {rule}", "accessibility",
                words.why if words else AXE_WHY, fix)
    if meta:
        return (meta.get("failure_title") or check_id, meta.get("category") or "", meta.get("why") or "",
                meta.get("fix") or "")
    return result.get("title") or check_id, result.get("category") or "", "", ""


def _group(check_id: str, finding: dict[str, Any], result: dict[str, Any], meta: dict[str, Any] | None) -> FixGroup:
    message, description = finding.get("message") or "", finding.get("description") or ""
    title, category, why, fix = item_words(check_id, message, result, meta, description)
    axe = check_id.startswith(AXE_PREFIX)
    wcag = [] if axe else _criteria((meta or {}).get("wcag") if meta else result.get("wcag"))
    return FixGroup(check_id, title, category, why, fix, wcag, finding.get("help_url") or "",
                    None if axe else result.get("score"), axe_help(message) if axe else "",
                    description if axe else "")


def _criteria(wcag: Any) -> list[str]:
    """Success criteria as a results file lists them, leaving out whatever is not one."""
    return [c for c in wcag if isinstance(c, str)] if isinstance(wcag, list) else []


def _grouped(portal: dict[str, Any], words: dict[str, dict[str, Any]], findings: list[dict[str, Any]]) -> dict[str, FixGroup]:
    """Findings grouped by check, each group carrying its check's words."""
    results = {c.get("id"): c for c in portal.get("checks") or []}
    groups: dict[str, FixGroup] = {}
    for f in findings:
        check_id = f.get("check") or "unknown"
        if check_id not in groups:
            groups[check_id] = _group(check_id, f, results.get(check_id, {}), words.get(check_id))
        group = groups[check_id]
        group.instances.append(Instance(f.get("url") or "", f.get("selector"), f.get("message") or "",
                                        f.get("impact"), f.get("screenshot"), f.get("box"), _criteria(f.get("wcag")),
                                        known=f.get("known")))
        group.wcag = sorted(set(group.wcag) | set(_criteria(f.get("wcag"))))
    return groups


def same_element(a: Instance, b: Instance) -> bool:
    """One element seen by two tools: same page, and the same selector or the same box to a few pixels."""
    if a.url != b.url:
        return False
    if a.selector and a.selector == b.selector:
        return True
    return bool(a.box and b.box and len(a.box) == len(b.box) == 4
                and all(abs(x - y) <= SAME_BOX for x, y in zip(a.box, b.box)))


def _merge_same_defects(groups: dict[str, FixGroup]) -> None:
    """An instance of our check on an element an axe rule flagged for a shared criterion joins the axe item."""
    axe = [i for g in groups.values() if g.check.startswith(AXE_PREFIX) for i in g.instances]
    for check_id, group in list(groups.items()):
        if check_id.startswith(AXE_PREFIX):
            continue
        kept = []
        for instance in group.instances:
            twin = next((a for a in axe if set(a.wcag) & set(instance.wcag) and same_element(a, instance)), None)
            if twin is None:
                kept.append(instance)
                continue
            twin.also.append(f"{group.title} ({check_id}): {instance.message}")
            if SEVERITY.get(instance.impact or "", 0) > SEVERITY.get(twin.impact or "", 0):
                twin.impact = instance.impact
        group.instances = kept
        if not kept:
            del groups[check_id]


def _ordered(groups: dict[str, FixGroup]) -> list[FixGroup]:
    return sorted(groups.values(), key=lambda g: (-g.harm[0], -g.harm[1], g.check))


def review_groups(portal: dict[str, Any], words: dict[str, dict[str, Any]]) -> list[FixGroup]:
    """What a person needs to confirm (`needs_review`), grouped and ordered like the fix list but kept
    out of it: none of it counts in the score."""
    return _ordered(_grouped(portal, words, portal.get("needs_review") or []))


def fix_groups(portal: dict[str, Any], words: dict[str, dict[str, Any]]) -> list[FixGroup]:
    """Every failing finding, grouped by check, plus each failing check that has no findings."""
    results = {c.get("id"): c for c in portal.get("checks") or []}
    groups = _grouped(portal, words, portal.get("findings") or [])
    had_findings = set(groups)
    _merge_same_defects(groups)

    # A failing check's evidence that repeats a finding (as axe-serious repeats axe's nodes) is
    # already on the list; a check whose evidence is all repeated adds no group of its own.
    # Likewise the axe summary checks ("axe-serious", "axe-wcag-rules", ...) are restated by the
    # per-rule axe groups whenever there are any.
    listed = {(i.url, i.selector) for g in groups.values() for i in g.instances}
    axe_listed = any(c.startswith(AXE_PREFIX) for c in groups)
    for check_id, result in results.items():
        score = result.get("score")
        if check_id in had_findings or score is None or score >= PASS_MARK:
            continue
        if axe_listed and check_id.startswith(AXE_SUMMARY_PREFIX):
            continue
        evidence = result.get("evidence") or []
        fresh = [e for e in evidence if (e.get("url") or "", e.get("selector")) not in listed]
        if evidence and not fresh:
            continue
        group = groups[check_id] = _group(check_id, {}, result, words.get(check_id))
        group.instances = [Instance(e.get("url") or "", e.get("selector"), e.get("detail") or "", None,
                                    e.get("screenshot"), None) for e in fresh]
    return _ordered(groups)


def no_crop_reason(instance: Instance, category: str, screenshot_found: bool = True, check: str = "") -> str:
    """Why an instance has no crop, in words: every instance has a crop or says why not."""
    if check in MEASURED_ELSEWHERE and not instance.box:
        return (f"no crop: this was measured {MEASURED_ELSEWHERE[check]}, so the element is not where the "
                "1280 px screenshot shows it")
    if category == "documents" and not instance.selector:
        return "no crop: this is about a document file, not an element on the page"
    if not instance.selector:
        return "no crop: this is about the whole page or portal, not one element"
    if not instance.screenshot:
        return "no crop: no screenshot was taken of this page"
    if not screenshot_found:
        return "no crop: the page's screenshot is not in the run directory"
    if not instance.box:
        return "no crop: the check recorded the element's selector but not where it sits on the screenshot"
    return "no crop: the element lies outside the screenshot (hidden, empty, or below its height)"


@dataclass
class RuleRow:
    """One row of the site-wide view by rule: how far one barrier spreads across the portal."""
    group: FixGroup
    anchor: str                    # the fix-list item it summarises
    pages: int
    templates: int
    instances: int
    worst_page: str                # the page with most instances
    worst_count: int


def rule_rows(groups: list[FixGroup]) -> list[RuleRow]:
    """Every fix-list item with instances, the one on most pages first."""
    rows = []
    for position, group in enumerate(groups, start=1):
        if not group.instances:
            continue
        per_page: dict[str, int] = {}
        for instance in group.instances:
            per_page[instance.url] = per_page.get(instance.url, 0) + 1
        worst = max(per_page, key=lambda url: (per_page[url], -list(per_page).index(url)))
        rows.append(RuleRow(group, f"fix-{position}", len(per_page), len(group.templates), len(group.instances),
                            worst, per_page[worst]))
    return sorted(rows, key=lambda r: (-r.pages, -r.instances, r.group.check))
