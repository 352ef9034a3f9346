"""Checks of the keyboard walk: focus kept and visible, no trap, everything operable, a sensible
order, real links, and a way past repeated blocks."""
from __future__ import annotations

from typing import Any

from model.artifacts import PageArtifact, PortalArtifacts
from checks.keyboard_walk import judge_walk
from checks.probe_common import Hit, per_page, probe_of, shorten
from checks.registry import NEEDS_REVIEW, CheckMeta, Outcome, check


@check(CheckMeta(
    id="keyboard-focus-kept",
    category="accessibility",
    title="Focus stays where the keyboard puts it",
    failure_title="Script throws keyboard focus away",
    why="When a link drops focus the moment it receives it, a keyboard user cannot see where they are "
        "and cannot activate it: the notice or document behind it is out of reach.",
    fix="Remove onfocus=\"blur()\" and any script that blurs or moves focus on arrival.",
    measures="Share of page templates whose probed pages have no element that loses focus the moment it "
             "receives it (a blur on focus seen in the keyboard walk or in the markup).",
    wcag=("2.1.1", "2.1.3", "2.4.7", "3.2.1"),
    needs=("pages", "probes"),
    weight=2.0,
    techniques=("F55",),
))
def keyboard_focus_kept(portal: PortalArtifacts) -> Outcome:
    def rule(page: PageArtifact, data: dict[str, Any]) -> list[Hit]:
        walk = probe_of(page, "keyboard")
        lost = {s["selector"]: s for s in (judge_walk(walk).order if walk else []) if s.get("lost")}
        for item in data["focus_blur"]:
            lost.setdefault(item["selector"], item)
        return [Hit(sel, f"Focus is removed as soon as this {s.get('tag', 'element')} receives it"
                         f"{' (' + shorten(s['text']) + ')' if s.get('text') else ''}: it cannot be used with a keyboard.",
                    "critical", s.get("box")) for sel, s in lost.items()]
    return per_page(portal, "dom", rule)


@check(CheckMeta(
    id="keyboard-focus-visible",
    category="accessibility",
    title="Keyboard focus is visible",
    failure_title="Keyboard focus is invisible on some controls",
    why="A keyboard user who cannot see which link or field has focus is navigating blind.",
    fix="Do not remove the outline on :focus without a replacement; give :focus-visible a clear outline.",
    measures="Share of page templates whose probed pages show a visible change on every element the "
             "keyboard walk focused.",
    wcag=("2.4.7",),
    needs=("pages", "probes"),
    weight=2.0,
    act=("oj04fd",),
))
def keyboard_focus_visible(portal: PortalArtifacts) -> Outcome:
    def rule(page: PageArtifact, data: dict[str, Any]) -> list[Hit]:
        return [Hit(s["selector"], f"Nothing about this {s['tag']}{' (' + shorten(s['text']) + ')' if s['text'] else ''} "
                                   "changes when it receives keyboard focus.", "serious", s["box"])
                for s in judge_walk(data).order if s["changed"] is False and not s["lost"] and not s["frame"]]
    return per_page(portal, "keyboard", rule)


@check(CheckMeta(
    id="keyboard-trap",
    category="accessibility",
    title="No keyboard trap",
    failure_title="Keyboard focus gets trapped",
    why="A trapped keyboard user cannot leave the widget, so the rest of the page, and the bid, are out of reach.",
    fix="Let Tab and Shift+Tab leave every component; a modal that holds focus must close on Escape.",
    measures="Share of page templates whose probed pages let Tab and Shift+Tab leave every component: the "
             "keyboard walk never got stuck or cycled.",
    wcag=("2.1.2",),
    needs=("pages", "probes"),
    weight=3.0,
    act=("80af7b", "a1b64e"),
))
def keyboard_trap(portal: PortalArtifacts) -> Outcome:
    def rule(page: PageArtifact, data: dict[str, Any]) -> list[Hit]:
        trap = judge_walk(data).trap
        if not trap:
            return []
        how = (f"Tab pressed {trap['presses']} times without focus leaving it" if trap["kind"] == "stuck"
               else f"focus cycles among {len(set(trap['cycle']))} elements and never reaches the rest of the page")
        return [Hit(trap["selector"], f"Keyboard trap: {how}.", "critical")]
    return per_page(portal, "keyboard", rule)


