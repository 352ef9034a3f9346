"""Reading metrics that may be missing, and the key facts shown side by side for each portal.

Any metric may be null (the crawl could not tell), and results written by a newer pipeline may
carry keys we do not know: every reader here returns None for "unknown" rather than failing.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from model.methodology import STATEMENT_MAX_AGE_DAYS
from reports.fingerprint import fingerprint

UNKNOWN = "unknown"


def dig(data: Any, dotted: str) -> Any:
    """data["a"]["b"] for "a.b", or None when any step is missing or null."""
    for part in dotted.split("."):
        if not isinstance(data, dict):
            return None
        data = data.get(part)
    return data


def flatten(data: dict[str, Any] | None, prefix: str = "") -> dict[str, Any]:
    """Scalar leaves under dotted names ("documents.count"); lists are left out, nulls kept."""
    flat: dict[str, Any] = {}
    for key, value in (data or {}).items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(flatten(value, f"{name}."))
        elif not isinstance(value, list):
            flat[name] = value
    return flat


def show(value: Any, digits: int = 1) -> str:
    """One value as text: None is "unknown", booleans are Yes/No, floats are rounded."""
    if value is None:
        return UNKNOWN
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def plural(count: int, singular: str, many: str | None = None) -> str:
    return f"{count} {singular if count == 1 else (many or singular + 's')}"


def serious_and_critical(metrics: dict[str, Any]) -> int | None:
    critical = dig(metrics, "axe.violations.critical")
    serious = dig(metrics, "axe.violations.serious")
    if critical is None or serious is None:
        return None
    return critical + serious


def untagged_pdf_share(metrics: dict[str, Any]) -> float | None:
    """Share of PDFs without tags, 0..1; None when unknown or there are no PDFs."""
    tagged = dig(metrics, "documents.pdf_tagged")
    untagged = dig(metrics, "documents.pdf_untagged")
    if tagged is None or untagged is None or tagged + untagged == 0:
        return None
    return untagged / (tagged + untagged)


@dataclass(frozen=True)
class Fact:
    label: str
    text: str                      # what a reader sees, with its unit
    sort: float | None             # what the table sorts by; None sorts last
    note: str = ""                 # what the number means, in words (a footnote on the overview)


@dataclass(frozen=True)
class Barriers:
    """Serious and critical accessibility barriers counted as the scores count them: one element in
    one page template is one barrier however many of that template's pages were gathered."""
    distinct: int
    templates: int                 # page templates with at least one
    templates_tested: int | None   # page templates tested (the axe-serious check's count)


def barriers(portal: dict[str, Any]) -> Barriers | None:
    """None when no page could be tested."""
    if not dig(portal.get("metrics"), "axe.pages"):
        return None
    serious = [f for f in portal.get("findings") or [] if f.get("impact") in ("critical", "serious")]
    parts = {fingerprint(f) for f in serious}
    tested = next((dig(c, "value.templates") for c in portal.get("checks") or [] if c.get("id") == "axe-serious"), None)
    return Barriers(len(parts), len({template for _, template, _ in parts}), tested if isinstance(tested, int) else None)


def barriers_text(b: Barriers | None) -> str:
    if b is None:
        return UNKNOWN
    of = f" of {b.templates_tested}" if b.templates_tested is not None else ""
    if b.distinct == 0:
        return f"none in {plural(b.templates_tested, 'page template')}" if b.templates_tested else "none"
    return f"{b.distinct} in {b.templates}{of} page template{'' if (b.templates_tested or b.templates) == 1 else 's'}"


def _statement_fact(m: dict[str, Any], crawled: str | None) -> Fact:
    """Found or not, and whether it is current: a 2019 statement is not "Yes" beside a failing check."""
    found, date_text, status = dig(m, "accessibility_statement.found"), dig(m, "accessibility_statement.date"), \
        dig(m, "accessibility_statement.status")
    note = f"A current statement states its compliance status and was prepared or reviewed within {STATEMENT_MAX_AGE_DAYS} days of the audit."
    if found is None:
        return Fact("Accessibility statement", UNKNOWN, None, note)
    if not found:
        return Fact("Accessibility statement", "No", 0, note)
    try:
        age = (date.fromisoformat((crawled or "")[:10]) - date.fromisoformat(date_text or "")).days
    except ValueError:
        age = None
    if not date_text:
        return Fact("Accessibility statement", "Yes, but undated", 0.5, note)
    if age is not None and age > STATEMENT_MAX_AGE_DAYS:
        return Fact("Accessibility statement", f"Yes, but out of date (prepared {date_text})", 0.5, note)
    if not status:
        return Fact("Accessibility statement", f"Yes, but no compliance status (prepared {date_text})", 0.5, note)
    return Fact("Accessibility statement", f"Yes, current (prepared {date_text})", 1, note)


