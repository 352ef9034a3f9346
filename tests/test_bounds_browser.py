"""Budgets a portal must not be able to defeat, in real Chromium against pages served on 127.0.0.1:
a tiny page that builds huge values, popups, and a search page with eight facets."""
from __future__ import annotations

import asyncio
import time
import tracemalloc
from pathlib import Path
from urllib.parse import urlencode

import pytest

from auditor.browser import launch
from auditor.config import parse_config
from auditor.probes.dom import probe_dom
from auditor.store import PortalStore
from auditor.urls import query_budget
from tests.conftest import FAST, crawl
from tests.site import Answer, Request, serve

pytestmark = pytest.mark.browser
QUIET = {"probes": False, "documents": False, "screenshots": False}


def config_for(base: str, start: str, **options):
    return parse_config({"portals": [{"name": "Hostile", "slug": "hostile", "url": base + start, **FAST, **QUIET,
                                      **options}]}, Path("<tests>"))


# A page of under half a kilobyte (the was 396 bytes) whose script makes 2,000 links with 50 KB hrefs and ids, a 50 KB lang,
# and a form whose action, field name and autocomplete are 50 KB each.
FLOOD = """<!doctype html><html lang="en"><title>Flood</title><body><form></form><script>
const b = "x".repeat(5e4), f = document.forms[0], i = document.createElement("input");
for (let n = 0; n < 2000; n++) { const a = document.createElement("a");
  a.href = "/p/" + b + n; a.id = b + n; a.textContent = "Link " + n; document.body.append(a); }
document.documentElement.lang = b; f.action = "/" + b;
i.name = i.autocomplete = b; f.append(i);
</script>"""


def test_a_tiny_page_cannot_flood_the_artifact_or_memory(tmp_path):
    assert len(FLOOD.encode()) < 512
    with serve({"/": lambda r: Answer(FLOOD)}) as site:
        # axe-core takes minutes over 2,000 elements with 50 KB ids: the page's time limit ends it,
        # and what the page script extracted first is what is measured here
        [config] = config_for(site.base, "/", max_pages=1, page_timeout=5)
        tracemalloc.start()
        try:
            outcome = crawl([config], tmp_path)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        requested = site.paths("/p/")
    assert outcome.failed == {}
    [path] = (tmp_path / "artifacts" / "hostile" / "pages").glob("*.json")
    assert path.stat().st_size < 3_000_000                 # was 307 MB
    assert peak < 150_000_000                              # was 1.7 GB
    [page] = PortalStore(tmp_path, "hostile").pages()
    assert len(page.links) == 2000
    assert all(len(link.href) <= 1024 and len(link.selector) <= 300 for link in page.links)
    # a URL too long to keep whole is not followed: it would be a different, made-up URL
    assert {link.url for link in page.links} == {""} and requested == []
    [form] = page.forms
    assert len(form.action) <= 1024 and len(form.fields[0].name) <= 200 and len(form.fields[0].autocomplete) <= 100
    assert len(page.lang) <= 100
    assert page.cut == {"links.href": 2000, "links.url": 2000, "lang": 1, "forms.action": 1,
                        "forms.fields.name": 1, "forms.fields.autocomplete": 1}


OPENER = """<!doctype html><html lang="en"><title>Opener</title><main><h1>Opener</h1>
<a href="/next">Next</a></main><script>for (let n = 0; n < 12; n++) window.open("/popup?n=" + n);</script>"""
POPUP = """<!doctype html><html lang="en"><title>Popup</title><main><h1>Popup</h1></main>
<script>setInterval(() => fetch("/beacon"), 50);</script>"""


def slow_page(request: Request) -> Answer:
    time.sleep(2)          # the time a popup left open would keep beaconing
    return Answer('<!doctype html><html lang="en"><title>Next</title><main><h1>Next</h1></main>')


def test_popups_are_closed_at_once_and_recorded_on_the_page(tmp_path):
    routes = {"/": lambda r: Answer(OPENER), "/popup": lambda r: Answer(POPUP), "/next": slow_page,
              "/beacon": lambda r: Answer("ok")}
    with serve(routes) as site:
        [config] = config_for(site.base, "/", max_pages=2, concurrency=1)
        outcome = crawl([config], tmp_path)
        log = list(site.log)
    assert outcome.failed == {}
    pages = {p.url.rsplit("/", 1)[-1]: p for p in PortalStore(tmp_path, "hostile").pages()}
    assert len(pages[""].opened_windows) == 10             # twelve opened, the first ten noted
    assert pages[""].opened_windows[0] == site.base + "/popup?n=0"
    assert pages["next"].opened_windows == []
    # every popup was gone before the next page was asked for: nothing they run reaches the portal
    after = log[log.index("GET /next"):]
    assert "GET /beacon" not in after


def search_page(request: Request) -> Answer:
    """A search page with 8 facets of 4 values; each facet link adds its facet to the current ones."""
    links = "".join(f'<li><a href="/search?{urlencode({**request.query, f"f{p}": str(v)})}">Facet {p} value {v}</a>'
                    for p in range(8) for v in range(4))
    return Answer(f'<!doctype html><html lang="en"><title>Search</title><main><h1>Search</h1><ul>{links}</ul></main>')


def test_a_search_page_with_eight_facets_cannot_eat_the_crawl(tmp_path):
    items = "".join(f'<li><a href="/item/{n}">Item number {n}</a>' for n in range(20))
    routes = {"/": lambda r: Answer('<!doctype html><html lang="en"><title>Home</title><main><h1>Home</h1>'
                                    '<a href="/search">Search</a> <a href="/about">About</a></main>'),
              "/search": search_page,
              "/about": lambda r: Answer('<!doctype html><html lang="en"><title>About</title><main><h1>About</h1>'
                                         '<a href="/items">All items</a></main>'),
              "/items": lambda r: Answer(f'<!doctype html><html lang="en"><title>Items</title><main><h1>Items</h1>'
                                         f'<ul>{items}</ul></main>')}
    routes.update({f"/item/{n}": lambda r: Answer('<!doctype html><html lang="en"><title>Item</title>'
                                                  '<main><h1>Item</h1></main>') for n in range(20)})
    with serve(routes) as site:
        [config] = config_for(site.base, "/", max_pages=40)
        outcome = crawl([config], tmp_path)
        facets = site.paths("/search?")
        items_fetched = site.paths("/item/")
    assert outcome.failed == {}
    assert 1 <= len(facets) <= query_budget(40) == 10       # a quarter of max_pages
    assert len(set(items_fetched)) == 20                    # the rest of the portal is still crawled
    summary = outcome.summaries["hostile"]
    assert summary.skipped["trap: query URLs beyond their share of max_pages"] >= 1
    assert any("/search?" in url for url in summary.trap_evidence)


def test_the_dom_probe_caps_what_it_returns_too(tmp_path):
    page_html = """<!doctype html><html lang="en"><title>Probe</title><body><main><h1>Probe</h1>
    <input id="f" placeholder="Search"><a id="j" href="javascript:void(0)"></a></main><script>
    const b = "y".repeat(5e4); document.getElementById("f").name = b; document.getElementById("j").textContent = b;
    </script>"""

    async def probe() -> dict:
        async with launch() as browser:
            context = await browser.new_context()
            page = await context.new_page()
            await page.set_content(page_html)
            result = (await probe_dom(page))["dom"]
            await context.close()
        return result

    result = asyncio.run(probe())
    [field] = result["unlabelled_fields"]
    [link] = result["javascript_links"]
    assert len(field["name"]) == 200 and len(link["name"]) == 200
    assert result["cut"] == {"name": 2}
