"""CSV exports for spreadsheets: one row per portal, one row per finding (failures, then what needs review).

Cells come from crawled pages, so any text that a spreadsheet would run as a formula
(starting with = + - @, or a tab or carriage return) is prefixed with an apostrophe.
"""
from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from reports.facts import flatten

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PORTAL_COLUMNS = ["name", "slug", "start_url", "status", "status_reason", "signed_in", "score", "grade"]
JOURNEY_COLUMNS = ("ok", "not_possible", "not_tried", "steps", "clicks", "keystrokes", "seconds")
FINDING_COLUMNS = ["portal", "slug", "check", "certainty", "impact", "url", "selector", "wcag", "message", "help_url",
                   "screenshot"]


def safe_cell(value: Any) -> Any:
    """Neutralise spreadsheet formulas in text; numbers, booleans and None pass unchanged."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _union(rows: list[dict[str, Any]]) -> list[str]:
    """Column names in first-seen order, so portals with extra metrics add columns, not errors."""
    names: dict[str, None] = {}
    for row in rows:
        names.update(dict.fromkeys(row))
    return list(names)


def portal_rows(results: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for portal in results.get("portals") or []:
        row = {c: portal.get(c) for c in PORTAL_COLUMNS}
        row.update({f"category.{k}": v for k, v in (portal.get("categories") or {}).items()})
        row.update({f"metrics.{k}": v for k, v in flatten(portal.get("metrics")).items()})
        row.update(_journey_cells((portal.get("metrics") or {}).get("journeys")))
        rows.append(row)
    return rows


def _journey_cells(journeys: list[dict[str, Any]] | None) -> dict[str, Any]:
    """Each journey's outcome and effort under its name, so one journey lines up across portals."""
    return {f"metrics.journeys.{record.get('name')}.{key}": record.get(key)
            for record in journeys or [] for key in JOURNEY_COLUMNS}


def finding_rows(results: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for portal in results.get("portals") or []:
        for f in (portal.get("findings") or []) + (portal.get("needs_review") or []):
            rows.append({"portal": portal.get("name"), "slug": portal.get("slug"), "check": f.get("check"),
                         "certainty": f.get("certainty") or "failure",
                         "impact": f.get("impact"), "url": f.get("url"), "selector": f.get("selector"),
                         "wcag": " ".join(f.get("wcag") or []), "message": f.get("message"),
                         "help_url": f.get("help_url"), "screenshot": f.get("screenshot")})
    return rows


def _write(path: Path, columns: list[str], rows: list[dict[str, Any]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, restval="")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: safe_cell(v) for k, v in row.items()})


def write_exports(results: dict[str, Any], run_dir: Path) -> tuple[Path, Path]:
    """Write DIR/results.csv and DIR/findings.csv; returns their paths."""
    run_dir = Path(run_dir)
    portals, findings = portal_rows(results), finding_rows(results)
    results_csv, findings_csv = run_dir / "results.csv", run_dir / "findings.csv"
    _write(results_csv, PORTAL_COLUMNS + [c for c in _union(portals) if c not in PORTAL_COLUMNS], portals)
    _write(findings_csv, FINDING_COLUMNS, findings)
    return results_csv, findings_csv
