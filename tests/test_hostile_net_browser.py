"""Hostile portals against the whole pipeline in real Chromium (issue 11, network half; 12; 18).

Each test serves a small hostile site on loopback, runs a crawl into tmp_path/run and asserts the
run ends within its budget plus a grace for a loaded machine, and writes nothing outside the run
directory.
"""
from __future__ import annotations

import os
import stat
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from auditor.config import parse_config
from auditor.store import PortalStore
from tests.conftest import crawl
from tests.hostile import Hostile, serve_hostile

pytestmark = pytest.mark.browser
QUIET = {"probes": False, "screenshots": False, "concurrency": 2}
GRACE = 45.0                       # browser start and shutdown, journeys, a loaded 2-core machine


def run(tmp_path: Path, portals: list[dict]) -> tuple[Path, float]:
    configs = parse_config({"portals": portals}, Path("<tests>"))
    out = tmp_path / "run"
    start = time.monotonic()
    crawl(configs, out)
    return out, time.monotonic() - start


def only_the_run_dir_was_written(tmp_path: Path) -> None:
    assert [p.name for p in tmp_path.iterdir()] == ["run"]


def page(body: str, title: str = "Tenders") -> str:
    return f"<!doctype html><html lang='en'><title>{title}</title><main><h1>{title}</h1>{body}</main></html>"


def test_links_and_redirects_never_reach_an_intranet_address(tmp_path):
    """Issue 11.6: a page redirect, a document link, a document redirect, an image, a frame and a
    script's fetch all point at 127.0.0.2 (an intranet or metadata address); none reaches it, the
    page that redirected there is recorded as refused, not as the intranet's page."""
    with serve_hostile({}, host="127.0.0.2") as intranet:
        secret = intranet.base
        routes = {
            "/": lambda h: h.answer(200, page(
                f"<a href='/go'>Latest notices</a> <a href='{secret}/pack.pdf'>Tender pack</a>"
                f" <a href='/local.pdf'>Specification</a> <img src='{secret}/pixel.png' alt=''>"
                f" <iframe title='x' src='{secret}/frame'></iframe>"
                f"<script>fetch('{secret}/api').catch(() => {{}})</script>")),
            "/go": lambda h: h.redirect(f"{secret}/intranet"),
            "/local.pdf": lambda h: h.redirect(f"{secret}/real.pdf"),
            "/robots.txt": lambda h: h.answer(404, ""),
        }
        with serve_hostile(routes) as portal:
            out, seconds = run(tmp_path, [{"name": "Hostile", "url": portal.base + "/", "slug": "hostile",
                                           "rate": 50, "time_budget": 60, **QUIET}])
        assert intranet.log == []
    store = PortalStore(out, "hostile")
    pages = {urlsplit(p.url).path: p for p in store.pages() if p.journey is None}
    go = pages["/go"]
    assert go.error and go.error.startswith("refused: non-public address: 127.0.0.2 is a loopback address")
    assert (go.title, go.text, go.links, go.screenshot) == ("", "", [], None)
    docs = {d.url: d for d in store.documents()}
    assert docs[f"{secret}/pack.pdf"].error.startswith("refused: non-public address: 127.0.0.2")
    assert docs[portal.base + "/local.pdf"].error.startswith("refused: non-public address: 127.0.0.2")
    refused = store.crawl().policy["refused"]["non-public address"]
    assert refused >= 4                         # the redirect, both documents, and the page's own requests
    assert seconds < 60 + GRACE
    only_the_run_dir_was_written(tmp_path)
    umask = os.umask(0o022)
    os.umask(umask)
    for path in out.rglob("*"):
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o777 if path.is_dir() else 0o666) & ~umask, path


def _pages(prefix: str, count: int) -> dict:
    links = " ".join(f"<a href='{prefix}{i}'>Notice {prefix}{i}</a>" for i in range(1, count))
    routes = {prefix: lambda h: h.answer(200, page(links))}
    for i in range(1, count):
        routes[f"{prefix}{i}"] = lambda h: h.answer(200, page("<p>A notice.</p>", "Notice"))
    return routes


