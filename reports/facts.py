"""Reading metrics that may be missing, and the key facts shown side by side for each portal.

Any metric may be null (the crawl could not tell), and results written by a newer pipeline may
carry keys we do not know: every reader here returns None for "unknown" rather than failing.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

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
    text: str                      # what a reader sees
    sort: float | None             # what the table sorts by; None sorts last


def key_facts(metrics: dict[str, Any] | None) -> list[Fact]:
    """The facts a supplier compares portals by, in the overview's column order."""
    m = metrics or {}
    facts: list[Fact] = []

    clicks = dig(m, "clicks_to_notice")
    facts.append(Fact("Clicks to a notice", show(clicks), clicks))

    doc_clicks = dig(m, "clicks_to_documents")
    if doc_clicks is None and dig(m, "documents_require_login"):
        facts.append(Fact("Clicks to documents", "after login", None))
    else:
        facts.append(Fact("Clicks to documents", show(doc_clicks), doc_clicks))

    notice_wall, docs_wall = dig(m, "notice_requires_login"), dig(m, "documents_require_login")
    if notice_wall:
        facts.append(Fact("Login wall", "Notices and documents", 2))
    elif docs_wall:
        facts.append(Fact("Login wall", "Documents", 1))
    elif notice_wall is None or docs_wall is None:
        facts.append(Fact("Login wall", UNKNOWN, None))
    else:
        facts.append(Fact("Login wall", "None", 0))

    per_notice = dig(m, "documents.per_notice")
    facts.append(Fact("Documents per notice", show(per_notice), per_notice))

    share = untagged_pdf_share(m)
    untagged = dig(m, "documents.pdf_untagged")
    if share is None:
        text = "no PDFs" if dig(m, "documents.pdf_tagged") == 0 and untagged == 0 else UNKNOWN
        facts.append(Fact("Untagged PDFs", text, None))
    else:
        total = untagged + dig(m, "documents.pdf_tagged")
        facts.append(Fact("Untagged PDFs", f"{share:.0%} ({untagged} of {total})", share))

    found, fields, captcha = (dig(m, "registration.found"), dig(m, "registration.fields"),
                              dig(m, "registration.captcha"))
    if found is None:
        facts.append(Fact("Registration", UNKNOWN, None))
    elif not found:
        facts.append(Fact("Registration", "none found", 0))
    else:
        text = plural(fields, "field") if fields is not None else "form found"
        # A CAPTCHA breaks ties between forms of equal length: it is the bigger barrier.
        facts.append(Fact("Registration", text + (" + CAPTCHA" if captcha else ""),
                          (fields or 0) + (0.5 if captcha else 0)))

    for label, path in (("Accessibility statement", "accessibility_statement.found"),
                        ("Open data", "open_data.found")):
        value = dig(m, path)
        facts.append(Fact(label, show(value), None if value is None else int(value)))

    barriers = serious_and_critical(m)
    facts.append(Fact("Serious + critical axe issues", show(barriers), barriers))
    return facts
