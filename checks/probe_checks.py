"""Checks for barriers axe-core cannot see: keyboard walk, reflow, text spacing, page structure,
link purpose, changes of context, timing, and the accessibility of tender documents.

All are pure functions of the recorded artifacts: page.probes (auditor.probes), page.links,
page titles, and the document inspection fields. Success criteria follow the W3C's own
reading in its Before and After Demonstration; a AAA criterion is named only where the
barrier fails it by definition (an image of text that fails 1.4.5 fails 1.4.9 too).
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator
from urllib.parse import urldefrag, urlsplit, urlunsplit

from auditor.artifacts import DocumentArtifact, PageArtifact, PortalArtifacts
from auditor.urls import dedupe_key, normalise_url
from checks.common import template_share
from checks.registry import FAILURE, NEEDS_REVIEW, CheckMeta, Evidence, Finding, Outcome, check

MAX_EVIDENCE = 10


@dataclass
class Hit:
    """One barrier on one page, before it becomes a Finding."""
    selector: str | None
    message: str
    wcag: tuple[str, ...]
    impact: str = "serious"
    box: list[float] | None = None
    certainty: str = FAILURE       # NEEDS_REVIEW: a person must confirm it; never scored


PageRule = Callable[[PageArtifact, dict[str, Any]], list[Hit]]


def probe_of(page: PageArtifact, probe_id: str) -> dict[str, Any] | None:
    """The probe's measurements, or None when the page was not probed or the probe failed."""
    if page.error:
        return None
    data = page.probes.get(probe_id)
    return data if isinstance(data, dict) and "error" not in data else None


def not_judged(portal: PortalArtifacts, probe_id: str) -> int:
    """Pages chosen for the probes on which this one did not finish (timed out, failed, or the page
    navigated away first): not tested, so neither a pass nor a failure."""
    return sum(1 for p in portal.pages if not p.error and p.probes and probe_of(p, probe_id) is None)


def per_page(portal: PortalArtifacts, check_id: str, probe_id: str, rule: PageRule) -> Outcome:
    """Share of page templates free of the barrier on their probed pages; every instance is a finding.

    Only failures count against a page: what needs a person's review is reported, never scored.
    Pages where the probe did not finish are counted apart, as not judged."""
    probed = [(p, d) for p in portal.pages if (d := probe_of(p, probe_id)) is not None]
    unjudged = not_judged(portal, probe_id)
    if not probed:
        if unjudged:
            return Outcome(None, f"not tested: the {probe_id.replace('_', ' ')} probe did not finish on "
                                 f"{unjudged} page{'' if unjudged == 1 else 's'}")
        return Outcome(None, f"no page has {probe_id} probe results")
    findings: list[Finding] = []
    results: list[tuple[PageArtifact, bool]] = []
    for page, data in probed:
        hits = rule(page, data)
        results.append((page, not any(h.certainty == FAILURE for h in hits)))
        findings += [Finding(check=check_id, url=page.url, selector=h.selector, impact=h.impact, wcag=list(h.wcag),
                             message=h.message, screenshot=page.screenshot, box=h.box, certainty=h.certainty)
                     for h in hits]
    return _outcome(findings, results, pages=len(probed), not_judged=unjudged)


def _outcome(findings: list[Finding], results: list[tuple[PageArtifact, bool]], **value: Any) -> Outcome:
    """Template share of passing pages; failures are the evidence, reviews are counted apart."""
    failures = [f for f in findings if f.certainty == FAILURE]
    evidence = [Evidence(url=f.url, selector=f.selector, detail=f.message, screenshot=f.screenshot)
                for f in failures[:MAX_EVIDENCE]]
    share, templates = template_share(results)
    return Outcome(share, {**value, "pages_clean": sum(ok for _, ok in results), "templates": templates,
                           "instances": len(failures), "needs_review": len(findings) - len(failures)},
                   evidence, findings)


def _short(text: str, limit: int = 60) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


# --- keyboard -------------------------------------------------------------------------------

@check(CheckMeta(
    id="keyboard-focus-kept",
    category="accessibility",
    title="Focus stays where the keyboard puts it",
    failure_title="Script throws keyboard focus away",
    why="When a link drops focus the moment it receives it, a keyboard user cannot see where they are "
        "and cannot activate it: the notice or document behind it is out of reach.",
    fix="Remove onfocus=\"blur()\" and any script that blurs or moves focus on arrival.",
    wcag=("2.1.1", "2.1.3", "2.4.7", "3.2.1"),
    needs=("pages", "probes"),
    weight=2.0,
    techniques=("F55",),
))
def keyboard_focus_kept(portal: PortalArtifacts) -> Outcome:
    def rule(page: PageArtifact, data: dict[str, Any]) -> list[Hit]:
        lost = {s["selector"]: s for s in (probe_of(page, "keyboard") or {}).get("order", []) if s.get("lost")}
        for item in data["focus_blur"]:
            lost.setdefault(item["selector"], item)
        return [Hit(sel, f"Focus is removed as soon as this {s.get('tag', 'element')} receives it"
                         f"{' (' + _short(s['text']) + ')' if s.get('text') else ''}: it cannot be used with a keyboard.",
                    ("2.1.1", "2.1.3", "2.4.7", "3.2.1"), "critical", s.get("box")) for sel, s in lost.items()]
    return per_page(portal, "keyboard-focus-kept", "dom", rule)


@check(CheckMeta(
    id="keyboard-focus-visible",
    category="accessibility",
    title="Keyboard focus is visible",
    failure_title="Keyboard focus is invisible on some controls",
    why="A keyboard user who cannot see which link or field has focus is navigating blind.",
    fix="Do not remove the outline on :focus without a replacement; give :focus-visible a clear outline.",
    wcag=("2.4.7",),
    needs=("pages", "probes"),
    weight=2.0,
    act=("oj04fd",),
))
def keyboard_focus_visible(portal: PortalArtifacts) -> Outcome:
    def rule(page: PageArtifact, data: dict[str, Any]) -> list[Hit]:
        return [Hit(s["selector"], f"Nothing about this {s['tag']}{' (' + _short(s['text']) + ')' if s['text'] else ''} "
                                   "changes when it receives keyboard focus.", ("2.4.7",), "serious", s["box"])
                for s in data["order"] if s["changed"] is False and not s["lost"] and not s["frame"]]
    return per_page(portal, "keyboard-focus-visible", "keyboard", rule)


