"""Checks of page structure and behaviour from the DOM probe: headings, tables, images of text, links
distinguishable, visible labels, language of parts, changes on input and time limits."""
from __future__ import annotations

import re
from typing import Any

from model.artifacts import PageArtifact, PortalArtifacts
from checks.probe_common import Hit, per_page, shorten
from checks.registry import FAILURE, NEEDS_REVIEW, CheckMeta, Outcome, check

STRONG_HEADING = 1.3    # text this much larger than the body (and bold), or 1.5 times without bold


@check(CheckMeta(
    id="headings-marked-up",
    category="accessibility",
    title="Headings are marked up as headings",
    failure_title="Text is styled to look like headings but is not marked up",
    why="Screen reader users jump between headings to find the section they need; styled text is invisible to that. "
        "A heuristic from size and weight: text far larger and bold is reported, a milder step is left for a person to review.",
    fix="Use <h1>-<h6> for headings and style them with CSS.",
    measures="F2. A heuristic: text much larger than the body and bold is a failure; a milder size step "
             "only suggests a heading, so a person decides.",
    wcag=("1.3.1", "2.4.10"),
    needs=("pages", "probes"),
    techniques=("F2",),
))
def headings_marked_up(portal: PortalArtifacts) -> Outcome:
    def rule(page: PageArtifact, data: dict[str, Any]) -> list[Hit]:
        def strong(h: dict[str, Any]) -> bool:
            ratio = h["font_size"] / h["base_size"] if h["base_size"] else 0
            return ratio >= 1.5 or ratio >= STRONG_HEADING and h["bold"]
        return [Hit(h["selector"], f"{shorten(h['text'])!r} looks like a heading ({h['font_size']:g} px"
                                   f"{', bold' if h['bold'] else ''}; body text {h['base_size']:g} px) but is a <{h['tag']}>.",
                    "moderate", h["box"], FAILURE if strong(h) else NEEDS_REVIEW)
                for h in data["fake_headings"]]
    return per_page(portal, "dom", rule)


@check(CheckMeta(
    id="layout-tables",
    category="accessibility",
    title="Layout does not rely on nested tables",
    failure_title="Pages are laid out with nested tables",
    why="Screen readers read a layout table cell by cell; nested layout tables scramble the reading order. "
        "Header cells in a layout table are a failure; whether a nested layout reads in order is for a person to review.",
    fix="Lay the page out with CSS; keep <table> for tabular data with header cells.",
    measures="Share of page templates whose probed pages use no layout table that announces a data "
             "structure; deeply nested layout tables are listed for review of their reading order.",
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
                                           "sense read cell by cell (F49).", "minor", t["box"], NEEDS_REVIEW))
            if t["has_header_cells"]:
                hits.append(Hit(t["selector"], "Layout table uses header cells (<th>), announcing a data structure "
                                               "that is not there (F46).", "minor", t["box"], wcag=("1.3.1",)))
        return hits
    return per_page(portal, "dom", rule)


@check(CheckMeta(
    id="table-headers",
    category="accessibility",
    title="Data tables mark up their headers",
    failure_title="Data tables style a header row without marking it up",
    why="A screen reader announces each cell's column header as a supplier moves through a table of "
        "notices or prices; a header row that is only bold gives them numbers with no meaning.",
    fix="Use <th scope=\"col\"> for the header row (and <th scope=\"row\"> for row headers).",
    measures="Share of page templates whose probed pages have no data table whose first row is set apart "
             "by style alone, without header cells.",
    wcag=("1.3.1",),
    needs=("pages", "probes"),
    techniques=("F91",),
))
def table_headers(portal: PortalArtifacts) -> Outcome:
    def rule(page: PageArtifact, data: dict[str, Any]) -> list[Hit]:
        return [Hit(t["selector"], f"A {t['rows']} x {t['columns']} table sets its first row apart "
                                   f"({shorten(t['header'], 50)!r}) by style alone, with no header cells.",
                    "serious", t["box"]) for t in data.get("styled_table_headers", [])]
    return per_page(portal, "dom", rule)


