"""Scripted and built-in journeys in real Chromium against the sample portals."""
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from auditor import pipeline
from auditor.config import parse_config
from model.journeys import FIRST_RESULT_JOURNEY, SEARCH_JOURNEY
from auditor.samples.server import serve_samples
from auditor.store import PortalStore
from auditor.cli import evaluate_run
from auditor.politeness import HostBudget
from auditor.store import url_key
from model.urls import dedupe_key
from checks.journey_checks import first_result, journeys_complete, keyword_search
from reports.render import render_report
from tests.conftest import FAST, crawl
from tests.test_reproducible_browser import first_difference, without_times

pytestmark = pytest.mark.browser
QUICK = {**FAST, "max_pages": 6, "documents": False, "probes": False}


def config_for(portal, **extra):
    return parse_config({"portals": [{"name": portal.name, "url": portal.url, "slug": portal.slug, **QUICK, **extra}]},
                        Path("<tests>"))


def test_a_broken_journey_fails_clearly_while_the_rest_of_the_run_completes(tmp_path):
    journeys = [
        {"name": "Wrong selector", "steps": [{"goto": "/opportunities"},
                                             {"click": {"css": "a.no-such-notice"}, "timeout": 2},
                                             {"audit": "here"}]},
        {"name": "Sign in without permission", "steps": [
            {"goto": "/login"}, {"fill": {"label": "Username", "value": "someone"}},
            {"click": {"role": "button", "name": "Log in"}}]},
        {"name": "Open a notice", "steps": [
            {"goto": "/opportunities"}, {"click": {"role": "link", "name": "Office cleaning services"}},
            {"wait_for": {"url": "/tender/notice/"}}, {"expect": {"text": "Response deadline"}}, {"audit": "here"}]},
    ]
    with serve_samples(["walled-portal"]) as portals:
        portal = portals["walled-portal"]
        [config] = config_for(portal, journeys=journeys)
        outcome = crawl([config], tmp_path)
        posted = [path for method, path, _ in portal.requests if method == "POST"]
    assert outcome.failed == {} and outcome.summaries[portal.slug].pages == 6
    store = PortalStore(tmp_path, portal.slug)
    records = {r["name"]: r for r in store.journeys()}

    wrong = records["Wrong selector"]
    assert not wrong["ok"] and wrong["steps"] == 1 and wrong["steps_total"] == 3
    failed = wrong["failed_step"]
    assert failed["index"] == 1 and "a.no-such-notice" in failed["step"] and "a.no-such-notice" in failed["expected"]
    assert failed["url"].endswith("/opportunities") and "Timeout" in failed["error"]
    assert (tmp_path / failed["screenshot"]).stat().st_size > 1000

    refused = records["Sign in without permission"]
    assert not refused["ok"] and refused["failed_step"]["index"] == 2
    assert "refused" in refused["failed_step"]["error"] and "submit_forms" in refused["failed_step"]["error"]
    assert posted == []                     # the form was never sent

    ok = records["Open a notice"]
    assert ok["ok"] and ok["clicks"] == 1 and ok["pages"][-1].endswith("/tender/notice/EM-0874")
    journey_pages = [p for p in store.pages() if p.journey == "Open a notice"]
    # the listing the crawl gathered is reused, not audited again; `audit: here` gathers the notice
    # as the steps left it
    assert [url for url in ok["reused"] if url.endswith("/opportunities")]
    assert {p.page_type.type for p in journey_pages} == {"notice"}
    assert all(p.axe and p.axe.version for p in journey_pages)

    portal_artifacts = store.load()
    out = journeys_complete(portal_artifacts)
    assert out.score == pytest.approx(1 / 3) and len(out.findings) == 2

    evaluate_run(tmp_path)                  # the scorecard shows which step failed, where, and its screenshot
    page = BeautifulSoup((render_report(tmp_path).parent / "portals" / f"{portal.slug}.html").read_text(), "html.parser")
    section = page.find("section", attrs={"aria-labelledby": "journeys"})
    rows = {row.th.get_text(" ", strip=True): [td.get_text(" ", strip=True) for td in row.find_all("td")]
            for row in section.tbody.find_all("tr")}
    assert rows["Open a notice (configured)"][0] == "completed"
    assert rows["Open a notice (configured)"][1].startswith(f"{ok['steps']} steps, 1 click, 0 keystrokes, ")
    assert rows["Wrong selector (configured)"][0] == "failed"
    text = section.get_text(" ", strip=True)
    assert "stopped at step 2 (click" in text and "a.no-such-notice" in text
    assert section.find("a", href="../" + failed["screenshot"]) is not None