@check(CheckMeta(
    id="keyboard-trap",
    category="accessibility",
    title="No keyboard trap",
    failure_title="Keyboard focus gets trapped",
    why="A trapped keyboard user cannot leave the widget, so the rest of the page, and the bid, are out of reach.",
    fix="Let Tab and Shift+Tab leave every component; a modal that holds focus must close on Escape.",
    wcag=("2.1.2",),
    needs=("pages", "probes"),
    weight=3.0,
    act=("80af7b", "a1b64e"),
))
def keyboard_trap(portal: PortalArtifacts) -> Outcome:
    def rule(page: PageArtifact, data: dict[str, Any]) -> list[Hit]:
        trap = data.get("trap")
        if not trap:
            return []
        how = (f"Tab pressed {trap['presses']} times without focus leaving it" if trap["kind"] == "stuck"
               else f"focus cycles among {len(set(trap['cycle']))} elements and never reaches the rest of the page")
        return [Hit(trap["selector"], f"Keyboard trap: {how}.", ("2.1.2",), "critical")]
    return per_page(portal, "keyboard-trap", "keyboard", rule)


@check(CheckMeta(
    id="keyboard-operable",
    category="accessibility",
    title="Clickable elements work with a keyboard",
    failure_title="Some controls only work with a mouse",
    why="A control that takes no keyboard focus cannot be used by keyboard, switch or voice users. A focusable "
        "control with no key handler in its markup is for a person to try: script may add one.",
    fix="Use a real <a href> or <button>; if you must use another element, give it tabindex=0 and key handlers.",
    wcag=("2.1.1", "2.1.3"),
    needs=("pages", "probes"),
    weight=2.0,
    techniques=("F54", "F42"),
))
def keyboard_operable(portal: PortalArtifacts) -> Outcome:
    def rule(page: PageArtifact, data: dict[str, Any]) -> list[Hit]:
        hits = [Hit(m["selector"], f"This {m['tag']} reacts to the mouse ({_short(m['handler'], 50)}) but cannot "
                                   "receive keyboard focus.", ("2.1.1", "2.1.3"), "serious", m["box"])
                for m in data["mouse_only"]]
        # Its key handler may be attached by script, which the markup does not show: a person presses Enter.
        hits += [Hit(k["selector"], f"This {k['tag']}{' (' + _short(k['text'], 40) + ')' if k['text'] else ''} takes focus and "
                                    "reacts to clicks, but its markup has no key handler: check Enter and Space work it.",
                     ("2.1.1",), "serious", k["box"], NEEDS_REVIEW) for k in data.get("keyless_controls", [])]
        return hits
    return per_page(portal, "keyboard-operable", "dom", rule)


BACKWARD_SLACK = 8     # px: boxes on one line differ by a few pixels; a jump back is a whole box higher


