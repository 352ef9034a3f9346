"""What changed between two runs: per portal, scores, metrics, checks and the fix list.

Portals are matched by slug, findings by (check, portal-relative URL, selector): the same barrier
on the same element counts as the same finding even when axe rewords its message, and two runs of
one portal served from different hosts or ports line up.
"""
from __future__ import annotations

from typing import Any, Callable

from reports.facts import flatten, show
from reports.fingerprint import portal_relative

EPSILON = 1e-9


def _comparable(value: Any) -> Any:
    """A metric as compared across runs: a URL by its path and query, like findings."""
    return portal_relative(value) if isinstance(value, str) and value.startswith(("http://", "https://")) else value


def _finding_key(f: dict[str, Any]) -> tuple[str, str, str]:
    return (f.get("check") or "", portal_relative(f.get("url") or ""), f.get("selector") or "")


def _finding_row(f: dict[str, Any]) -> dict[str, Any]:
    return {"check": f.get("check") or "", "url": f.get("url") or "", "selector": f.get("selector"),
            "message": f.get("message") or ""}


def _change(old: float | None, new: float | None) -> float | None:
    return None if old is None or new is None else round(new - old, 1)


def _portal_diff(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    categories = {}
    for cat in dict.fromkeys([*(old.get("categories") or {}), *(new.get("categories") or {})]):
        before, after = (old.get("categories") or {}).get(cat), (new.get("categories") or {}).get(cat)
        if before != after:
            categories[cat] = {"old": before, "new": after, "change": _change(before, after)}

    old_metrics, new_metrics = flatten(old.get("metrics")), flatten(new.get("metrics"))
    metrics = {name: {"old": old_metrics.get(name), "new": new_metrics.get(name)}
               for name in dict.fromkeys([*old_metrics, *new_metrics])
               if _comparable(old_metrics.get(name)) != _comparable(new_metrics.get(name))}

    old_checks = {c.get("id"): c.get("score") for c in old.get("checks") or []}
    better, worse = [], []
    for check in new.get("checks") or []:
        before, after = old_checks.get(check.get("id")), check.get("score")
        if before is None or after is None:
            continue
        entry = {"id": check.get("id"), "title": check.get("title"), "old": before, "new": after}
        if after > before + EPSILON:
            better.append(entry)
        elif after < before - EPSILON:
            worse.append(entry)

    old_findings = {_finding_key(f): f for f in old.get("findings") or []}
    new_findings = {_finding_key(f): f for f in new.get("findings") or []}
    return {
        "slug": new.get("slug"), "name": new.get("name"), "status": "compared",
        "score": {"old": old.get("score"), "new": new.get("score"), "change": _change(old.get("score"), new.get("score"))},
        "grade": {"old": old.get("grade"), "new": new.get("grade")},
        "categories": categories, "metrics": metrics,
        "checks_better": better, "checks_worse": worse,
        "findings_fixed": [_finding_row(f) for k, f in old_findings.items() if k not in new_findings],
        "findings_new": [_finding_row(f) for k, f in new_findings.items() if k not in old_findings],
    }


def diff_results(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """Per-portal changes from old to new; portals only in one run are marked added or removed."""
    old_portals = {p.get("slug"): p for p in old.get("portals") or []}
    new_portals = {p.get("slug"): p for p in new.get("portals") or []}
    portals = []
    for slug, portal in new_portals.items():
        if slug in old_portals:
            portals.append(_portal_diff(old_portals[slug], portal))
        else:
            portals.append({"slug": slug, "name": portal.get("name"), "status": "added",
                            "score": {"old": None, "new": portal.get("score"), "change": None},
                            "grade": {"old": None, "new": portal.get("grade")}})
    for slug, portal in old_portals.items():
        if slug not in new_portals:
            portals.append({"slug": slug, "name": portal.get("name"), "status": "removed",
                            "score": {"old": portal.get("score"), "new": None, "change": None},
                            "grade": {"old": portal.get("grade"), "new": None}})
    return {"old_run": old.get("run") or {}, "new_run": new.get("run") or {}, "portals": portals}


def change_sentences(d: dict[str, Any], title_of: Callable[[str], str]) -> list[str]:
    """A compared portal's changes as short sentences a person reads as a list; title_of names a check."""
    score, grade = d["score"], d["grade"]
    change = score["change"]
    moved = "did not change" if not change else f"{'rose' if change > 0 else 'fell'} by {abs(change):.1f}"
    lines = [f"The score {moved}: {show(score['old'])} ({show(grade['old'])}) then, {show(score['new'])} "
             f"({show(grade['new'])}) now.",
             f"{len(d['findings_fixed'])} finding{'' if len(d['findings_fixed']) == 1 else 's'} fixed, "
             f"{len(d['findings_new'])} new."]
    for cat, c in d["categories"].items():
        lines.append(f"{cat.capitalize()}: {show(c['old'])} then, {show(c['new'])} now{_signed(c['change'])}.")
    for label, key in (("Better", "checks_better"), ("Worse", "checks_worse")):
        for c in d[key]:
            lines.append(f"{label}: {title_of(c['id'])}, {c['old'] * 100:.0f} then, {c['new'] * 100:.0f} now.")
    for label, key in (("Fixed", "findings_fixed"), ("New", "findings_new")):
        by_check: dict[str, list[dict[str, Any]]] = {}
        for f in d[key]:
            by_check.setdefault(f["check"], []).append(f)
        for check, found in by_check.items():
            pages = sorted({portal_relative(f["url"]) for f in found})
            where = ", ".join(pages[:3]) + (f" and {len(pages) - 3} more" if len(pages) > 3 else "")
            lines.append(f"{label}: {title_of(check)}, {len(found)} instance{'' if len(found) == 1 else 's'} on {where}.")
    return lines


def _signed(value: float | None) -> str:
    return "" if value is None else f" ({value:+.1f})"


def format_diff(d: dict[str, Any]) -> str:
    """The diff as plain text for a terminal, one block per portal."""
    lines = [f"Comparing run of {show(d['old_run'].get('started'))} with run of {show(d['new_run'].get('started'))}"]
    for p in d["portals"]:
        head = f"{p['name']} ({p['slug']})"
        score, grade = p["score"], p["grade"]
        if p["status"] == "added":
            lines.append(f"{head}: new in this run, {show(score['new'])} {show(grade['new'])}")
            continue
        if p["status"] == "removed":
            lines.append(f"{head}: not in this run (was {show(score['old'])} {show(grade['old'])})")
            continue
        lines.append(f"{head}: {show(score['old'])} {show(grade['old'])} -> "
                     f"{show(score['new'])} {show(grade['new'])}{_signed(score['change'])}")
        for cat, c in p["categories"].items():
            lines.append(f"  category {cat}: {show(c['old'])} -> {show(c['new'])}{_signed(c['change'])}")
        for name, m in p["metrics"].items():
            lines.append(f"  metric {name}: {show(m['old'])} -> {show(m['new'])}")
        for label, key in (("better", "checks_better"), ("worse", "checks_worse")):
            for c in p[key]:
                lines.append(f"  check {label}: {c['id']} {c['old']:.2f} -> {c['new']:.2f}")
        lines.append(f"  findings: {len(p['findings_fixed'])} fixed, {len(p['findings_new'])} new")
        for label, key in (("fixed", "findings_fixed"), ("new", "findings_new")):
            for f in p[key]:
                where = f" {f['selector']}" if f["selector"] else ""
                lines.append(f"    {label}: {f['check']} at {f['url']}{where}")
    return "\n".join(lines)