def test_two_portals_on_one_host_together_never_exceed_the_host_rate(tmp_path):
    """Issue 12: two buyers on one vendor host, crawled at once, share one budget: the lowest
    rate configured among them (one a second), whatever each portal's own setting."""
    routes = {**_pages("/a/", 6), **_pages("/b/", 6), "/robots.txt": lambda h: h.answer(404, "")}
    with serve_hostile(routes) as vendor:
        out, seconds = run(tmp_path, [
            {"name": "Buyer A", "url": vendor.base + "/a/", "scope": {"paths": ["/a/"]}, "rate": 1, **QUIET,
             "max_pages": 5, "documents": False, "time_budget": 60},
            {"name": "Buyer B", "url": vendor.base + "/b/", "scope": {"paths": ["/b/"]}, "rate": 50, **QUIET,
             "max_pages": 5, "documents": False, "time_budget": 60},
        ])
        times = sorted(t for t, _, path in vendor.log if path != "/favicon.ico")
    assert len(times) >= 11                     # both portals' pages (and robots.txt, journeys)
    for i in range(len(times)):
        for j in range(i + 1, len(times)):
            # j - i turns of a second each; a request reaches the server late, never early, so a
            # second's slack covers a loaded machine (each portal at its own rate, as before the
            # shared budget, breaks this by several seconds)
            assert times[j] - times[i] >= (j - i) * 1.0 - 1.0, (i, j, times)
    crawled = [PortalStore(out, slug).crawl() for slug in ("buyer-a", "buyer-b")]
    assert all(c.pages == 5 for c in crawled)
    assert any(c.policy.get("shared_host", {}).get("waits") for c in crawled)
    assert seconds < 60 + GRACE
    only_the_run_dir_was_written(tmp_path)


def _crawl_one(tmp_path: Path, routes: dict, time_budget: float) -> tuple[Hostile, Path, float]:
    with serve_hostile(routes) as portal:
        out, seconds = run(tmp_path, [{"name": "Hostile", "url": portal.base + "/", "slug": "hostile",
                                       "rate": 50, "time_budget": time_budget, **QUIET}])
    return portal, out, seconds


def test_crawl_delay_100000_is_capped_and_the_budget_ends_the_crawl(tmp_path):
    """Issue 18: Crawl-delay: 100000 asked for 27.8 hours a page. The wait is capped at 30 s,
    no wait runs past the time budget, and the crawl record says what was asked and allowed."""
    routes = {"/": lambda h: h.answer(200, page("<a href='/1'>One</a> <a href='/2'>Two</a>")),
              "/1": lambda h: h.answer(200, page("<p>One</p>")), "/2": lambda h: h.answer(200, page("<p>Two</p>")),
              "/robots.txt": lambda h: h.answer(200, "User-agent: *\nCrawl-delay: 100000\n", "text/plain")}
    portal, out, seconds = _crawl_one(tmp_path, routes, time_budget=15)
    crawl_record = PortalStore(out, "hostile").crawl()
    assert crawl_record.pages == 1 and crawl_record.stopped_because == "time_budget"
    delay = crawl_record.policy["crawl_delay"]
    assert delay["requested"] == {urlsplit(portal.base).netloc: 100000} and delay["cap"] == 30
    assert delay["budget_allows_pages"] == 1
    assert seconds < 15 + GRACE
    only_the_run_dir_was_written(tmp_path)


def test_a_dripping_robots_txt_cannot_hang_the_run(tmp_path):
    """Issue 11.1: robots.txt drips a byte a second. Every worker waits only as long as the
    portal's time budget, and the run ends."""
    routes = {"/": lambda h: h.answer(200, page("<p>Home</p>")),
              "/robots.txt": lambda h: h.drip(b"User-agent: *\n", every=1.0)}
    _, out, seconds = _crawl_one(tmp_path, routes, time_budget=10)
    crawl_record = PortalStore(out, "hostile").crawl()
    assert crawl_record.pages == 0 and crawl_record.stopped_because == "time_budget"
    assert seconds < 10 + GRACE
    only_the_run_dir_was_written(tmp_path)
