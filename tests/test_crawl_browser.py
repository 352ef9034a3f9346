"""The crawler in real Chromium against the faults portal: every hazard at a known place."""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from auditor.samples.server import serve_samples
from auditor.store import PortalStore
from model.urls import dedupe_key
from auditor.cli import evaluate_run
from model.linkgraph import LinkGraph
from tests.conftest import configs_for, crawl

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def faults(tmp_path_factory):
    out = tmp_path_factory.mktemp("faults-run")
    with serve_samples(["faults-portal"]) as portals:
        portal = portals["faults-portal"]
        configs = configs_for(portals, max_pages=150, max_depth=30, max_per_pattern=10, notice_sample=20,
                              probes=False)
        outcome = crawl(configs, out)
        requests = portal.requested_paths()
    artifacts = PortalStore(out, "faults-portal").load()
    return portal, outcome, artifacts, requests, out


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def by_path(artifacts):
    return {path_of(p.url): p for p in artifacts.pages}


def test_every_reachable_page_is_found_at_its_click_depth(faults):
    portal, _, artifacts, _, _ = faults
    depths = LinkGraph.build(artifacts).depths(artifacts.start_url)
    base = portal.url.rstrip("/")
    for expected in portal.truth["pages"]:
        assert depths.get(dedupe_key(base + expected["path"])) == expected["depth"], expected["path"]
        assert expected["path"] in by_path(artifacts) or expected["path"].rstrip("/") in by_path(artifacts)


def test_planted_axe_faults_are_found_and_clean_page_is_clean(faults):
    portal, _, artifacts, _, _ = faults
    pages = by_path(artifacts)
    for path, rules in portal.truth["axe_rules"].items():
        found = {v.id for v in pages[path].axe.violations}
        assert set(rules) <= found, (path, found)
    for path in portal.truth["axe_clean"]:
        assert pages[path].axe.violations == []


def test_robots_disallowed_paths_are_never_requested(faults):
    portal, outcome, _, requests, _ = faults
    for path in portal.truth["robots_disallowed"]:
        assert not any(r.startswith(path) for r in requests), path
    assert outcome.summaries["faults-portal"].blocked_by_robots >= 1


def test_calendar_trap_is_bounded_and_reported(faults):
    _, outcome, _, requests, _ = faults
    calendar = [r for r in requests if r.startswith("/events")]
    assert 1 <= len(calendar) <= 1 + 10        # the calendar's own page, then max_per_pattern months
    summary = outcome.summaries["faults-portal"]
    assert summary.skipped.get("trap: too many URLs of one pattern", 0) >= 1
    assert any("/events" in url for url in summary.trap_evidence)
    assert summary.stopped_because == "frontier exhausted"


def test_duplicates_collapse_to_one_page(faults):
    _, _, artifacts, _, _ = faults
    keys = [dedupe_key(p.url) for p in artifacts.pages]
    assert len(keys) == len(set(keys))
    assert not [p.url for p in artifacts.pages if "utm_" in p.url or "jsessionid" in p.url.lower()]


def test_broken_pages_are_recorded_and_the_crawl_goes_on(faults):
    portal, outcome, artifacts, _, _ = faults
    pages = by_path(artifacts)
    for path, status in portal.truth["error_pages"].items():
        assert pages[path].status == status and pages[path].error == f"HTTP {status}"
    loop = pages[portal.truth["traps"]["redirect_loop"][0]]
    assert loop.error and "REDIRECT" in loop.error.upper()
    assert pages["/slow.html"].status == 200 and pages["/slow.html"].title
    assert pages["/chain/c.html"].status == 200
    redirected = [p for p in artifacts.pages if p.redirects]
    assert any(path_of(p.final_url) == "/clean.html" for p in redirected) or "/old-page" not in pages


def test_only_http_links_in_scope_are_followed(faults):
    _, outcome, artifacts, _, _ = faults
    assert all(urlsplit(p.url).hostname == "127.0.0.1" for p in artifacts.pages)
    skipped = outcome.summaries["faults-portal"].skipped
    assert skipped["javascript link"] >= 1 and skipped["mailto link"] >= 1 and skipped["external link"] >= 1