@check(CheckMeta(
    id="keyboard-operable",
    category="accessibility",
    title="Clickable elements work with a keyboard",
    failure_title="Some controls only work with a mouse",
    why="A control that takes no keyboard focus cannot be used by keyboard, switch or voice users. A focusable "
        "control with no key handler in its markup is for a person to try: script may add one.",
    fix="Use a real <a href> or <button>; if you must use another element, give it tabindex=0 and key handlers.",
    measures="Share of page templates whose probed pages have no mouse-only control (a click handler on an "
             "element that cannot take focus); focusable controls with no key handler are listed for "
             "review.",
    wcag=("2.1.1", "2.1.3"),
    needs=("pages", "probes"),
    weight=2.0,
    techniques=("F54", "F42"),
))
def keyboard_operable(portal: PortalArtifacts) -> Outcome:
    def rule(page: PageArtifact, data: dict[str, Any]) -> list[Hit]:
        hits = [Hit(m["selector"], f"This {m['tag']} reacts to the mouse ({shorten(m['handler'], 50)}) but cannot "
                                   "receive keyboard focus.", "serious", m["box"])
                for m in data["mouse_only"]]
        # Its key handler may be attached by script, which the markup does not show: a person presses Enter.
        hits += [Hit(k["selector"], f"This {k['tag']}{' (' + shorten(k['text'], 40) + ')' if k['text'] else ''} takes focus and "
                                    "reacts to clicks, but its markup has no key handler: check Enter and Space work it.",
                     "serious", k["box"], NEEDS_REVIEW, wcag=("2.1.1",)) for k in data.get("keyless_controls", [])]
        return hits
    return per_page(portal, "dom", rule)


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
    measures="Share of page templates whose probed pages have no Tab stop that jumps back up the page, "
             "above and not to the right of the previous one.",
    wcag=("2.4.3",),
    needs=("pages", "probes"),
    techniques=("F44",),
))
def focus_order(portal: PortalArtifacts) -> Outcome:
    def rule(page: PageArtifact, data: dict[str, Any]) -> list[Hit]:
        def name(stop: dict[str, Any]) -> str:
            return f"{stop['tag']}{' ' + repr(shorten(stop['text'], 40)) if stop.get('text') else ''}"
        return [Hit(after["selector"], f"Tab moves focus from {name(before)} back up the page to {name(after)}.",
                    "moderate", after["box"])
                for before, after in backward_jumps(judge_walk(data).order)]
    return per_page(portal, "keyboard", rule)


@check(CheckMeta(
    id="script-links",
    category="accessibility",
    title="Links are real links",
    failure_title="Some links are javascript: pseudo-links",
    why="A javascript: link cannot be opened in a new tab, bookmarked or shared, and does nothing when a "
        "script fails or is blocked by a corporate browser policy.",
    fix="Put the destination in href and attach any script behaviour on top of it.",
    measures="Share of page templates whose probed pages have no javascript: pseudo-link without a real "
             "address.",
    needs=("pages", "probes"),
    weight=0.5,
))
def script_links(portal: PortalArtifacts) -> Outcome:
    def rule(page: PageArtifact, data: dict[str, Any]) -> list[Hit]:
        return [Hit(j["selector"], f"Link{' ' + repr(shorten(j['name'])) if j['name'] else ''} has no address, "
                                   f"only script: {shorten(j['href'])}", "minor", j["box"])
                for j in data["javascript_links"]]
    return per_page(portal, "dom", rule)


REPEATED_BLOCK = 3     # focusable elements before the content starts: fewer is no block worth bypassing


@check(CheckMeta(
    id="bypass-blocks",
    category="accessibility",
    title="Repeated blocks can be bypassed (skip link, landmarks or headings)",
    failure_title="No working way to skip repeated navigation",
    why="Without a skip link, landmarks or headings, keyboard and screen reader users go through the whole "
        "header and menu on every page of a long procurement journey.",
    fix="Add a 'Skip to main content' link as the first focusable element, pointing at the id of <main>.",
    measures="ACT cf77f2: a page passes with any one means to bypass: a working skip link (ye5d6e), a "
             "landmark (b40fd1, ARIA11), headings that start the content after the repeated block (047fe0, "
             "H69); and a page with no block of links before its content has nothing to bypass.",
    wcag=("2.4.1",),
    needs=("pages", "probes"),
    act=("cf77f2", "ye5d6e", "b40fd1", "047fe0"),
))
def bypass_blocks(portal: PortalArtifacts) -> Outcome:
    def rule(page: PageArtifact, data: dict[str, Any]) -> list[Hit]:
        skip = data.get("skip_link")
        if skip and not skip["target_exists"]:
            return [Hit(skip["selector"], f"Skip link {shorten(skip['text'])!r} points at #{skip['target']}, "
                                          "which does not exist.", "serious")]
        if skip or data["main_landmark"] or data.get("landmarks") or data.get("headings_after_first_focusable", data["headings"]):
            return []
        before = data.get("focusables_before_content", data["focusables"])
        if before < REPEATED_BLOCK:
            return []
        return [Hit(None, f"{before} links or controls come before the content, with no skip link, landmark or "
                          "heading to jump past them.", "moderate")]
    return per_page(portal, "dom", rule)
