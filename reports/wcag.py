"""WCAG 2.2 success criteria we cite, linked to W3C's Understanding documents.

Only criteria our checks and axe's rules actually report are listed; an unknown number is shown
as plain text rather than guessed into a broken link.
"""
from __future__ import annotations

from dataclasses import dataclass

UNDERSTANDING = "https://www.w3.org/WAI/WCAG22/Understanding/{}.html"

_CRITERIA: dict[str, tuple[str, str]] = {
    "1.1.1": ("non-text-content", "Non-text Content"),
    "1.2.2": ("captions-prerecorded", "Captions (Prerecorded)"),
    "1.3.1": ("info-and-relationships", "Info and Relationships"),
    "1.3.2": ("meaningful-sequence", "Meaningful Sequence"),
    "1.3.5": ("identify-input-purpose", "Identify Input Purpose"),
    "1.4.1": ("use-of-color", "Use of Color"),
    "1.4.3": ("contrast-minimum", "Contrast (Minimum)"),
    "1.4.4": ("resize-text", "Resize Text"),
    "1.4.5": ("images-of-text", "Images of Text"),
    "1.4.10": ("reflow", "Reflow"),
    "1.4.11": ("non-text-contrast", "Non-text Contrast"),
    "1.4.12": ("text-spacing", "Text Spacing"),
    "2.1.1": ("keyboard", "Keyboard"),
    "2.1.2": ("no-keyboard-trap", "No Keyboard Trap"),
    "2.2.1": ("timing-adjustable", "Timing Adjustable"),
    "2.4.1": ("bypass-blocks", "Bypass Blocks"),
    "2.4.2": ("page-titled", "Page Titled"),
    "2.4.3": ("focus-order", "Focus Order"),
    "2.4.4": ("link-purpose-in-context", "Link Purpose (In Context)"),
    "2.4.6": ("headings-and-labels", "Headings and Labels"),
    "2.4.7": ("focus-visible", "Focus Visible"),
    "2.4.11": ("focus-not-obscured-minimum", "Focus Not Obscured (Minimum)"),
    "2.5.3": ("label-in-name", "Label in Name"),
    "2.5.8": ("target-size-minimum", "Target Size (Minimum)"),
    "3.1.1": ("language-of-page", "Language of Page"),
    "3.1.2": ("language-of-parts", "Language of Parts"),
    "3.2.2": ("on-input", "On Input"),
    "3.3.1": ("error-identification", "Error Identification"),
    "3.3.2": ("labels-or-instructions", "Labels or Instructions"),
    "3.3.7": ("redundant-entry", "Redundant Entry"),
    "3.3.8": ("accessible-authentication-minimum", "Accessible Authentication (Minimum)"),
    "4.1.2": ("name-role-value", "Name, Role, Value"),
    "4.1.3": ("status-messages", "Status Messages"),
}


@dataclass(frozen=True)
class Criterion:
    number: str
    name: str                      # "" when we do not know the criterion
    url: str | None                # None when we do not know its Understanding page

    @property
    def label(self) -> str:
        return f"{self.number} {self.name}".strip()


def criterion(number: str) -> Criterion:
    known = _CRITERIA.get(number)
    if known is None:
        return Criterion(number, "", None)
    slug, name = known
    return Criterion(number, name, UNDERSTANDING.format(slug))


def criteria(numbers: list[str] | tuple[str, ...] | None) -> list[Criterion]:
    """Unique criteria in WCAG order, so the same finding never lists 1.4.3 twice."""
    unique = sorted(set(numbers or ()), key=lambda n: tuple(int(p) if p.isdigit() else 0 for p in n.split(".")))
    return [criterion(n) for n in unique]
