"""The built-in journeys, planned from what the crawl recorded: a keyword search from the listing
page, and opening the first listed notice. Pure: it reads page artifacts only."""
from __future__ import annotations

import re
from collections import Counter

from auditor.config import PortalConfig
from auditor.journeys.steps import Journey, Step
from model.artifacts import Form, FormField, PageArtifact
from model.journeys import FIRST_RESULT_JOURNEY, SEARCH_JOURNEY
from model.urls import dedupe_key, url_template

NOTICE_URL = re.compile(r"notice|tender|opportunit|contract", re.I)
SEARCH_FIELD = re.compile(r"search|keyword|query|^q$|find", re.I)
STOPWORDS = frozenset("""about above after again against their there these those which while would could
should other under where notice notices tender tenders contract contracts opportunity opportunities
services service council borough county district supply supplies provision framework lot lots
published closing deadline value details""".split())


def _start_pages(pages: list[PageArtifact]) -> list[PageArtifact]:
    """Where a supplier starts: listing pages first (most notice-like links first), then the home page."""
    ok = [p for p in pages if not p.error and p.journey is None]
    listings = sorted((p for p in ok if p.page_type.type == "listing"),
                      key=lambda p: (-len(notice_links(p)), p.depth, p.url))
    home = sorted((p for p in ok if p.depth == 0), key=lambda p: p.url)
    return listings + home


def notice_links(page: PageArtifact) -> list[str]:
    """Names of links that look like a list of notices: several titled links sharing one URL template."""
    here = dedupe_key(page.final_url or page.url)
    links = [link for link in page.links
             if link.kind == "page" and len(link.text.split()) >= 2 and dedupe_key(link.url) != here]
    templates = Counter(url_template(url) for url in {dedupe_key(link.url) for link in links})
    chosen = [link for link in links if templates[url_template(link.url)] >= 3]
    if not chosen:
        chosen = [link for link in links if NOTICE_URL.search(link.url)]
    return list(dict.fromkeys(link.text for link in chosen))


def common_word(texts: list[str]) -> str | None:
    """A word suppliers would type: the commonest content word in the notice titles listed."""
    words = Counter(w for text in texts for w in {w.lower() for w in re.findall(r"[A-Za-z]{5,}", text)}
                    if w.lower() not in STOPWORDS)
    return min(words, key=lambda w: (-words[w], w)) if words else None


def search_field(page: PageArtifact) -> tuple[Form, FormField] | None:
    """A search box on the page (type=search, or labelled or named search / keyword / query) and its form."""
    for form in page.forms:
        for fld in form.fields:
            if fld.tag == "input" and (fld.type == "search" or SEARCH_FIELD.search(f"{fld.label} {fld.name}")) \
                    and fld.type not in ("password", "email", "checkbox", "radio"):
                return form, fld
    return None


def builtin_journeys(pages: list[PageArtifact], config: PortalConfig) -> list[Journey]:
    """Keyword search and open-the-first-result, planned from the crawled listing or home page."""
    starts = _start_pages(pages)
    if not starts:
        reason = "no listing or home page was gathered"
        return [Journey(SEARCH_JOURNEY, [], True, reason), Journey(FIRST_RESULT_JOURNEY, [], True, reason)]
    return [_search_journey(starts, config), _first_result_journey(starts)]


def _search_journey(starts: list[PageArtifact], config: PortalConfig) -> Journey:
    for page in starts:
        found = search_field(page)
        if found is None:
            continue
        form, box = found
        if form.method == "script":
            return Journey(SEARCH_JOURNEY, [], True,
                           "the search box is not part of a form (a script filter); not tried")
        if form.method != "get" and not config.submit_forms:
            return Journey(SEARCH_JOURNEY, [], True, f"the search form sends data (method {form.method.upper()}); "
                                                     f"not submitted without 'submit_forms: true'")
        titles = next((found for found in map(notice_links, starts) if found), [])
        word = common_word(titles) or common_word([link.text for link in page.links])
        if word is None:
            return Journey(SEARCH_JOURNEY, [], True, "no word to search for on the page")
        return Journey(SEARCH_JOURNEY, [
            Step("goto", page.final_url or page.url),
            Step("fill", {"css": box.selector, "value": word}),
            Step("press", {"key": "Enter", "css": box.selector}),
            Step("wait_for", {"url": word}),
            Step("expect", {"element": {"role": "link", "name": word}}),
            Step("click", {"role": "link", "name": word}),
        ], builtin=True)
    return Journey(SEARCH_JOURNEY, [], True, "no search box found")


def _first_result_journey(starts: list[PageArtifact]) -> Journey:
    for page in starts:
        titles = notice_links(page)
        if titles:
            return Journey(FIRST_RESULT_JOURNEY, [Step("goto", page.final_url or page.url),
                                                  Step("click", {"role": "link", "name": titles[0], "exact": True})],
                           builtin=True)
    return Journey(FIRST_RESULT_JOURNEY, [], True, "no notice-like link found on the listing or home page")