@check(CheckMeta(
    id="images-of-text",
    category="accessibility",
    title="Text is text, not images",
    failure_title="Images of text are used",
    why="Images of text blur when zoomed, ignore the user's colours and fonts, and cannot be translated. "
        "A heuristic from an image's shape, alt text and place: a person confirms the picture holds words.",
    fix="Use real text styled with CSS; logos are exempt.",
    measures="Share of page templates whose probed pages show no image that appears to render text.",
    wcag=("1.4.5", "1.4.9"),
    needs=("pages", "probes"),
    act=("0va7u6",),
))
def images_of_text(portal: PortalArtifacts) -> Outcome:
    def rule(page: PageArtifact, data: dict[str, Any]) -> list[Hit]:
        return [Hit(i["selector"], f"Image {shorten(i['src'], 50)!r} appears to render text"
                                   f"{' (' + repr(shorten(i['alt'])) + ')' if i['alt'] else ''}"
                                   f"{' as the only content of a link' if i['in_link'] else ''}.",
                    "moderate", i["box"]) for i in data["images_of_text"]]
    return per_page(portal, "dom", rule)


@check(CheckMeta(
    id="links-distinguishable",
    category="accessibility",
    title="Links in text are visible without colour",
    failure_title="Links in text differ only by colour",
    why="Colour-blind suppliers cannot find a link that is only a different colour from the words around it. "
        "Measured from computed styles (underline, weight, border, background, font); a cue drawn another way needs a person.",
    fix="Underline links in running text (or give them another non-colour cue such as weight).",
    measures="Share of page templates whose probed pages set no link in running text apart from the text "
             "around it by colour alone.",
    wcag=("1.4.1",),
    needs=("pages", "probes"),
    techniques=("F73",),
))
def links_distinguishable(portal: PortalArtifacts) -> Outcome:
    def rule(page: PageArtifact, data: dict[str, Any]) -> list[Hit]:
        return [Hit(a["selector"], f"Link {shorten(a['text'])!r} in running text is set apart by colour only "
                                   f"({a['color']} against {a['text_color']}).", "serious", a["box"])
                for a in data["colour_only_links"]]
    return per_page(portal, "dom", rule)


@check(CheckMeta(
    id="visible-labels",
    category="accessibility",
    title="Form fields have visible labels",
    failure_title="Form fields lack a visible label",
    why="A field named only by a tooltip or placeholder leaves suppliers guessing what to type, "
        "and a field with no label at all is unusable with a screen reader.",
    fix="Give every field a <label for=...> with visible text.",
    measures="ACT e086e5 for a field with no name at all; F81 for required fields told apart by colour "
             "alone.",
    wcag=("3.3.2",),
    needs=("pages", "probes"),
    weight=2.0,
    act=("e086e5",),
    techniques=("F81",),
))
def visible_labels(portal: PortalArtifacts) -> Outcome:
    def rule(page: PageArtifact, data: dict[str, Any]) -> list[Hit]:
        hits = [Hit(r["selector"], f"Required fields ({shorten(r['required'], 60)}) are told apart only by the colour of "
                                   f"their labels ({r['color']} against {r['other_color']}), with no words or mark.",
                    "serious", r["box"], wcag=("1.4.1", "3.3.2")) for r in data.get("colour_only_required", [])]
        for f in data["unlabelled_fields"]:
            what = f"{f['type']} field{' ' + repr(f['name']) if f['name'] else ''}"
            if f["source"] == "none":
                hits.append(Hit(f["selector"], f"The {what} has no label at all.", "critical", f["box"], wcag=("1.3.1", "3.3.2", "4.1.2")))
            elif not f["visible_context"] and f["source"] in ("title", "placeholder"):
                hits.append(Hit(f["selector"], f"The {what} is named only by its {f['source']}, which is not a visible label.",
                                "serious", f["box"]))
        return hits
    return per_page(portal, "dom", rule)


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
    measures="ACT off6ek: text's language must match the language it inherits. Only blocks whose words "
             "clearly belong to one known language are judged; the page language itself is 3.1.1, axe's "
             "business.",
    wcag=("3.1.2",),
    needs=("pages", "probes"),
    act=("off6ek",),
))
def language_of_parts(portal: PortalArtifacts) -> Outcome:
    def rule(page: PageArtifact, data: dict[str, Any]) -> list[Hit]:
        hits = []
        for block in data.get("text_blocks", []):
            declared = (block["lang"] or "").split("-")[0].lower()
            spoken = text_language(block["text"])
            if declared and spoken and spoken != declared and declared in STOPWORDS:
                hits.append(Hit(block["selector"], f"This passage reads as {LANGUAGE_NAMES[spoken]} but is marked "
                                                   f"{LANGUAGE_NAMES[declared]} ({block['lang']}): {shorten(block['text'], 50)!r}.",
                                "serious"))
        return hits
    return per_page(portal, "dom", rule)


