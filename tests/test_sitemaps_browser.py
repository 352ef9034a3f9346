"""Sitemap discovery end to end in Chromium: a notice only a sitemap lists is crawled."""
from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from auditor.config import parse_config
from tests.conftest import crawl
from tests.site import Answer, serve
from tests.test_sitemaps import index, urlset

HOME = ('<!doctype html><html lang="en"><head><title>Sitemap portal</title></head><body><main><h1>Contracts</h1>'
        '<p><a href="/about">About us</a></p></main></body></html>')


def _page(title: str) -> Answer:
    return Answer(f'<!doctype html><html lang="en"><head><title>{title}</title></head><body><main><h1>{title}</h1>'
                  f'<p>Closing date 1 March. <a href="/">Home</a></p></main></body></html>')


@pytest.mark.browser
def test_a_notice_only_a_sitemap_lists_is_crawled_and_the_switch_turns_it_off(tmp_path: Path):
    """robots.txt names a sitemap index, which names a gzipped sitemap listing the notice (no page links
    it) and an out-of-scope URL; /sitemap.xml lists a page links reach too."""
    routes = {
        "/": lambda r: Answer(HOME),
        "/about": lambda r: _page("About us"),
        "/notices/77": lambda r: _page("Notice 77: road resurfacing"),
        "/robots.txt": lambda r: Answer("User-agent: *\nAllow: /\nSitemap: /sitemaps/index.xml\n",
                                        headers={"Content-Type": "text/plain"}),
    }
    with serve(routes) as site:
        routes["/sitemaps/index.xml"] = lambda r: Answer(index(f"{site.base}/sitemaps/notices.xml.gz"),
                                                         headers={"Content-Type": "application/xml"})
        notices = gzip.compress(urlset(f"{site.base}/notices/77", "http://127.0.0.2:9/elsewhere").encode())
        routes["/sitemaps/notices.xml.gz"] = lambda r: Answer(notices,
                                                              headers={"Content-Type": "application/gzip"})
        routes["/sitemap.xml"] = lambda r: Answer(urlset(f"{site.base}/about"), headers={"Content-Type": "application/xml"})
        portal = {"name": "Sitemap portal", "url": site.base + "/", "rate": 50, "max_pages": 10, "probes": False,
                  "documents": False, "screenshots": False}
        crawl(parse_config({"portals": [portal]}, Path("<t>")), tmp_path / "on")
        off_log_start = len(site.log)
        crawl(parse_config({"portals": [{**portal, "sitemaps": False}]}, Path("<t>")), tmp_path / "off")
        off_log = site.log[off_log_start:]

    def pages(out: Path) -> dict[str, dict]:
        found = [json.loads(p.read_text()) for p in (out / "artifacts" / "sitemap-portal" / "pages").glob("*.json")]
        return {p["url"].removeprefix(site.base): p for p in found}

    on = pages(tmp_path / "on")
    assert "/notices/77" in on and on["/notices/77"]["parent"] == f"{site.base}/sitemaps/notices.xml.gz"
    assert on["/notices/77"]["status"] == 200 and on["/about"]["parent"] == f"{site.base}/"   # links came first
    record = json.loads((tmp_path / "on" / "artifacts" / "sitemap-portal" / "crawl.json").read_text())["sitemaps"]
    assert record["read"] == [f"{site.base}/sitemaps/index.xml", f"{site.base}/sitemap.xml",
                              f"{site.base}/sitemaps/notices.xml.gz"]
    assert record["urls"] == 3 and "errors" not in record, record
    assert not any("elsewhere" in line for line in site.log)       # out of scope: never fetched
    assert "/notices/77" not in pages(tmp_path / "off")
    assert not any("sitemap" in line for line in off_log)
