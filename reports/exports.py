"""CSV exports for spreadsheets: one row per portal, one row per finding (failures, then what needs
review), and each portal's fix list.

Cells come from crawled pages, so any text that a spreadsheet would run as a formula
(starting with = + - @, or a tab or carriage return) is prefixed with an apostrophe, and line
breaks inside a cell become spaces (a raw newline splits a row in many tools). results.csv has the
same columns from run to run: the declared ones always, in order, and per-key counts
(formats, access verdicts, axe rules, unknown reasons) as one "key=value; ..." cell each.
"""
from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

from model.methodology import CATEGORIES
from reports.facts import flatten
from reports.fingerprint import fingerprint, page_template
from reports.fixlist import FixGroup, item_words

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_LINE_BREAKS = re.compile(r"\s*[\r\n]+\s*")
PORTAL_COLUMNS = ["name", "slug", "start_url", "status", "status_reason", "signed_in", "score", "grade"]
# The scalar metrics of the results contract, in a fixed order: present in every results.csv.
METRIC_COLUMNS = [
    "clicks_to_notice", "clicks_to_documents", "notices_found", "notices_behind_login", "notice_requires_login",
    "documents_require_login", "documents_access.verdict", "documents_access.reason", "documents_access.detail",
    "documents.count", "documents.per_notice", "documents.total_bytes", "documents.zip_bundles",
    "documents.pdf_tagged", "documents.pdf_untagged", "documents.pdf_scanned", "documents.pdf_with_lang",
    "documents.pdf_with_title", "documents.pdf_uninspected", "documents.notices_with_documents",
    "documents.behind_login", "documents.unreachable", "registration.found", "registration.url",
    "registration.fields", "registration.required_fields", "registration.captcha", "registration.captcha_evidence",
    "accessibility_statement.found", "accessibility_statement.url", "accessibility_statement.status",
    "accessibility_statement.status_evidence", "accessibility_statement.date", "accessibility_statement.date_evidence",
    "open_data.found", "axe.pages", "axe.violations.critical", "axe.violations.serious", "axe.violations.moderate",
    "axe.violations.minor"]
# Metrics keyed by data (a format, a verdict, an axe rule): one cell each, so columns do not vary.
MAP_METRICS = ["documents.formats", "documents_access.counts", "documents.zip_contents", "axe.rules", "unknown"]
JOURNEY_COLUMNS = ("ok", "not_possible", "not_tried", "steps", "clicks", "keystrokes", "seconds")
FINDING_COLUMNS = ["portal", "slug", "check", "certainty", "impact", "url", "selector", "wcag", "message", "help_url",
                   "screenshot", "title", "category", "how_to_fix", "fingerprint"]
FIXLIST_COLUMNS = ["priority", "fingerprint", "title", "category", "impact", "wcag", "check", "page_template", "url",
                   "selector", "message", "how_to_fix", "why"]


def safe_cell(value: Any) -> Any:
    """Neutralise spreadsheet formulas and line breaks in text; numbers, booleans and None pass unchanged."""
    if isinstance(value, str):
        value = _LINE_BREAKS.sub(" ", value)
        if value.startswith(_FORMULA_START):
            return "'" + value
    return value


def _map_cell(value: Any) -> str | None:
    if not isinstance(value, dict):
        return None
    return "; ".join(f"{k}={v}" for k, v in sorted(value.items()))


def _metric_cells(metrics: dict[str, Any] | None) -> dict[str, Any]:
    m = metrics or {}
    flat = flatten(m)
    cells: dict[str, Any] = {f"metrics.{name}": flat.get(name) for name in METRIC_COLUMNS}
    for name in MAP_METRICS:
        value: Any = m
        for part in name.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        cells[f"metrics.{name}"] = _map_cell(value)
    return cells


