"""CI thresholds: fail a run when a portal scores too low or has too many barriers.

Counts are per portal: "serious=0" means no portal may have any serious axe violation node.
With a known-issue baseline (reports/baseline.py) the counts are of new findings only: an axe
KIND counts the new findings of axe rules with that impact, one per element and page, as axe's
own counts are.
"""
from __future__ import annotations

from typing import Any

from reports.baseline import new_findings
from reports.facts import dig
from reports.fixlist import AXE_PREFIX

COUNT_KEYS = ("critical", "serious", "moderate", "minor", "findings")


class ThresholdError(ValueError):
    """A threshold given on the command line that cannot be understood."""


def parse_max_count(spec: str) -> tuple[str, int]:
    """"serious=0" -> ("serious", 0), with a message that says what was expected."""
    key, sep, number = spec.partition("=")
    key, number = key.strip().lower(), number.strip()
    if not sep or not key or not number:
        raise ThresholdError(f"threshold {spec!r} should look like KEY=N, e.g. serious=0")
    if key not in COUNT_KEYS:
        raise ThresholdError(f"threshold {spec!r}: unknown key {key!r}; use one of {', '.join(COUNT_KEYS)}")
    try:
        limit = int(number)
    except ValueError:
        raise ThresholdError(f"threshold {spec!r}: {number!r} is not a whole number") from None
    if limit < 0:
        raise ThresholdError(f"threshold {spec!r}: the maximum cannot be negative")
    return key, limit


def parse_max_counts(specs: list[str]) -> dict[str, int]:
    return dict(parse_max_count(spec) for spec in specs)


def _count(portal: dict[str, Any], key: str) -> int | None:
    fresh = new_findings(portal)
    if key == "findings":
        return len(fresh)
    if "baseline" in portal:
        return sum(1 for f in fresh if (f.get("check") or "").startswith(AXE_PREFIX) and f.get("impact") == key)
    return dig(portal, f"metrics.axe.violations.{key}")


def _naming(portal: dict[str, Any], key: str, shown: int = 5) -> str:
    """With a baseline, the new findings themselves: CI should say which element is new."""
    if "baseline" not in portal:
        return ""
    fresh = [f for f in new_findings(portal) if key == "findings" or
             ((f.get("check") or "").startswith(AXE_PREFIX) and f.get("impact") == key)]
    named = [f"{f.get('check')} at {f.get('url')}" + (f" {f['selector']}" if f.get("selector") else "")
             for f in fresh[:shown]]
    return ": " + "; ".join(named) + (f"; and {len(fresh) - shown} more" if len(fresh) > shown else "")


def evaluate_thresholds(results: dict[str, Any], fail_under: float | None,
                        max_counts: dict[str, int]) -> list[str]:
    """One message per unmet threshold per portal; empty when all are met.

    An unknown value (no score, axe not run) does not meet a threshold: CI cannot pass on
    something it could not measure.
    """
    unknown = [k for k in max_counts if k not in COUNT_KEYS]
    if unknown:
        raise ThresholdError(f"unknown threshold key(s): {', '.join(unknown)}; use {', '.join(COUNT_KEYS)}")
    messages = []
    for portal in results.get("portals") or []:
        name = portal.get("name") or portal.get("slug") or "?"
        score = portal.get("score")
        if fail_under is not None:
            if score is None:
                messages.append(f"{name}: no score could be computed (minimum {fail_under:g})")
            elif score < fail_under:
                messages.append(f"{name}: score {score:g} is under the minimum {fail_under:g}")
        for key, limit in max_counts.items():
            count = _count(portal, key)
            label = "findings" if key == "findings" else f"{key} axe violations"
            label = f"new {label} (not in {portal['baseline']['file']})" if "baseline" in portal else label
            if count is None:
                messages.append(f"{name}: {label} unknown (maximum {limit})")
            elif count > limit:
                messages.append(f"{name}: {count} {label}, more than the maximum {limit}{_naming(portal, key)}")
    return messages