def backward_jumps(order: list[dict[str, Any]]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(from, to) pairs where Tab moves to a visible element wholly above and not to the right of the last.

    A right-hand column reached after the main content is not a jump back; a box above and to the
    left is, as positive tabindex and CSS reordering typically produce.
    """
    visible = [s for s in order if s.get("box") and s["box"][2] > 0 and s["box"][3] > 0 and not s.get("lost")]
    jumps = []
    for before, after in zip(visible, visible[1:]):
        bx, by, bw, _ = before["box"]
        ax, ay, _, ah = after["box"]
        if ay + ah < by - BACKWARD_SLACK and ax < bx + bw:
            jumps.append((before, after))
    return jumps


@check(CheckMeta(
    id="focus-order",
    category="accessibility",
    title="Keyboard focus follows the page's reading order",
    failure_title="Keyboard focus jumps back up the page",
    why="When Tab sends focus back above where the supplier was reading, they lose their place in the form "
        "or notice and may skip fields without knowing.",
    fix="Remove positive tabindex values and make the source order match the visual order instead of "
        "rearranging it with CSS.",
    wcag=("2.4.3",),
    needs=("pages", "probes"),
    techniques=("F44",),
))
def focus_order(portal: PortalArtifacts) -> Outcome:
    def rule(page: PageArtifact, data: dict[str, Any]) -> list[Hit]:
        def name(stop: dict[str, Any]) -> str:
            return f"{stop['tag']}{' ' + repr(_short(stop['text'], 40)) if stop.get('text') else ''}"
        return [Hit(after["selector"], f"Tab moves focus from {name(before)} back up the page to {name(after)}.",
                    ("2.4.3",), "moderate", after["box"])
                for before, after in backward_jumps(data["order"])]
    return per_page(portal, "focus-order", "keyboard", rule)


@check(CheckMeta(
    id="script-links",
    category="accessibility",
    title="Links are real links",
    failure_title="Some links are javascript: pseudo-links",
    why="A javascript: link cannot be opened in a new tab, bookmarked or shared, and does nothing when a "
        "script fails or is blocked by a corporate browser policy.",
    fix="Put the destination in href and attach any script behaviour on top of it.",
    needs=("pages", "probes"),
    weight=0.5,
))
def script_links(portal: PortalArtifacts) -> Outcome:
    def rule(page: PageArtifact, data: dict[str, Any]) -> list[Hit]:
        return [Hit(j["selector"], f"Link{' ' + repr(_short(j['name'])) if j['name'] else ''} has no address, "
                                   f"only script: {_short(j['href'])}", (), "minor", j["box"])
                for j in data["javascript_links"]]
    return per_page(portal, "script-links", "dom", rule)


REPEATED_BLOCK = 3     # focusable elements before the content starts: fewer is no block worth bypassing


@check(CheckMeta(
    id="bypass-blocks",
    category="accessibility",
    title="Repeated blocks can be bypassed (skip link, landmarks or headings)",
    failure_title="No working way to skip repeated navigation",
    why="Without a skip link, landmarks or headings, keyboard and screen reader users go through the whole "
        "header and menu on every page of a long procurement journey.",
    fix="Add a 'Skip to main content' link as the first focusable element, pointing at the id of <main>.",
    wcag=("2.4.1",),
    needs=("pages", "probes"),
    act=("cf77f2", "ye5d6e", "b40fd1", "047fe0"),
))
def bypass_blocks(portal: PortalArtifacts) -> Outcome:
    """ACT cf77f2: a page passes with any one means to bypass: a working skip link (ye5d6e), a landmark
    (b40fd1, ARIA11), headings that start the content after the repeated block (047fe0, H69); and a
    page with no block of links before its content has nothing to bypass."""
    def rule(page: PageArtifact, data: dict[str, Any]) -> list[Hit]:
        skip = data.get("skip_link")
        if skip and not skip["target_exists"]:
            return [Hit(skip["selector"], f"Skip link {_short(skip['text'])!r} points at #{skip['target']}, "
                                          "which does not exist.", ("2.4.1",), "serious")]
        if skip or data["main_landmark"] or data.get("landmarks") or data.get("headings_after_first_focusable", data["headings"]):
            return []
        before = data.get("focusables_before_content", data["focusables"])
        if before < REPEATED_BLOCK:
            return []
        return [Hit(None, f"{before} links or controls come before the content, with no skip link, landmark or "
                          "heading to jump past them.", ("2.4.1",), "moderate")]
    return per_page(portal, "bypass-blocks", "dom", rule)


# --- layout ---------------------------------------------------------------------------------

@check(CheckMeta(
    id="reflow",
    category="accessibility",
    title="Pages reflow at 320 px wide (400% zoom)",
    failure_title="Pages scroll sideways or cut text off at 320 px wide",
    why="Low-vision suppliers zoom in; a page that then scrolls both ways makes every line a chore to read.",
    fix="Use a responsive layout: no fixed widths on containers, wrap long words, let tables scroll on their own.",
    wcag=("1.4.10",),
    needs=("pages", "probes"),
))
def reflow(portal: PortalArtifacts) -> Outcome:
    def rule(page: PageArtifact, data: dict[str, Any]) -> list[Hit]:
        hits = []
        if data["horizontal_scroll"]:
            wide = [o for o in data["overflowing"] if not o["exempt"]]
            hits.append(Hit(wide[0]["selector"] if wide else None,
                            f"At {data['width']} px wide the page is {data['scroll_width']} px wide and scrolls sideways.",
                            ("1.4.10",), "serious"))
        hits += [Hit(c["selector"], f"Text cut off at {data['width']} px wide: {_short(c['text'])!r}.", ("1.4.10",), "serious")
                 for c in data["clipped"]]
        return hits
    return per_page(portal, "reflow", "reflow", rule)


@check(CheckMeta(
    id="text-spacing",
    category="accessibility",
    title="Text survives increased spacing",
    failure_title="Text is cut off when spacing is increased",
    why="Dyslexic and low-vision readers widen line and letter spacing; fixed-height boxes then hide words.",
    fix="Avoid fixed heights with overflow:hidden on text containers; let boxes grow with their text.",
    wcag=("1.4.12",),
    needs=("pages", "probes"),
    techniques=("F104",),
))
def text_spacing(portal: PortalArtifacts) -> Outcome:
    def rule(page: PageArtifact, data: dict[str, Any]) -> list[Hit]:
        return [Hit(c["selector"], f"With WCAG text spacing this text is cut off: {_short(c['text'])!r}.", ("1.4.12",), "serious")
                for c in data["clipped"]]
    return per_page(portal, "text-spacing", "text_spacing", rule)


@check(CheckMeta(
    id="text-resize",
    category="accessibility",
    title="Text can be doubled in size without being cut off",
    failure_title="Text is cut off at 200% text size",
    why="Low-vision suppliers enlarge text; a box that keeps its size hides the closing date or the fee.",
    fix="Size text containers in em or rem, or not at all, and avoid fixed heights with overflow:hidden.",
    wcag=("1.4.4",),
    needs=("pages", "probes"),
    act=("59br37",),
    techniques=("F69",),
))
def text_resize(portal: PortalArtifacts) -> Outcome:
    """ACT 59br37: text cut off at 200% page zoom (a 640 x 512 viewport) fails 1.4.4. Text cut off only
    when the text alone is doubled (F69) needs a person: browsers' page zoom meets 1.4.4 (G142)."""
    def rule(page: PageArtifact, data: dict[str, Any]) -> list[Hit]:
        zoomed = data.get("zoom_clipped") or []
        hits = [Hit(c["selector"], f"At 200% zoom this text is cut off: {_short(c['text'])!r}.", ("1.4.4",), "serious")
                for c in zoomed]
        seen = {c["selector"] for c in zoomed}
        hits += [Hit(c["selector"], f"At {data['scale']:.0%} text size (text-only zoom) this text is cut off: "
                                    f"{_short(c['text'])!r}; page zoom shows it.", ("1.4.4",), "moderate", None, NEEDS_REVIEW)
                 for c in data["clipped"] if c["selector"] not in seen]
        return hits
    return per_page(portal, "text-resize", "text_resize", rule)


@check(CheckMeta(
    id="justified-text",
    category="accessibility",
    title="Running text is not justified",
    failure_title="Running text is justified",
    why="Justified text opens uneven 'rivers' of space between words, which makes lines hard to track for "
        "dyslexic readers and people with low vision.",
    fix="Align running text to the left (text-align: start) instead of justifying it.",
    wcag=("1.4.8",),
    needs=("pages", "probes"),
    weight=0.5,
    techniques=("F88",),
))
def justified_text(portal: PortalArtifacts) -> Outcome:
    def rule(page: PageArtifact, data: dict[str, Any]) -> list[Hit]:
        return [Hit(j["selector"], f"A block of {j['chars']} characters is justified: {_short(j['text'], 50)!r}.",
                    ("1.4.8",), "minor", j["box"]) for j in data.get("justified", [])]
    return per_page(portal, "justified-text", "dom", rule)


AUTOPLAY_LIMIT = 3.0     # s: 1.4.2 applies to audio that plays automatically for more than 3 seconds


@check(CheckMeta(
    id="media-control",
    category="accessibility",
    title="Audio and video wait for the user",
    failure_title="Audio or video plays by itself with no way to stop it",
    why="Sound that starts on its own drowns out a screen reader, so a blind supplier cannot hear the page "
        "they need to read, and cannot find the control to stop it.",
    fix="Do not autoplay media with sound; if you must, give it visible controls (the controls attribute).",
    wcag=("1.4.2",),
    needs=("pages", "probes"),
    act=("80f0bf", "4c31df"),
))
def media_control(portal: PortalArtifacts) -> Outcome:
    """ACT 80f0bf: media that plays by itself for more than 3 seconds with sound needs a control
    mechanism (4c31df); the native controls are one. Captions and transcripts need a person (1.2.x)."""
    def rule(page: PageArtifact, data: dict[str, Any]) -> list[Hit]:
        hits = []
        for m in data.get("media", []):
            if m["autoplay"] and not m["muted"] and not m["controls"] and (m["duration"] is None or m["duration"] > AUTOPLAY_LIMIT):
                known = m["duration"] is not None       # a file that never loaded may never play: a person checks
                length = f" for {m['duration']:g} s" if known else " (its length could not be read)"
                hits.append(Hit(m["selector"], f"This {m['tag']} plays with sound as the page opens{length} and has no controls.",
                                ("1.4.2",), "serious", m["box"], FAILURE if known else NEEDS_REVIEW))
            if m["tag"] == "video" and m["rendered"] and not m["muted"] and not {"captions", "subtitles"} & set(m["tracks"]):
                hits.append(Hit(m["selector"], "This video has no captions track: check its speech is captioned "
                                               "(open captions count).", ("1.2.2",), "serious", m["box"], NEEDS_REVIEW))
            if m["tag"] == "audio" and not m["autoplay"]:
                hits.append(Hit(m["selector"], "Check this audio has a transcript on the page.", ("1.2.1",), "moderate",
                                m["box"], NEEDS_REVIEW))
            if m["rendered"] and not m["controls"] and not m["autoplay"]:
                hits.append(Hit(m["selector"], f"This {m['tag']} has no native controls: check the page gives it "
                                               "controls a keyboard can reach and use.", ("2.1.1",), "serious",
                                m["box"], NEEDS_REVIEW))
        return hits
    return per_page(portal, "media-control", "dom", rule)


@check(CheckMeta(
    id="orientation",
    category="accessibility",
    title="Pages work in portrait and landscape",
    failure_title="A page turns itself to force one orientation",
    why="A supplier with a tablet fixed to a wheelchair cannot turn it; a page rotated by CSS in one "
        "orientation is then sideways for them.",
    fix="Remove the transform that rotates the page in an (orientation: ...) media query; let the layout adapt instead.",
    wcag=("1.3.4",),
    needs=("pages", "probes"),
    act=("b33eff",),
))
def orientation(portal: PortalArtifacts) -> Outcome:
    def rule(page: PageArtifact, data: dict[str, Any]) -> list[Hit]:
        return [Hit(o["selector"], f"In {o['orientation']} orientation the page is turned a quarter turn: {_short(o['rule'], 80)}",
                    ("1.3.4",), "serious") for o in data.get("orientation_locks", [])]
    return per_page(portal, "orientation", "dom", rule)


# --- structure ------------------------------------------------------------------------------

STRONG_HEADING = 1.3    # text this much larger than the body (and bold), or 1.5 times without bold


@check(CheckMeta(
    id="headings-marked-up",
    category="accessibility",
    title="Headings are marked up as headings",
    failure_title="Text is styled to look like headings but is not marked up",
    why="Screen reader users jump between headings to find the section they need; styled text is invisible to that. "
        "A heuristic from size and weight: text far larger and bold is reported, a milder step is left for a person to review.",
    fix="Use <h1>-<h6> for headings and style them with CSS.",
    wcag=("1.3.1", "2.4.10"),
    needs=("pages", "probes"),
    techniques=("F2",),
))
def headings_marked_up(portal: PortalArtifacts) -> Outcome:
    """F2. A heuristic: text much larger than the body and bold is a failure; a milder size step only
    suggests a heading, so a person decides."""
    def rule(page: PageArtifact, data: dict[str, Any]) -> list[Hit]:
        def strong(h: dict[str, Any]) -> bool:
            ratio = h["font_size"] / h["base_size"] if h["base_size"] else 0
            return ratio >= 1.5 or ratio >= STRONG_HEADING and h["bold"]
        return [Hit(h["selector"], f"{_short(h['text'])!r} looks like a heading ({h['font_size']:g} px"
                                   f"{', bold' if h['bold'] else ''}; body text {h['base_size']:g} px) but is a <{h['tag']}>.",
                    ("1.3.1", "2.4.10"), "moderate", h["box"], FAILURE if strong(h) else NEEDS_REVIEW)
                for h in data["fake_headings"]]
    return per_page(portal, "headings-marked-up", "dom", rule)


@check(CheckMeta(
    id="layout-tables",
    category="accessibility",
    title="Layout does not rely on nested tables",
    failure_title="Pages are laid out with nested tables",
    why="Screen readers read a layout table cell by cell; nested layout tables scramble the reading order. "
        "Header cells in a layout table are a failure; whether a nested layout reads in order is for a person to review.",
    fix="Lay the page out with CSS; keep <table> for tabular data with header cells.",
    wcag=("1.3.2",),
    needs=("pages", "probes"),
    weight=0.5,
    techniques=("F46", "F49"),
))
def layout_tables(portal: PortalArtifacts) -> Outcome:
    def rule(page: PageArtifact, data: dict[str, Any]) -> list[Hit]:
        hits = []
        for t in data["layout_tables"]:
            if t["nested_depth"] < 2:
                continue
            hits.append(Hit(t["selector"], f"Layout table nested {t['nested_depth']} deep: check the content makes "
                                           "sense read cell by cell (F49).", ("1.3.2",), "minor", t["box"], NEEDS_REVIEW))
            if t["has_header_cells"]:
                hits.append(Hit(t["selector"], "Layout table uses header cells (<th>), announcing a data structure "
                                               "that is not there (F46).", ("1.3.1",), "minor", t["box"]))
        return hits
    return per_page(portal, "layout-tables", "dom", rule)


@check(CheckMeta(
    id="table-headers",
    category="accessibility",
    title="Data tables mark up their headers",
    failure_title="Data tables style a header row without marking it up",
    why="A screen reader announces each cell's column header as a supplier moves through a table of "
        "notices or prices; a header row that is only bold gives them numbers with no meaning.",
    fix="Use <th scope=\"col\"> for the header row (and <th scope=\"row\"> for row headers).",
    wcag=("1.3.1",),
    needs=("pages", "probes"),
    techniques=("F91",),
))
def table_headers(portal: PortalArtifacts) -> Outcome:
    def rule(page: PageArtifact, data: dict[str, Any]) -> list[Hit]:
        return [Hit(t["selector"], f"A {t['rows']} x {t['columns']} table sets its first row apart "
                                   f"({_short(t['header'], 50)!r}) by style alone, with no header cells.",
                    ("1.3.1",), "serious", t["box"]) for t in data.get("styled_table_headers", [])]
    return per_page(portal, "table-headers", "dom", rule)


@check(CheckMeta(
    id="images-of-text",
    category="accessibility",
    title="Text is text, not images",
    failure_title="Images of text are used",
    why="Images of text blur when zoomed, ignore the user's colours and fonts, and cannot be translated. "
        "A heuristic from an image's shape, alt text and place: a person confirms the picture holds words.",
    fix="Use real text styled with CSS; logos are exempt.",
    wcag=("1.4.5", "1.4.9"),
    needs=("pages", "probes"),
    act=("0va7u6",),
))
def images_of_text(portal: PortalArtifacts) -> Outcome:
    def rule(page: PageArtifact, data: dict[str, Any]) -> list[Hit]:
        return [Hit(i["selector"], f"Image {_short(i['src'], 50)!r} appears to render text"
                                   f"{' (' + repr(_short(i['alt'])) + ')' if i['alt'] else ''}"
                                   f"{' as the only content of a link' if i['in_link'] else ''}.",
                    ("1.4.5", "1.4.9"), "moderate", i["box"]) for i in data["images_of_text"]]
    return per_page(portal, "images-of-text", "dom", rule)


@check(CheckMeta(
    id="links-distinguishable",
    category="accessibility",
    title="Links in text are visible without colour",
    failure_title="Links in text differ only by colour",
    why="Colour-blind suppliers cannot find a link that is only a different colour from the words around it. "
        "Measured from computed styles (underline, weight, border, background, font); a cue drawn another way needs a person.",
    fix="Underline links in running text (or give them another non-colour cue such as weight).",
    wcag=("1.4.1",),
    needs=("pages", "probes"),
    techniques=("F73",),
))
def links_distinguishable(portal: PortalArtifacts) -> Outcome:
    def rule(page: PageArtifact, data: dict[str, Any]) -> list[Hit]:
        return [Hit(a["selector"], f"Link {_short(a['text'])!r} in running text is set apart by colour only "
                                   f"({a['color']} against {a['text_color']}).", ("1.4.1",), "serious", a["box"])
                for a in data["colour_only_links"]]
    return per_page(portal, "links-distinguishable", "dom", rule)


@check(CheckMeta(
    id="visible-labels",
    category="accessibility",
    title="Form fields have visible labels",
    failure_title="Form fields lack a visible label",
    why="A field named only by a tooltip or placeholder leaves suppliers guessing what to type, "
        "and a field with no label at all is unusable with a screen reader.",
    fix="Give every field a <label for=...> with visible text.",
    wcag=("3.3.2",),
    needs=("pages", "probes"),
    weight=2.0,
    act=("e086e5",),
    techniques=("F81",),
))
def visible_labels(portal: PortalArtifacts) -> Outcome:
    """ACT e086e5 for a field with no name at all; F81 for required fields told apart by colour alone."""
    def rule(page: PageArtifact, data: dict[str, Any]) -> list[Hit]:
        hits = [Hit(r["selector"], f"Required fields ({_short(r['required'], 60)}) are told apart only by the colour of "
                                   f"their labels ({r['color']} against {r['other_color']}), with no words or mark.",
                    ("1.4.1", "3.3.2"), "serious", r["box"]) for r in data.get("colour_only_required", [])]
        for f in data["unlabelled_fields"]:
            what = f"{f['type']} field{' ' + repr(f['name']) if f['name'] else ''}"
            if f["source"] == "none":
                hits.append(Hit(f["selector"], f"The {what} has no label at all.", ("1.3.1", "3.3.2", "4.1.2"), "critical", f["box"]))
            elif not f["visible_context"] and f["source"] in ("title", "placeholder"):
                hits.append(Hit(f["selector"], f"The {what} is named only by its {f['source']}, which is not a visible label.",
                                ("3.3.2",), "serious", f["box"]))
        return hits
    return per_page(portal, "visible-labels", "dom", rule)


# The commonest short words of the languages a UK or European portal meets. A block in which one
# language's words are frequent and the declared language's are rare is in that other language.
STOPWORDS: dict[str, frozenset[str]] = {lang: frozenset(words.split()) for lang, words in {
    "en": "the and of to in is for that with on are be this by you it as or from at not your we will have",
    "cy": "y yr yn a ac ar am ei eu i o mae gan wedi bod hyn sy neu ond chi ein gyda fel hefyd eich",
    "fr": "le la les des et est une un pour dans que qui sur pas du au avec vous nous ce ces aux par sont",
    "de": "der die das und ist nicht ein eine zu mit den von sie für auf dem im sich auch wir werden sind",
    "es": "el la los las de que y en un una es por con para no se su al lo del como más este",
    "it": "il di che e la per un una non sono con del della le gli è si da nel alla questo",
    "nl": "de het een en van is dat op te zijn niet met voor je ik wij ook aan maar deze",
    "ga": "an na agus is ar le do ag go bhfuil sé sí tá a ó mar seo sin",
}.items()}
LANGUAGE_NAMES = {"en": "English", "cy": "Welsh", "fr": "French", "de": "German", "es": "Spanish", "it": "Italian",
                  "nl": "Dutch", "ga": "Irish"}
MIN_WORDS = 10


def text_language(text: str) -> str | None:
    """The language whose common words make up at least a quarter of a block, with no rival close to it."""
    words = re.findall(r"[^\W\d_]+", text.lower())
    if len(words) < MIN_WORDS:
        return None
    shares = sorted(((sum(w in stop for w in words) / len(words), lang) for lang, stop in STOPWORDS.items()), reverse=True)
    (best, lang), (second, _) = shares[0], shares[1]
    return lang if best >= 0.25 and best >= 2 * second else None


@check(CheckMeta(
    id="language-of-parts",
    category="accessibility",
    title="Passages in another language say so",
    failure_title="Passages in another language are not marked with their language",
    why="A screen reader reads a Welsh or French passage marked as English with English sounds, which "
        "makes it gibberish to a supplier listening to it. Told from the words themselves (their commonest "
        "words), for the languages listed on the methodology page.",
    fix="Mark each passage in another language with its lang attribute, e.g. <p lang=\"cy\">.",
    wcag=("3.1.2",),
    needs=("pages", "probes"),
    act=("off6ek",),
))
def language_of_parts(portal: PortalArtifacts) -> Outcome:
    """ACT off6ek: text's language must match the language it inherits. Only blocks whose words clearly
    belong to one known language are judged; the page language itself is 3.1.1, axe's business."""
    def rule(page: PageArtifact, data: dict[str, Any]) -> list[Hit]:
        hits = []
        for block in data.get("text_blocks", []):
            declared = (block["lang"] or "").split("-")[0].lower()
            spoken = text_language(block["text"])
            if declared and spoken and spoken != declared and declared in STOPWORDS:
                hits.append(Hit(block["selector"], f"This passage reads as {LANGUAGE_NAMES[spoken]} but is marked "
                                                   f"{LANGUAGE_NAMES[declared]} ({block['lang']}): {_short(block['text'], 50)!r}.",
                                ("3.1.2",), "serious"))
        return hits
    return per_page(portal, "language-of-parts", "dom", rule)


# --- change of context, timing --------------------------------------------------------------

@check(CheckMeta(
    id="change-on-input",
    category="accessibility",
    title="Choosing an option does not change the page",
    failure_title="Choosing an option navigates away without warning",
    why="A keyboard user arrowing through a menu that navigates on change lands on the first option's page.",
    fix="Navigate only when the user presses a Go/Submit button next to the menu.",
    wcag=("3.2.2", "3.2.5"),
    needs=("pages", "probes"),
    techniques=("F36", "F37"),
))
def change_on_input(portal: PortalArtifacts) -> Outcome:
    def rule(page: PageArtifact, data: dict[str, Any]) -> list[Hit]:
        return [Hit(c["selector"], f"This {c['tag']} changes context as soon as its value changes ({_short(c['handler'], 60)}).",
                    ("3.2.2", "3.2.5"), "serious", c["box"]) for c in data["change_navigation"]]
    return per_page(portal, "change-on-input", "dom", rule)


LONG_TIMER_MS = 60_000
TWENTY_HOURS = 72_000  # s: 2.2.1's exception, and ACT bc659a's limit (a delay of 0 is a redirect)


@check(CheckMeta(
    id="timing-adjustable",
    category="accessibility",
    title="No unannounced time limits",
    failure_title="Pages refresh or sign users out on a timer",
    why="Suppliers who read slowly or use assistive technology lose their place, or their half-written bid, "
        "when a page reloads or a session ends without warning. A meta refresh is measured; a session timer read "
        "from script is a guess a person must confirm.",
    fix="Remove timed refreshes and redirects; warn before a session ends and let the user extend it.",
    wcag=("2.2.1",),
    needs=("pages", "probes"),
    act=("bc659a",),
    techniques=("F40", "F41"),
))
def timing_adjustable(portal: PortalArtifacts) -> Outcome:
    def rule(page: PageArtifact, data: dict[str, Any]) -> list[Hit]:
        hits = []
        refresh = data.get("meta_refresh")
        if refresh and refresh["delay"] is not None and 0 < refresh["delay"] <= TWENTY_HOURS:
            target = f" to {refresh['url']}" if refresh["url"] else ""
            hits.append(Hit("meta[http-equiv=refresh]", f"The page refreshes{target} after {refresh['delay']:g} s.",
                            ("2.2.1",), "serious"))
        for timer in data["timers"]:
            if timer["logout"] and not timer["warns"] and timer["delay_ms"] >= LONG_TIMER_MS:
                hits.append(Hit(None, f"A script ends the session or leaves the page after {timer['delay_ms'] / 60000:g} min "
                                      f"with no sign of a warning: {_short(timer['snippet'], 80)}",
                                ("2.2.1",), "moderate", None, NEEDS_REVIEW))
        return hits
    return per_page(portal, "timing-adjustable", "dom", rule)


# --- links and titles (from the gathered links, no probe needed) ------------------------------

GENERIC_LINK_TEXT = re.compile(
    r"^(click here|click|here|more|read more|more info(rmation)?|learn more|details|view|view details|download|link|"
    r"this link|go|open|see more|continue|info|find out more)[\s.…>»:-]*$", re.IGNORECASE)


def _pages_with_links(portal: PortalArtifacts) -> list[PageArtifact]:
    return [p for p in portal.pages if not p.error and p.status is not None]


_INDEX_PAGE = re.compile(r"/(index|default)\.(html?|php|aspx?)$", re.IGNORECASE)


def _resource(url: str) -> str:
    """A link's target as a resource: canonical URL, no fragment, no trailing slash or index file."""
    key = dedupe_key(normalise_url(url) or urldefrag(url)[0])
    parts = urlsplit(key)
    return urlunsplit(parts._replace(path=_INDEX_PAGE.sub("", parts.path) or "/"))


def _landing(portal: PortalArtifacts) -> dict[str, tuple[str, str]]:
    """Each gathered URL (and every hop of its redirects) -> (where it landed, its title)."""
    landed: dict[str, tuple[str, str]] = {}
    for page in portal.pages:
        if page.error:
            continue
        final = (_resource(page.final_url or page.url), " ".join((page.title or "").split()).lower())
        for url in [page.url, page.final_url or page.url, *page.redirects]:
            landed[_resource(url)] = final
    return landed


@check(CheckMeta(
    id="link-purpose",
    category="accessibility",
    title="Link text says where each link goes",
    failure_title="Links say 'click here', 'more' or share one text for different places",
    why="Screen reader users list a page's links out of context; twenty 'View' links or 'Click here' "
        "tell them nothing about which notice or document each one opens. Whether two links with one text "
        "serve one purpose is for a person to confirm when we did not open both.",
    fix="Make the link text name its destination ('Specification for contract 2026-017 (PDF, 2 MB)'), "
        "or add the specifics in visually hidden text or aria-label.",
    wcag=("2.4.4", "2.4.9"),
    needs=("pages",),
    act=("5effbb", "b20e66"),
    techniques=("F84",),
))
def link_purpose(portal: PortalArtifacts) -> Outcome:
    """ACT 5effbb: a link's text with its programmatically determined context (sentence, list item,
    table cell and headers, the heading it sits under: H77-H81, H80) must say its purpose for 2.4.4.
    Generic text with no context fails 2.4.4; with context 2.4.4 is left alone (whether that context is
    clear is a person's call) and only 2.4.9, link text alone, fails (F84). ACT b20e66: links sharing a
    text must lead to the same or an equivalent resource; different gathered pages fail 2.4.9, targets
    we did not open need review."""
    pages = _pages_with_links(portal)
    if not pages:
        return Outcome(None, "no page was gathered")
    landed = _landing(portal)
    findings: list[Finding] = []
    results: list[tuple[PageArtifact, bool]] = []
    for page in pages:
        dom = probe_of(page, "dom")
        contexts = {c["selector"]: c for c in (dom or {}).get("link_context", [])}
        found: list[Finding] = []
        by_text: dict[str, dict[str, Any]] = defaultdict(dict)
        for link in page.links:
            text = " ".join(link.text.split())
            if GENERIC_LINK_TEXT.match(text):
                context = contexts.get(link.selector)
                around = " ".join(filter(None, [(context or {}).get("context", ""), (context or {}).get("heading", "")]))
                if "link_context" in (dom or {}) and not re.search(r"[^\W\d_]{2,}.*\s+.*[^\W\d_]{2,}", around):
                    found.append(Finding("link-purpose", page.url, link.selector, "serious", ["2.4.4", "2.4.9"],
                                         f"Link text {text!r} says nothing about where it goes ({_short(link.href, 60)}), "
                                         "and nothing around it does either.", screenshot=page.screenshot))
                else:
                    where = f"its context ({_short(around, 70)!r})" if around else "its context (not recorded on this page)"
                    found.append(Finding("link-purpose", page.url, link.selector, "minor", ["2.4.9"],
                                         f"Link text {text!r} says nothing on its own (2.4.9, F84); for 2.4.4 it relies on "
                                         f"{where}.", screenshot=page.screenshot))
            elif text and link.url and link.kind in ("page", "document", "external"):
                by_text[text.lower()].setdefault(_resource(link.url), link)
        for text, targets in by_text.items():
            if len(targets) < 2:
                continue
            reached = [landed.get(t) for t in targets]
            if all(reached) and len({r for r in reached}) == 1:
                continue        # different addresses, one page (a redirect or an alias)
            differ = all(reached) and len({r[0] for r in reached}) == len(reached) and len({r[1] for r in reached}) > 1
            found.append(Finding("link-purpose", page.url, next(iter(targets.values())).selector, "moderate", ["2.4.9"],
                                 f"{len(targets)} links share the text {_short(text)!r} but "
                                 + ("lead to different pages." if differ else
                                    "go to different addresses: check they serve the same purpose."),
                                 screenshot=page.screenshot, certainty=FAILURE if differ else NEEDS_REVIEW))
        findings += found
        results.append((page, not any(f.certainty == FAILURE for f in found)))
    return _outcome(findings, results, pages=len(pages))


NEW_WINDOW_WARNING = re.compile(r"new (window|tab)|opens in|external|\u2197|\u29c9", re.IGNORECASE)


@check(CheckMeta(
    id="new-window-warning",
    category="accessibility",
    title="Links that open new windows say so",
    failure_title="Links open new windows without warning",
    why="A new window breaks the Back button; screen reader and magnifier users may not notice it opened.",
    fix="Open links in the same window, or say '(opens in a new window)' in the link text.",
    wcag=("3.2.5",),
    needs=("pages",),
    weight=0.5,
    techniques=("F22",),
))
def new_window_warning(portal: PortalArtifacts) -> Outcome:
    pages = _pages_with_links(portal)
    if not pages:
        return Outcome(None, "no page was gathered")
    findings = [Finding("new-window-warning", page.url, link.selector, "minor", ["3.2.5"],
                        f"Link {_short(link.text)!r} opens a new window without saying so.", screenshot=page.screenshot)
                for page in pages for link in page.links
                if link.new_window and link.kind != "document" and not NEW_WINDOW_WARNING.search(link.text)]
    affected = {f.url for f in findings}
    share, templates = template_share((page, page.url not in affected) for page in pages)
    return Outcome(share, {"pages": len(pages), "templates": templates, "links": len(findings)},
                   [Evidence(f.url, f.selector, f.message) for f in findings[:MAX_EVIDENCE]], findings)


DEFAULT_TITLE = re.compile(r"^(untitled( document| page)?|new (page|document)( \d+)?|document( \d+)?|page( \d+)?|"
                           r"no title|title|home ?page|index|default|[\w-]+\.(html?|php|aspx?|jsp))$", re.IGNORECASE)


@check(CheckMeta(
    id="page-titles",
    category="accessibility",
    title="Each page has its own title",
    failure_title="Different pages share one title",
    why="The title is the first thing a screen reader announces and what a tab or bookmark shows; identical "
        "titles leave suppliers unable to tell the search page from a notice.",
    fix="Title each page after its content, e.g. 'Road resurfacing 2026-017 - Notices - Northshire Council'.",
    wcag=("2.4.2",),
    needs=("pages",),
    techniques=("F25",),
))
def page_titles(portal: PortalArtifacts) -> Outcome:
    """F25: a title an authoring tool left (Untitled, New Page 1, a file name), or one title shared by
    pages with different content, does not identify the page."""
    pages = [p for p in _pages_with_links(portal) if p.title]
    if not pages:
        return Outcome(None, "no titled page")
    by_title: dict[str, list[PageArtifact]] = defaultdict(list)
    for page in pages:
        by_title[" ".join(page.title.split()).lower()].append(page)
    findings = [Finding("page-titles", p.url, "title", "moderate", ["2.4.2"],
                        f"The title {_short(p.title)!r} is a placeholder that says nothing about the page.")
                for p in pages if DEFAULT_TITLE.match(" ".join(p.title.split()))]
    placeholders = len(findings)
    for same in by_title.values():
        distinct = {urldefrag(p.final_url or p.url)[0] for p in same}
        if len(distinct) > 1 and len({p.text[:2000] for p in same}) > 1:
            findings += [Finding("page-titles", p.url, "title", "moderate", ["2.4.2"],
                                 f"{len(distinct)} different pages share the title {_short(p.title)!r}.") for p in same]
    failing = {f.url for f in findings}
    return Outcome(1 - len(failing) / len(pages), {"pages": len(pages), "sharing_a_title": len(findings) - placeholders,
                                                   "placeholder_titles": placeholders},
                   [Evidence(f.url, f.selector, f.message) for f in findings[:MAX_EVIDENCE]], findings)


# --- documents ------------------------------------------------------------------------------

def _inspected(docs: Iterable[DocumentArtifact], kind: str) -> Iterator[tuple[DocumentArtifact, str, dict[str, Any]]]:
    """(document, name, inspection) for each inspected PDF or Office file, ZIP members included."""
    def members(doc: DocumentArtifact, entries: list[dict[str, Any]], prefix: str) -> Iterator[tuple[DocumentArtifact, str, dict[str, Any]]]:
        for entry in entries or []:
            name = f"{prefix}{entry.get('name', '?')}"
            if isinstance(entry.get(kind), dict) and not entry[kind].get("error"):
                yield doc, f"{doc.url} → {name}", entry[kind]
            yield from members(doc, entry.get("members") or [], name + " → ")
    for doc in docs:
        own = getattr(doc, kind)
        if isinstance(own, dict) and not own.get("error"):
            yield doc, doc.url, own
        yield from members(doc, doc.zip_members, "")


DocRule = Callable[[str, dict[str, Any]], str | None]


def per_document(portal: PortalArtifacts, check_id: str, kinds: tuple[str, ...], wcag: list[str],
                 impact: str, rule: DocRule) -> Outcome:
    """Share of inspected documents without the problem; one finding per problem, on the page linking it."""
    checked = 0
    findings: list[Finding] = []
    for kind in kinds:
        for doc, name, data in _inspected(portal.documents, kind):
            problem = rule(kind, data)
            if problem is None:
                continue
            checked += 1
            if problem:
                findings.append(Finding(check_id, doc.found_on[0] if doc.found_on else doc.url, None, impact, wcag,
                                        f"{problem}: {name}"))
    if not checked:
        return Outcome(None, "no inspected document this applies to")
    bad = len(findings)
    return Outcome(1 - bad / checked, {"documents": checked, "failing": bad},
                   [Evidence(f.url, None, f.message) for f in findings[:MAX_EVIDENCE]], findings)


@check(CheckMeta(
    id="documents-tagged",
    category="documents",
    title="Tender PDFs are tagged",
    failure_title="Tender PDFs are untagged",
    why="An untagged PDF has no headings, reading order or table structure for a screen reader: the "
        "specification a supplier must answer is a jumble.",
    fix="Export tagged PDF from the authoring tool (Word: 'Document structure tags for accessibility').",
    wcag=("1.3.1",),
    needs=("documents",),
    weight=2.0,
))
def documents_tagged(portal: PortalArtifacts) -> Outcome:
    def rule(kind: str, pdf: dict[str, Any]) -> str | None:
        if pdf.get("tagged") is None or pdf.get("scanned"):
            return None          # unknown, or a scan: documents-text reports it
        return "" if pdf["tagged"] else "Untagged PDF"
    return per_document(portal, "documents-tagged", ("pdf",), ["1.3.1"], "serious", rule)


@check(CheckMeta(
    id="documents-text",
    category="documents",
    title="Tender PDFs contain real text",
    failure_title="Tender PDFs are scanned images with no text",
    why="A scanned page is a picture: screen readers read nothing, and nobody can search or copy from it.",
    fix="Publish the original digital document; if only a scan exists, run OCR and tag the result.",
    wcag=("1.1.1",),
    needs=("documents",),
    weight=3.0,
))
def documents_text(portal: PortalArtifacts) -> Outcome:
    def rule(kind: str, pdf: dict[str, Any]) -> str | None:
        if pdf.get("text_layer") is None:
            return None
        return "Scanned PDF with no text layer" if pdf.get("scanned") or not pdf["text_layer"] else ""
    return per_document(portal, "documents-text", ("pdf",), ["1.1.1"], "critical", rule)


@check(CheckMeta(
    id="documents-language",
    category="documents",
    title="Tender documents declare their language",
    failure_title="Tender documents do not declare their language",
    why="Without a language, screen readers read the document with the wrong voice and pronunciation.",
    fix="Set the document language in the authoring tool before exporting (PDF /Lang, Office dc:language).",
    wcag=("3.1.1",),
    needs=("documents",),
))
def documents_language(portal: PortalArtifacts) -> Outcome:
    def rule(kind: str, data: dict[str, Any]) -> str | None:
        if kind == "pdf" and data.get("scanned"):
            return None
        return "" if (data.get("lang") or "").strip() else f"No document language ({kind.upper()})"
    return per_document(portal, "documents-language", ("pdf", "office"), ["3.1.1"], "moderate", rule)


@check(CheckMeta(
    id="documents-title",
    category="documents",
    title="Tender documents have titles",
    failure_title="Tender documents have no title",
    why="Screen readers and PDF viewers announce the title; without one suppliers hear a file name like 'doc0231.pdf'.",
    fix="Fill in the document title property and, for PDF, show the title rather than the file name.",
    wcag=("2.4.2",),
    needs=("documents",),
    weight=0.5,
))
def documents_title(portal: PortalArtifacts) -> Outcome:
    def rule(kind: str, data: dict[str, Any]) -> str | None:
        return "" if (data.get("title") or "").strip() else f"No document title ({kind.upper()})"
    return per_document(portal, "documents-title", ("pdf", "office"), ["2.4.2"], "minor", rule)