def portal_rows(results: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for portal in results.get("portals") or []:
        row = {c: portal.get(c) for c in PORTAL_COLUMNS}
        row.update({f"category.{cid}": (portal.get("categories") or {}).get(cid) for cid in CATEGORIES})
        row.update(_metric_cells(portal.get("metrics")))
        row.update(_journey_cells((portal.get("metrics") or {}).get("journeys")))
        rows.append(row)
    return rows


def _journey_cells(journeys: list[dict[str, Any]] | None) -> dict[str, Any]:
    """Each journey's outcome and effort under its name, so one journey lines up across portals."""
    return {f"metrics.journeys.{record.get('name')}.{key}": record.get(key)
            for record in journeys or [] for key in JOURNEY_COLUMNS}


def portal_columns(rows: list[dict[str, Any]]) -> list[str]:
    """The declared columns in order, then each journey's columns sorted by journey name."""
    declared = PORTAL_COLUMNS + [f"category.{cid}" for cid in CATEGORIES] + \
        [f"metrics.{name}" for name in METRIC_COLUMNS + MAP_METRICS]
    journeys = sorted({c for row in rows for c in row if c.startswith("metrics.journeys.")},
                      key=lambda c: (c.rsplit(".", 1)[0], JOURNEY_COLUMNS.index(c.rsplit(".", 1)[1])))
    return declared + journeys


def finding_rows(results: dict[str, Any], words: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for portal in results.get("portals") or []:
        checks = {c.get("id"): c for c in portal.get("checks") or []}
        for f in (portal.get("findings") or []) + (portal.get("needs_review") or []):
            check = f.get("check") or ""
            title, category, _, fix = item_words(check, f.get("message") or "", checks.get(check, {}),
                                                 words.get(check), f.get("description") or "")
            rows.append({"portal": portal.get("name"), "slug": portal.get("slug"), "check": check,
                         "certainty": f.get("certainty") or "failure",
                         "impact": f.get("impact"), "url": f.get("url"), "selector": f.get("selector"),
                         "wcag": " ".join(f.get("wcag") or []), "message": f.get("message"),
                         "help_url": f.get("help_url"), "screenshot": f.get("screenshot"),
                         "title": title, "category": category, "how_to_fix": fix, "fingerprint": fingerprint(f).hex})
    return rows


def fixlist_rows(groups: list[FixGroup]) -> list[dict[str, Any]]:
    """One row per instance of each fix-list item, in the fix list's order (priority 1 first)."""
    rows = []
    for position, group in enumerate(groups, start=1):
        common = {"priority": position, "title": group.title, "category": group.category,
                  "check": group.check, "how_to_fix": group.fix, "why": group.why}
        for instance in group.instances or [None]:
            finding = {"check": group.check, "url": instance.url if instance else "",
                       "selector": instance.selector if instance else None}
            rows.append({**common, "fingerprint": fingerprint(finding).hex,
                         "impact": (instance.impact if instance else None) or group.impact,
                         "wcag": " ".join((instance.wcag if instance and instance.wcag else group.wcag)),
                         "page_template": page_template(finding["url"]) if instance else "",
                         "url": finding["url"], "selector": finding["selector"],
                         "message": " ".join([instance.message, *instance.also]) if instance else ""})
    return rows


def write_csv(path: Path, columns: list[str], rows: list[dict[str, Any]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, restval="")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: safe_cell(v) for k, v in row.items()})


def write_exports(results: dict[str, Any], run_dir: Path, words: dict[str, dict[str, Any]]) -> tuple[Path, Path]:
    """Write DIR/results.csv and DIR/findings.csv; returns their paths."""
    run_dir = Path(run_dir)
    portals, findings = portal_rows(results), finding_rows(results, words)
    results_csv, findings_csv = run_dir / "results.csv", run_dir / "findings.csv"
    write_csv(results_csv, portal_columns(portals), portals)
    write_csv(findings_csv, FINDING_COLUMNS, findings)
    return results_csv, findings_csv
