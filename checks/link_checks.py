"""Checks over the gathered links and titles (no probe needed): link purpose, new-window warnings and
page titles."""
from __future__ import annotations

import re
from collections import defaultdict
from typing import Any
from urllib.parse import urldefrag, urlsplit, urlunsplit

from model.artifacts import PageArtifact, PortalArtifacts
from model.urls import dedupe_key, normalise_url
from checks.common import template_share
from checks.probe_common import MAX_EVIDENCE, element_box, probe_of, shorten, template_outcome
from checks.registry import FAILURE, NEEDS_REVIEW, CheckMeta, Evidence, Finding, Outcome, check

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
    measures="ACT 5effbb: a link's text with its programmatically determined context (sentence, list item, "
             "table cell and headers, the heading it sits under: H77-H81, H80) must say its purpose for "
             "2.4.4. Generic text with no context fails 2.4.4; with context 2.4.4 is left alone (whether "
             "that context is clear is a person's call) and only 2.4.9, link text alone, fails (F84). ACT "
             "b20e66: links sharing a text must lead to the same or an equivalent resource; different "
             "gathered pages fail 2.4.9, targets we did not open need review.",
    wcag=("2.4.4", "2.4.9"),
    needs=("pages",),
    act=("5effbb", "b20e66"),
    techniques=("F84",),
))
def link_purpose(portal: PortalArtifacts) -> Outcome:
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
                    found.append(Finding(url=page.url, selector=link.selector, impact="serious", message=f"Link text {text!r} says nothing about where it goes ({shorten(link.href, 60)}), "
                                         "and nothing around it does either.", screenshot=page.screenshot,
                                         box=element_box(page, link.selector)))
                else:
                    where = f"its context ({shorten(around, 70)!r})" if around else "its context (not recorded on this page)"
                    found.append(Finding(url=page.url, selector=link.selector, impact="minor", wcag=["2.4.9"], message=f"Link text {text!r} says nothing on its own (2.4.9, F84); for 2.4.4 it relies on "
                                         f"{where}.", screenshot=page.screenshot,
                                         box=element_box(page, link.selector)))
            elif text and link.url and link.kind in ("page", "document", "external"):
                by_text[text.lower()].setdefault(_resource(link.url), link)
        for text, targets in by_text.items():
            if len(targets) < 2:
                continue
            reached = [landed.get(t) for t in targets]
            if all(reached) and len({r for r in reached}) == 1:
                continue        # different addresses, one page (a redirect or an alias)
            differ = all(reached) and len({r[0] for r in reached}) == len(reached) and len({r[1] for r in reached}) > 1
            first = next(iter(targets.values())).selector
            found.append(Finding(url=page.url, selector=first, impact="moderate", wcag=["2.4.9"], message=f"{len(targets)} links share the text {shorten(text)!r} but "
                                 + ("lead to different pages." if differ else
                                    "go to different addresses: check they serve the same purpose."),
                                 screenshot=page.screenshot, box=element_box(page, first),
                                 certainty=FAILURE if differ else NEEDS_REVIEW))
        findings += found
        results.append((page, not any(f.certainty == FAILURE for f in found)))
    return template_outcome(findings, results, pages=len(pages))


NEW_WINDOW_WARNING = re.compile(r"new (window|tab)|opens in|external|\u2197|\u29c9", re.IGNORECASE)


@check(CheckMeta(
    id="new-window-warning",
    category="accessibility",
    title="Links that open new windows say so",
    failure_title="Links open new windows without warning",
    why="A new window breaks the Back button; screen reader and magnifier users may not notice it opened.",
    fix="Open links in the same window, or say '(opens in a new window)' in the link text.",
    measures="Share of page templates whose links that open a new window (documents aside) say so in their "
             "text.",
    wcag=("3.2.5",),
    needs=("pages",),
    weight=0.5,
    techniques=("F22",),
))
def new_window_warning(portal: PortalArtifacts) -> Outcome:
    pages = _pages_with_links(portal)
    if not pages:
        return Outcome(None, "no page was gathered")
    findings = [Finding(url=page.url, selector=link.selector, impact="minor", message=f"Link {shorten(link.text)!r} opens a new window without saying so.", screenshot=page.screenshot)
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
    measures="F25: a title an authoring tool left (Untitled, New Page 1, a file name), or one title shared "
             "by pages with different content, does not identify the page.",
    wcag=("2.4.2",),
    needs=("pages",),
    techniques=("F25",),
))
def page_titles(portal: PortalArtifacts) -> Outcome:
    pages = [p for p in _pages_with_links(portal) if p.title]
    if not pages:
        return Outcome(None, "no titled page")
    by_title: dict[str, list[PageArtifact]] = defaultdict(list)
    for page in pages:
        by_title[" ".join(page.title.split()).lower()].append(page)
    findings = [Finding(url=p.url, selector="title", impact="moderate", message=f"The title {shorten(p.title)!r} is a placeholder that says nothing about the page.")
                for p in pages if DEFAULT_TITLE.match(" ".join(p.title.split()))]
    placeholders = len(findings)
    for same in by_title.values():
        distinct = {urldefrag(p.final_url or p.url)[0] for p in same}
        if len(distinct) > 1 and len({p.text[:2000] for p in same}) > 1:
            findings += [Finding(url=p.url, selector="title", impact="moderate", message=f"{len(distinct)} different pages share the title {shorten(p.title)!r}.") for p in same]
    failing = {f.url for f in findings}
    return Outcome(1 - len(failing) / len(pages), {"pages": len(pages), "sharing_a_title": len(findings) - placeholders,
                                                   "placeholder_titles": placeholders},
                   [Evidence(f.url, f.selector, f.message) for f in findings[:MAX_EVIDENCE]], findings)