def test_page_artifact_records_what_the_design_names(faults):
    portal, _, artifacts, _, out = faults
    page = by_path(artifacts)["/fault/title-markup.html"]
    assert page.title == portal.truth["title_markup"]["title"]
    assert page.final_url and page.status == 200 and page.fetched_at and page.elapsed_ms >= 0
    assert page.links and page.lang
    assert page.axe.version.startswith("4.")
    assert (out / page.screenshot).stat().st_size > 1000
    login = by_path(artifacts)["/login"]
    assert login.forms and any(f.type == "password" for f in login.forms[0].fields)


def test_documents_are_recorded_not_rendered(faults):
    portal, _, artifacts, requests, _ = faults
    docs = {path_of(d.url): d for d in artifacts.documents}
    for path in portal.truth["documents"]["paths"]:
        assert docs[path].format == "pdf" and docs[path].status == 200
    assert not any(path_of(p.url).endswith(".pdf") for p in artifacts.pages)


def test_document_access_matches_truth(faults):
    portal, _, _, _, out = faults
    [result] = evaluate_run(out)["portals"]
    access, expected = result["metrics"]["documents_access"], portal.truth["documents_access"]
    base = portal.url.rstrip("/")
    assert access["verdict"] == expected["verdict"]
    assert {n["notice"]: (n["verdict"], n["chain"]) for n in access["notices"]} == {
        base + path: (want["verdict"], [base + step for step in want["chain"]]) for path, want in expected["notices"].items()}
    # documents opened from one notice; the other notices link none: measured, so false, not null
    assert result["metrics"]["documents_require_login"] is False


def test_results_follow_the_contract(faults):
    _, _, _, _, out = faults
    results = evaluate_run(out)
    assert results["schema"] == "tender-audit/results@1"
    assert set(results["tool"]) >= {"name", "version", "axe_version"} and results["tool"]["axe_version"]
    assert set(results["run"]) >= {"started", "finished"}
    [portal] = results["portals"]
    assert set(portal) >= {"name", "slug", "start_url", "crawl", "score", "grade", "categories", "metrics",
                           "checks", "findings"}
    assert set(portal["crawl"]) >= {"pages", "errors", "blocked_by_robots", "stopped_because"}
    assert set(portal["metrics"]) >= {"clicks_to_notice", "clicks_to_documents", "notices_found",
                                      "notice_requires_login", "documents_require_login", "documents_access",
                                      "documents",
                                      "registration", "accessibility_statement", "open_data", "axe"}
    assert set(portal["metrics"]["documents"]) >= {"count", "per_notice", "formats", "total_bytes", "zip_bundles",
                                                   "pdf_tagged", "pdf_untagged"}
    assert set(portal["metrics"]["axe"]["violations"]) == {"critical", "serious", "moderate", "minor"}
    assert 0 <= portal["score"] <= 100 and portal["grade"] in "ABCDE"
    finding = next(f for f in portal["findings"] if f["check"] == "axe:image-alt")
    assert finding["wcag"] == ["1.1.1"] and finding["selector"] and finding["impact"] == "critical"
    for check in portal["checks"]:
        assert set(check) >= {"id", "category", "title", "score", "value", "wcag", "evidence"}


def test_page_budget_ends_the_crawl(tmp_path):
    with serve_samples(["faults-portal"]) as portals:
        outcome = crawl(configs_for(portals, max_pages=5, probes=False), tmp_path)
    summary = outcome.summaries["faults-portal"]
    assert summary.pages == 5 and summary.stopped_because == "max_pages"
    crawled = [p for p in PortalStore(tmp_path, "faults-portal").pages() if p.journey is None]
    assert len(crawled) == 5


def test_time_budget_ends_the_crawl(tmp_path):
    # no wait for a turn runs past the budget: 5 s at one request a second is robots.txt and at
    # most five pages, and room for the first page however slowly a loaded machine opens its tab
    with serve_samples(["faults-portal"]) as portals:
        outcome = crawl(configs_for(portals, time_budget=5, concurrency=1, rate=1, probes=False), tmp_path)
    summary = outcome.summaries["faults-portal"]
    assert summary.stopped_because == "time_budget" and 1 <= summary.pages <= 5
