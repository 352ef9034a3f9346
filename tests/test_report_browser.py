"""The rendered scorecard and trend page in real Chromium: zero axe violations at 1280, 390 and 320 px,
no page-wide horizontal scroll and every table cell on screen on a phone, hostile text stays text, and
the tables sort by their headers."""
import asyncio
import functools
import json
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from axe_playwright_python.async_playwright import Axe

from auditor.browser import launch
from reports.baseline import Baseline, mark_known
from reports.fingerprint import fingerprint
from reports.render import render_report
from reports.trend import render_trend

pytestmark = pytest.mark.browser

FIXTURE = Path(__file__).parent / "fixtures" / "report_run"
PAGES = ("index.html", "portals/eastmarch.html", "portals/westvale.html", "portals/gone.html", "methodology.html",
         "trend.html")


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    run_dir = tmp_path_factory.mktemp("browser") / "run"
    shutil.copytree(FIXTURE, run_dir)
    # every portal state shows: Eastmarch a partial owner's audit, a portal that was not audited
    results = json.loads((run_dir / "results.json").read_text())
    east = next(p for p in results["portals"] if p["slug"] == "eastmarch")
    east.update(status="partial", status_reason="interrupted", signed_in=True)
    results["portals"].append({"name": "Gone Borough", "slug": "gone", "start_url": "http://127.0.0.1:9/",
                               "status": "not_audited", "status_reason": "host unreachable: connection refused",
                               "signed_in": False, "crawl": {"pages": 1, "errors": 1, "blocked_by_robots": 0,
                                                             "stopped_because": "start page unreachable"},
                               "score": None, "grade": None, "categories": {}, "checks": [], "findings": [],
                               "metrics": {"journeys": [], "unknown": {"portal": "not audited"}}})
    # compared with a known-issue baseline: Eastmarch's page shows known and new findings
    mark_known(results, Baseline("known.yaml", {"eastmarch": {fingerprint(f) for f in east["findings"][:2]}}))
    (run_dir / "results.json").write_text(json.dumps(results))
    render_report(run_dir, previous=FIXTURE)
    assert "Baseline: <strong>known</strong>" in (run_dir / "portals" / "eastmarch.html").read_text()
    render_trend([FIXTURE, run_dir], run_dir)
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(run_dir)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


# Table cells (and their labels) that a reader cannot see without scrolling sideways inside a region.
CELLS_OFF_SCREEN = """() => [...document.querySelectorAll('main table tbody th, main table tbody td')]
    .filter(c => c.textContent.trim())
    .filter(c => { const r = c.getBoundingClientRect();
                   return r.width === 0 || r.left < -1 || r.right > window.innerWidth + 1; })
    .map(c => c.textContent.trim().slice(0, 40))"""


async def _audit(base: str, widths: tuple[int, ...], shots: Path) -> dict[tuple[int, str], dict]:
    """Per width and page: axe violations, page width, cells off screen and whether the hostile payloads ran;
    a full-page screenshot of each page at each phone width goes to `shots`."""
    found = {}
    async with launch() as browser:
        for width in widths:
            context = await browser.new_context(viewport={"width": width, "height": 800})
            for path in PAGES:
                page = await context.new_page()
                await page.goto(base + path, wait_until="load", timeout=15_000)
                axe = await Axe().run(page)
                found[width, path] = {
                    "violations": [(v["id"], [n["target"] for n in v["nodes"]]) for v in axe.response["violations"]],
                    "scroll_width": await page.evaluate("document.documentElement.scrollWidth"),
                    "xss": await page.evaluate("window.__xss"),
                    "cells_off_screen": await page.evaluate(CELLS_OFF_SCREEN),
                }
                if width < 1280:
                    await page.screenshot(path=str(shots / f"{width}-{path.replace('/', '-')}.png"), full_page=True)
                await page.close()
            await context.close()
    return found


@pytest.fixture(scope="module")
def shots(tmp_path_factory):
    return tmp_path_factory.mktemp("screenshots")


@pytest.fixture(scope="module")
def audited(site, shots):
    return asyncio.run(asyncio.wait_for(_audit(site, (1280, 390, 320), shots), 300))


@pytest.mark.parametrize("width", [1280, 390, 320])
def test_pages_have_no_axe_violations_and_fit_the_screen(audited, width):
    for path in PAGES:
        found = audited[width, path]
        assert found["violations"] == [], (path, width)
        assert found["xss"] is None, path
        assert found["scroll_width"] <= width, (path, found["scroll_width"])


@pytest.mark.parametrize("width", [390, 320])
def test_on_a_phone_every_table_cell_is_on_screen(audited, shots, width):
    """Tables become stacked rows: every column's content is reachable without scrolling sideways."""
    for path in PAGES:
        assert audited[width, path]["cells_off_screen"] == [], (path, width)
        shot = shots / f"{width}-{path.replace('/', '-')}.png"
        assert shot.stat().st_size > 1000, shot


async def _sort_and_read(base: str) -> dict:
    async with launch() as browser:
        page = await browser.new_page(viewport={"width": 1280, "height": 800})
        await page.goto(base + "index.html", wait_until="load", timeout=15_000)
        names = page.locator("table.scores tbody th")
        title_text = await page.locator("table.scores tbody tr:nth-child(2) th").inner_text()
        before = await names.all_inner_texts()
        score_header = page.locator("table.scores thead th", has_text="Score")
        await score_header.get_by_role("button").click()
        ascending = (await names.all_inner_texts(), await score_header.get_attribute("aria-sort"))
        await score_header.get_by_role("button").click()
        descending = (await names.all_inner_texts(), await score_header.get_attribute("aria-sort"))
        rank_sort = await page.locator("table.scores thead th").first.get_attribute("aria-sort")
        xss = await page.evaluate("window.__xss")
        return {"before": before, "ascending": ascending, "descending": descending,
                "rank_sort": rank_sort, "title_text": title_text, "xss": xss}


def test_sorting_by_clicking_a_header_and_hostile_title_shown_as_text(site):
    found = asyncio.run(asyncio.wait_for(_sort_and_read(site), 60))
    first = [n.split()[0] for n in found["before"]]
    assert first == ["Northshire", "Eastmarch", "Westvale"]
    assert [n.split()[0] for n in found["ascending"][0]] == ["Westvale", "Eastmarch", "Northshire"]
    assert found["ascending"][1] == "ascending"
    assert [n.split()[0] for n in found["descending"][0]] == first
    assert found["descending"][1] == "descending"
    assert found["rank_sort"] is None                  # only one column is sorted at a time
    assert "<script>window.__xss=1</script>" in found["title_text"]
    assert found["xss"] is None