# --- change of context, timing --------------------------------------------------------------

@check(CheckMeta(
    id="change-on-input",
    category="accessibility",
    title="Choosing an option does not change the page",
    failure_title="Choosing an option navigates away without warning",
    why="A keyboard user arrowing through a menu that navigates on change lands on the first option's page.",
    fix="Navigate only when the user presses a Go/Submit button next to the menu.",
    measures="Share of page templates whose probed pages have no form control that navigates or submits as "
             "soon as its value changes.",
    wcag=("3.2.2", "3.2.5"),
    needs=("pages", "probes"),
    techniques=("F36", "F37"),
))
def change_on_input(portal: PortalArtifacts) -> Outcome:
    def rule(page: PageArtifact, data: dict[str, Any]) -> list[Hit]:
        return [Hit(c["selector"], f"This {c['tag']} changes context as soon as its value changes ({shorten(c['handler'], 60)}).",
                    "serious", c["box"]) for c in data["change_navigation"]]
    return per_page(portal, "dom", rule)


LONG_TIMER_MS = 60_000
SIGNS_OUT = re.compile(r"logout|log-out|signout|sign-out|logoff|session|timeout|location", re.I)
WARNS = re.compile(r"confirm\s*\(|alert\s*\(|warn|extend|dialog|modal|remaining", re.I)
TWENTY_HOURS = 72_000  # s: 2.2.1's exception, and ACT bc659a's limit (a delay of 0 is a redirect)


def silent_sign_out(timer: dict[str, Any], scripts: list[str]) -> bool:
    """A timer whose callback looks like ending the session or leaving the page, in a script with no
    sign of a warning (best effort: a person confirms). Runs recorded before the probe stored the
    callback and its script stored these two verdicts ("logout", "warns") instead."""
    if "logout" in timer:
        return bool(timer["logout"] and not timer["warns"])
    return bool(SIGNS_OUT.search(timer["callback"])) and not WARNS.search(scripts[timer["script"]])


@check(CheckMeta(
    id="timing-adjustable",
    category="accessibility",
    title="No unannounced time limits",
    failure_title="Pages refresh or sign users out on a timer",
    why="Suppliers who read slowly or use assistive technology lose their place, or their half-written bid, "
        "when a page reloads or a session ends without warning. A meta refresh is measured; a session timer read "
        "from script is a guess a person must confirm.",
    fix="Remove timed refreshes and redirects; warn before a session ends and let the user extend it.",
    measures="Share of page templates whose probed pages have no time limit a supplier cannot adjust: a "
             "meta refresh within 20 hours, or a sign-out timer of a minute or more without a warning.",
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
                            "serious"))
        for timer in data["timers"]:
            if silent_sign_out(timer, data.get("timer_scripts", [])) and timer["delay_ms"] >= LONG_TIMER_MS:
                hits.append(Hit(None, f"A script ends the session or leaves the page after {timer['delay_ms'] / 60000:g} min "
                                      f"with no sign of a warning: {shorten(timer['snippet'], 80)}",
                                "moderate", None, NEEDS_REVIEW))
        return hits
    return per_page(portal, "dom", rule)