def test_builtin_journeys_run_when_none_are_configured(tmp_path):
    with serve_samples(["walled-portal", "open-portal"]) as portals:
        configs = [c for p in portals.values() for c in config_for(p, max_pages=20)]
        outcome = crawl(configs, tmp_path)
        open_requests = [path for _, path, _ in portals["open-portal"].requests]
    assert outcome.failed == {}

    walled = PortalStore(tmp_path, "walled-portal").load()
    records = {r["name"]: r for r in walled.journeys}
    assert records[SEARCH_JOURNEY]["builtin"] and "not part of a form" in records[SEARCH_JOURNEY]["not_possible"]
    assert keyword_search(walled).score is None
    assert records[FIRST_RESULT_JOURNEY]["ok"] and first_result(walled).score == 1.0

    opened = PortalStore(tmp_path, "open-portal").load()
    records = {r["name"]: r for r in opened.journeys}
    # the open portal's robots.txt disallows /search?: the search is not tried, not counted against it
    search = records[SEARCH_JOURNEY]
    assert "not tried" in search["not_tried"] and "robots.txt" in search["not_tried"]
    assert search["failed_step"] is None and not search["not_possible"]
    assert keyword_search(opened).score is None and "not tried" in keyword_search(opened).value
    assert not any(path.startswith("/search?") for path in open_requests)
    assert first_result(opened).score == 1.0


def test_a_search_form_is_submitted_without_submit_forms(tmp_path):
    journey = {"name": "Search for roads", "steps": [
        {"goto": "/"}, {"fill": {"role": "searchbox", "name": "Search opportunities", "value": "roads"}},
        {"press": "Enter"}, {"wait_for": {"url": "q=roads"}}, {"expect": {"text": "Search results"}}]}
    with serve_samples(["open-portal"]) as portals:
        portal = portals["open-portal"]
        [config] = config_for(portal, journeys=[journey], obey_robots=False, max_pages=1)
        crawl([config], tmp_path)
    [record] = PortalStore(tmp_path, portal.slug).journeys()
    assert record["ok"] and record["keystrokes"] == len("roads") + 1
    assert record["pages"][-1].endswith("/search?q=roads")


def test_a_configured_step_robots_txt_refuses_is_not_tried_with_no_error_page_screenshot(tmp_path):
    journey = {"name": "Search for catering", "steps": [{"goto": "/"}, {"goto": "/search?q=catering"},
                                                         {"audit": "here"}]}
    with serve_samples(["open-portal"]) as portals:
        portal = portals["open-portal"]
        [config] = config_for(portal, journeys=[journey])
        outcome = crawl([config], tmp_path)
        requested = [path for _, path, _ in portal.requests]
    assert outcome.failed == {}
    assert not any(path.startswith("/search?") for path in requested)
    [record] = PortalStore(tmp_path, portal.slug).journeys()
    assert not record["ok"] and record["failed_step"] is None
    assert record["not_tried"].startswith('step 2 (goto: "/search?q=catering") was not tried')
    assert "robots.txt" in record["not_tried"]
    assert not list((tmp_path / "artifacts" / portal.slug / "screenshots").glob("journey-*failed*"))
    opened = PortalStore(tmp_path, portal.slug).load()
    assert journeys_complete(opened).score is None and not journeys_complete(opened).findings
    [result] = evaluate_run(tmp_path)["portals"]
    assert not [f for f in result["findings"] if f["check"] == "journeys-complete"]
    page = (render_report(tmp_path).parent / "portals" / f"{portal.slug}.html").read_text()
    assert "not tried" in page and "Screenshot of the failed step" not in page


