"""Plain words for the axe-core rules most often failed on tender portals.

axe's own words for every rule travel with its findings (the rule's help in the message, its
description in `description`); these add why the barrier matters to a supplier and what a
council's web team changes to remove it, for the rules we meet most on portals. A rule not listed
here is shown with axe's words alone.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RuleWords:
    why: str
    fix: str


AXE_RULE_WORDS: dict[str, RuleWords] = {
    "color-contrast": RuleWords(
        "Pale text on a pale background is unreadable for many low-vision and older suppliers, and on a "
        "phone in daylight for everyone: closing dates and fees in grey are the usual casualties.",
        "Darken the text or lighten its background until the contrast is at least 4.5:1 (3:1 for large "
        "text); change the colour in the shared stylesheet, not page by page."),
    "label": RuleWords(
        "A screen reader announces an unlabelled box as just 'edit text': a blind supplier cannot tell the "
        "search box from the keyword, postcode or password field.",
        "Give every field a visible <label for=...> naming it; where a design has no room, aria-label at "
        "the least."),
    "link-name": RuleWords(
        "A link with no text (an icon or image without alt) is read as 'link' or its file name: a "
        "screen reader user cannot tell where it goes.",
        "Put text in the link, or alt text on its image, saying where it leads ('Home', 'Download the "
        "specification')."),
    "image-alt": RuleWords(
        "An image without a text alternative is silent or read as its file name; a logo that is the only "
        "home link, or a picture of a button, leaves blind suppliers guessing.",
        "Give meaningful images alt text saying what they convey; give decorative ones alt=\"\" so they "
        "are skipped."),
    "html-has-lang": RuleWords(
        "Without the page's language, screen readers guess the voice and mispronounce every word.",
        "Add lang=\"en\" (or the page's language) to the <html> element in the site template."),
    "document-title": RuleWords(
        "The page title is the first thing a screen reader says and what tabs and bookmarks show; "
        "without one, a supplier with several notices open cannot tell them apart.",
        "Give every page a unique <title> naming the page first and the portal second."),
    "region": RuleWords(
        "Content outside landmarks is skipped by screen reader users who move from landmark to landmark "
        "to reach the notices quickly.",
        "Put all content inside landmarks in the template: <header>, <nav>, <main> and <footer>."),
    "landmark-one-main": RuleWords(
        "Without a main landmark, screen reader users cannot jump past the header straight to the "
        "notice or search results.",
        "Wrap each page's own content in one <main> element in the site template."),
    "page-has-heading-one": RuleWords(
        "Screen reader users jump to the first-level heading to find what a page is about; without it they "
        "read from the top every time.",
        "Mark the page's title (the notice title, 'Find opportunities') as the one <h1>."),
    "heading-order": RuleWords(
        "Skipped heading levels make a notice's outline look like missing sections to a screen reader user.",
        "Use heading levels in order (h1, then h2, then h3) and style them with CSS, not by picking levels."),
    "button-name": RuleWords(
        "A button without a name is read as 'button': a supplier cannot tell 'Search' from 'Delete'.",
        "Give every button visible text, or an aria-label when it shows only an icon."),
    "select-name": RuleWords(
        "An unlabelled drop-down (category, region, sort order) is read without saying what it chooses.",
        "Give every <select> a visible <label for=...>."),
    "duplicate-id-aria": RuleWords(
        "Two elements sharing an id that labels or describes others make screen readers read the wrong label.",
        "Make every id unique; generate them per field in the form template."),
    "frame-title": RuleWords(
        "An untitled frame is announced as 'frame': an embedded search or map is a closed box to a blind supplier.",
        "Give each <iframe> a title that says what it holds."),
    "list": RuleWords(
        "Lists built wrongly are not announced as lists, so a screen reader user does not learn how many "
        "notices or documents there are.",
        "Put only <li> elements (or script-supporting elements) directly inside <ul> and <ol>."),
    "listitem": RuleWords(
        "A list item outside a list is not announced as part of a list, hiding how many items there are.",
        "Put every <li> inside a <ul> or <ol>."),
    "aria-allowed-attr": RuleWords(
        "ARIA attributes that do not belong on an element make screen readers announce wrong states.",
        "Remove the ARIA attribute, or use it on an element whose role supports it."),
    "input-image-alt": RuleWords(
        "An image button without alt text (a 'Go' or magnifier button) is read as 'button' or its file name.",
        "Give the <input type=\"image\"> an alt naming its action ('Search')."),
    "meta-viewport": RuleWords(
        "A page that forbids zooming on phones leaves low-vision suppliers unable to read it.",
        "Remove user-scalable=no and maximum-scale from the viewport meta element."),
    "td-headers-attr": RuleWords(
        "Table cells pointing at headers that are not there make a screen reader read the wrong column name.",
        "Point headers attributes only at <th> cells in the same table, or use scope on the <th> cells."),
}
