"""Checks of the layout probes: reflow at 320 px, text spacing, text resize, justified text, media
that plays by itself, and orientation locks."""
from __future__ import annotations

from typing import Any

from model.artifacts import PageArtifact, PortalArtifacts
from checks.probe_common import Hit, per_page, shorten
from checks.registry import FAILURE, NEEDS_REVIEW, CheckMeta, Outcome, check


def unintended(clipped: list[dict[str, Any]], outgrown: float = float("inf")) -> list[dict[str, Any]]:
    """Clipping ACT 59br37 counts: not one line cut on purpose, that is nowrap with an ellipsis, or a box
    no higher than its line-height. When only the text grows (text-only zoom, text spacing) a one-line
    box whose line has outgrown it cuts the letters, so `outgrown` caps the line-height at that many
    times the box's height for the exception to hold. (Runs recorded before this moved here stored the
    list already filtered; filtering it again changes nothing.)"""
    def one_line(c: dict[str, Any]) -> bool:
        return c["height"] - 0.5 <= c["line_height"] <= outgrown * c["height"]
    return [c for c in clipped if c["clips_x"] and not c["intended_x"] or c["clips_y"] and not one_line(c)]


def two_dimensional(item: dict[str, Any]) -> bool:
    """Overflow 1.4.10 allows: a box inside two-dimensional content (a data table, code, media, a map),
    or one holding such content and no text of its own. Runs recorded before the probe stored these
    facts stored the verdict ("exempt")."""
    if "exempt" in item:
        return bool(item["exempt"])
    return item["content_2d"] == "within" or item["content_2d"] == "holds" and not item["text"]


@check(CheckMeta(
    id="reflow",
    category="accessibility",
    title="Pages reflow at 320 px wide (400% zoom)",
    failure_title="Pages scroll sideways or cut text off at 320 px wide",
    why="Low-vision suppliers zoom in; a page that then scrolls both ways makes every line a chore to read.",
    fix="Use a responsive layout: no fixed widths on containers, wrap long words, let tables scroll on their own.",
    measures="Share of page templates whose probed pages neither scroll sideways nor cut text off at 320 "
             "CSS px wide (content that may scroll, such as data tables and maps, is exempt).",
    wcag=("1.4.10",),
    needs=("pages", "probes"),
))
def reflow(portal: PortalArtifacts) -> Outcome:
    def rule(page: PageArtifact, data: dict[str, Any]) -> list[Hit]:
        hits = []
        wide = [o for o in data["overflowing"] if not two_dimensional(o)]
        if data["horizontal_scroll"] and wide:
            hits.append(Hit(wide[0]["selector"],
                            f"At {data['width']} px wide the page is {data['scroll_width']} px wide and scrolls sideways.",
                            "serious"))
        hits += [Hit(c["selector"], f"Text cut off at {data['width']} px wide: {shorten(c['text'])!r}.", "serious")
                 for c in unintended(data["clipped"])]
        return hits
    return per_page(portal, "reflow", rule)


@check(CheckMeta(
    id="text-spacing",
    category="accessibility",
    title="Text survives increased spacing",
    failure_title="Text is cut off when spacing is increased",
    why="Dyslexic and low-vision readers widen line and letter spacing; fixed-height boxes then hide words.",
    fix="Avoid fixed heights with overflow:hidden on text containers; let boxes grow with their text.",
    measures="Share of page templates whose probed pages cut no text off when WCAG 1.4.12's text spacing "
             "is applied.",
    wcag=("1.4.12",),
    needs=("pages", "probes"),
    techniques=("F104",),
))
def text_spacing(portal: PortalArtifacts) -> Outcome:
    def rule(page: PageArtifact, data: dict[str, Any]) -> list[Hit]:
        return [Hit(c["selector"], f"With WCAG text spacing this text is cut off: {shorten(c['text'])!r}.", "serious")
                for c in unintended(data["clipped"], outgrown=1.0)]
    return per_page(portal, "text_spacing", rule)


@check(CheckMeta(
    id="text-resize",
    category="accessibility",
    title="Text can be doubled in size without being cut off",
    failure_title="Text is cut off at 200% text size",
    why="Low-vision suppliers enlarge text; a box that keeps its size hides the closing date or the fee.",
    fix="Size text containers in em or rem, or not at all, and avoid fixed heights with overflow:hidden.",
    measures="ACT 59br37: text cut off at 200% page zoom (a 640 x 512 viewport) fails 1.4.4. Text cut off "
             "only when the text alone is doubled (F69) needs a person: browsers' page zoom meets 1.4.4 "
             "(G142).",
    wcag=("1.4.4",),
    needs=("pages", "probes"),
    act=("59br37",),
    techniques=("F69",),
))
def text_resize(portal: PortalArtifacts) -> Outcome:
    def rule(page: PageArtifact, data: dict[str, Any]) -> list[Hit]:
        zoomed = unintended(data.get("zoom_clipped") or [])
        hits = [Hit(c["selector"], f"At 200% zoom this text is cut off: {shorten(c['text'])!r}.", "serious")
                for c in zoomed]
        seen = {c["selector"] for c in zoomed}
        hits += [Hit(c["selector"], f"At {data['scale']:.0%} text size (text-only zoom) this text is cut off: "
                                    f"{shorten(c['text'])!r}; page zoom shows it.", "moderate", None, NEEDS_REVIEW)
                 for c in unintended(data["clipped"], outgrown=1.25) if c["selector"] not in seen]
        return hits
    return per_page(portal, "text_resize", rule)