def test_journeys_reuse_the_pages_the_crawl_gathered(tmp_path):
    """No second axe run, probe or screenshot for a page the crawl recorded: the journeys land on
    the listing and a notice the crawl has, and the checks read the crawl's artifacts of them."""
    with serve_samples(["notice-service"]) as portals:
        [config] = config_for(portals["notice-service"], max_pages=20)
        assert crawl([config], tmp_path).failed == {}
    store = PortalStore(tmp_path, "notice-service")
    crawled = {dedupe_key(u) for p in store.pages() if p.journey is None and not p.error for u in (p.url, p.final_url)}
    records = {r["name"]: r for r in store.journeys()}
    assert records[SEARCH_JOURNEY]["ok"] and records[FIRST_RESULT_JOURNEY]["ok"]
    for record in records.values():
        assert record["reused"] and {dedupe_key(u) for u in record["reused"]} <= crawled
        assert record["pages"][0] in record["reused"]           # the listing page they start from
    journey_pages = [p for p in store.pages() if p.journey is not None]
    assert not [p.url for p in journey_pages if dedupe_key(p.url) in crawled]
    assert journey_pages and all(p.axe and p.axe.version for p in journey_pages)   # the search results: new
    shots = {f.name for f in store.screenshots.glob("journey-*")}
    assert not [u for r in records.values() for u in r["reused"]
                if any(name.endswith(f"-page-{url_key(u)}.jpg") for name in shots)]
    portal = store.load()
    assert keyword_search(portal).score == 1.0 and first_result(portal).score == 1.0


def test_journeys_run_alongside_document_probes_within_the_host_budget_with_the_same_results(tmp_path, monkeypatch):
    """The journeys start once the pages are gathered, while the documents are probed: one per-host
    budget paces both (no two turns on a host closer than its interval), and the results are those
    of running the journeys after the document probes."""
    rate = 5.0
    turns: list[tuple[str, str, float]] = []
    wait = HostBudget.wait

    async def granted(self, url, portal, rate_, deadline):
        now = time.monotonic()
        turns.append((urlsplit(url).netloc, url, max(now, self._next.get(urlsplit(url).netloc.lower(), now))))
        await wait(self, url, portal, rate_, deadline)

    monkeypatch.setattr(HostBudget, "wait", granted)
    crawl_portal = pipeline.crawl_portal

    async def one_after_the_other(*args, alongside_documents, **kwargs):
        summary = await crawl_portal(*args, **kwargs)
        await alongside_documents()
        return summary

    runs = []
    with serve_samples(["open-portal"]) as portals:
        [config] = config_for(portals["open-portal"], max_pages=20, documents=True, rate=rate)
        for name in ("alongside", "after"):
            if name == "after":
                monkeypatch.setattr(pipeline, "crawl_portal", one_after_the_other)
            assert crawl([config], tmp_path / name).failed == {}
            runs.append(without_times(evaluate_run(tmp_path / name)))
            if name == "alongside":
                concurrent = list(turns)
    host = urlsplit(config.url).netloc
    times = sorted(t for h, _, t in concurrent if h == host)
    assert min(b - a for a, b in zip(times, times[1:])) >= 1 / rate - 0.002
    documents = [t for h, url, t in concurrent if h == host and url.endswith((".pdf", ".docx"))]
    pages = [t for h, url, t in concurrent if h == host and not url.endswith((".pdf", ".docx", "/robots.txt"))]
    assert documents and [t for t in pages if min(documents) < t < max(documents)]   # journeys' page loads among them
    alongside, after = runs
    for run in runs:   # phase times differ by construction: "after" runs its journeys outside the timed crawl
        run["portals"][0]["crawl"].pop("phases")
    assert alongside["portals"][0]["metrics"]["documents"]["count"] == 6
    assert first_difference(alongside, after) is None