def key_facts(portal: dict[str, Any] | None) -> list[Fact]:
    """The facts a supplier compares portals by, in the overview's column order, each with its unit."""
    p = portal or {}
    m = p.get("metrics") or {}
    facts: list[Fact] = []

    clicks = dig(m, "clicks_to_notice")
    facts.append(Fact("Clicks to a notice", UNKNOWN if clicks is None else plural(clicks, "click"), clicks,
                      "Links followed from the home page to the nearest tender notice (0: notices are on the home page)."))

    doc_clicks = dig(m, "clicks_to_documents")
    doc_note = "Links followed from the home page to the nearest tender document that opens without an account."
    if doc_clicks is None and dig(m, "documents_require_login"):
        facts.append(Fact("Clicks to documents", "none open: behind a login", None, doc_note))
    else:
        facts.append(Fact("Clicks to documents", UNKNOWN if doc_clicks is None else plural(doc_clicks, "click"),
                          doc_clicks, doc_note))

    notice_wall, docs_wall = dig(m, "notice_requires_login"), dig(m, "documents_require_login")
    wall_note = "What a supplier cannot read without signing in."
    if notice_wall:
        facts.append(Fact("Account needed to read", "notices and documents", 2, wall_note))
    elif docs_wall:
        facts.append(Fact("Account needed to read", "documents", 1, wall_note))
    elif notice_wall is None or docs_wall is None:
        facts.append(Fact("Account needed to read", UNKNOWN, None, wall_note))
    else:
        facts.append(Fact("Account needed to read", "nothing: all open", 0, wall_note))

    per_notice = dig(m, "documents.per_notice")
    facts.append(Fact("Documents per notice", UNKNOWN if per_notice is None else f"{per_notice:.1f} on average",
                      per_notice, "Tender document files found per notice gathered, on average."))

    share = untagged_pdf_share(m)
    untagged, scanned = dig(m, "documents.pdf_untagged"), dig(m, "documents.pdf_scanned") or 0
    pdf_note = ("PDFs without tags (headings, reading order, tables) for screen readers; a scanned PDF is a "
                "picture of text, with no text at all.")
    if share is None:
        text = "no PDFs" if dig(m, "documents.pdf_tagged") == 0 and untagged == 0 else UNKNOWN
        facts.append(Fact("Untagged PDFs", text, None, pdf_note))
    else:
        total = untagged + dig(m, "documents.pdf_tagged")
        scans = f", {'all' if scanned == total else scanned} scanned image{'s' if scanned != 1 else ''}" if scanned else ""
        facts.append(Fact("Untagged PDFs", f"{share:.0%} ({untagged} of {total}{scans})", share, pdf_note))

    found, fields, captcha = (dig(m, "registration.found"), dig(m, "registration.fields"),
                              dig(m, "registration.captcha"))
    reg_note = ("The supplier registration form: fields to fill in, and whether a CAPTCHA guards it. "
                "'Not needed': notices and documents are open without an account.")
    if found is None:
        facts.append(Fact("Registration", UNKNOWN, None, reg_note))
    elif not found:
        open_access = notice_wall is False and docs_wall is False
        facts.append(Fact("Registration", "not needed" if open_access else "no form found", 0, reg_note))
    else:
        text = plural(fields, "field") if fields is not None else "form found"
        # A CAPTCHA breaks ties between forms of equal length: it is the bigger barrier.
        facts.append(Fact("Registration", text + (" + CAPTCHA" if captcha else ""),
                          (fields or 0) + (0.5 if captcha else 0), reg_note))

    facts.append(_statement_fact(m, dig(p, "crawl.started") or dig(p, "crawl.finished")))
    value = dig(m, "open_data.found")
    facts.append(Fact("Open data", show(value), None if value is None else int(value),
                      "A machine-readable feed of notices (OCDS, CSV, RSS/Atom or an API)."))

    b = barriers(p)
    facts.append(Fact("Serious barriers", barriers_text(b), None if b is None else b.distinct,
                      "Critical or serious accessibility barriers, each element counted once per page template "
                      "(a header fault on ten notices is one), as the scores count them."))
    return facts