@check(CheckMeta(
    id="justified-text",
    category="accessibility",
    title="Running text is not justified",
    failure_title="Running text is justified",
    why="Justified text opens uneven 'rivers' of space between words, which makes lines hard to track for "
        "dyslexic readers and people with low vision.",
    fix="Align running text to the left (text-align: start) instead of justifying it.",
    measures="Share of page templates whose probed pages have no long block of fully justified text.",
    wcag=("1.4.8",),
    needs=("pages", "probes"),
    weight=0.5,
    techniques=("F88",),
))
def justified_text(portal: PortalArtifacts) -> Outcome:
    def rule(page: PageArtifact, data: dict[str, Any]) -> list[Hit]:
        return [Hit(j["selector"], f"A block of {j['chars']} characters is justified: {shorten(j['text'], 50)!r}.",
                    "minor", j["box"]) for j in data.get("justified", [])]
    return per_page(portal, "dom", rule)


AUTOPLAY_LIMIT = 3.0     # s: 1.4.2 applies to audio that plays automatically for more than 3 seconds


@check(CheckMeta(
    id="media-control",
    category="accessibility",
    title="Audio and video wait for the user",
    failure_title="Audio or video plays by itself with no way to stop it",
    why="Sound that starts on its own drowns out a screen reader, so a blind supplier cannot hear the page "
        "they need to read, and cannot find the control to stop it.",
    fix="Do not autoplay media with sound; if you must, give it visible controls (the controls attribute).",
    measures="ACT 80f0bf: media that plays by itself for more than 3 seconds with sound needs a control "
             "mechanism (4c31df); the native controls are one. Captions and transcripts need a person "
             "(1.2.x).",
    wcag=("1.4.2",),
    needs=("pages", "probes"),
    act=("80f0bf", "4c31df"),
))
def media_control(portal: PortalArtifacts) -> Outcome:
    def rule(page: PageArtifact, data: dict[str, Any]) -> list[Hit]:
        hits = []
        for m in data.get("media", []):
            if m["autoplay"] and not m["muted"] and not m["controls"] and (m["duration"] is None or m["duration"] > AUTOPLAY_LIMIT):
                known = m["duration"] is not None       # a file that never loaded may never play: a person checks
                length = f" for {m['duration']:g} s" if known else " (its length could not be read)"
                hits.append(Hit(m["selector"], f"This {m['tag']} plays with sound as the page opens{length} and has no controls.",
                                "serious", m["box"], FAILURE if known else NEEDS_REVIEW))
            if m["tag"] == "video" and m["rendered"] and not m["muted"] and not {"captions", "subtitles"} & set(m["tracks"]):
                hits.append(Hit(m["selector"], "This video has no captions track: check its speech is captioned "
                                               "(open captions count).", "serious", m["box"], NEEDS_REVIEW, wcag=("1.2.2",)))
            if m["tag"] == "audio" and not m["autoplay"]:
                hits.append(Hit(m["selector"], "Check this audio has a transcript on the page.", "moderate",
                                m["box"], NEEDS_REVIEW, wcag=("1.2.1",)))
            if m["rendered"] and not m["controls"] and not m["autoplay"]:
                hits.append(Hit(m["selector"], f"This {m['tag']} has no native controls: check the page gives it "
                                               "controls a keyboard can reach and use.", "serious",
                                m["box"], NEEDS_REVIEW, wcag=("2.1.1",)))
        return hits
    return per_page(portal, "dom", rule)


@check(CheckMeta(
    id="orientation",
    category="accessibility",
    title="Pages work in portrait and landscape",
    failure_title="A page turns itself to force one orientation",
    why="A supplier with a tablet fixed to a wheelchair cannot turn it; a page rotated by CSS in one "
        "orientation is then sideways for them.",
    fix="Remove the transform that rotates the page in an (orientation: ...) media query; let the layout adapt instead.",
    measures="Share of page templates whose probed pages do not lock the display to portrait or landscape "
             "with a CSS transform on orientation.",
    wcag=("1.3.4",),
    needs=("pages", "probes"),
    act=("b33eff",),
))
def orientation(portal: PortalArtifacts) -> Outcome:
    def rule(page: PageArtifact, data: dict[str, Any]) -> list[Hit]:
        return [Hit(o["selector"], f"In {o['orientation']} orientation the page is turned a quarter turn: {shorten(o['rule'], 80)}",
                    "serious") for o in data.get("orientation_locks", [])]
    return per_page(portal, "dom", rule)
