"""End to end on real Chromium: crawl the sample archetypes, evaluate, compare with truth.json.

One module-scoped crawl keeps this to a few minutes. Where truth.json describes what the
files contain but an anonymous crawl cannot see it (documents behind a login), the assertion
says so explicitly instead of bending the metric.
"""
from __future__ import annotations

import asyncio
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from model.classify import classify_page
from auditor.browser import launch
from auditor.config import parse_config
from auditor.journeys.runner import run_journeys
from auditor.policy import RunPolicy
from auditor.pipeline import gather
from auditor.progress import Progress
from auditor.samples.server import serve_samples
from auditor.store import PortalStore, load_run
from model.urls import dedupe_key
from auditor.cli import evaluate_run
from model.linkgraph import LinkGraph

# a whole crawl of the sample portals: more than the default 300 s on a loaded 2-core machine
pytestmark = [pytest.mark.browser, pytest.mark.timeout(600)]
ARCHETYPES = ["open-portal", "walled-portal", "legacy-portal", "spa-portal",
              "vendor-host", "legacy-walled", "webforms-portal", "notice-service"]
# The legacy portal's "form of tender" is an RTF file named .doc; the prober reports what the
# bytes are (rtf) while truth.json lists the extension (doc).
FORMAT_BY_CONTENT = {("legacy-portal", "doc"): "rtf"}


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    out = tmp_path_factory.mktemp("samples-run")
    with serve_samples(ARCHETYPES) as portals:
        config = parse_config({"portals": [{"name": p.name, "url": p.url, "slug": p.slug, "rate": 50,
                                            "concurrency": 2, "max_pages": 60} for p in portals.values()]},
                              Path("samples.yaml"))
        asyncio.run(gather(config, out, Progress(quiet=True)))
        truths = {slug: p.truth for slug, p in portals.items()}
        hosts = {slug: {**p.hosts, "portal": _origin(p.url)} for slug, p in portals.items()}
    results = evaluate_run(out)
    for portal in results["portals"]:
        portal["hosts"] = hosts[portal["slug"]]
    return {"results": {p["slug"]: p for p in results["portals"]},
            "artifacts": {p.slug: p for p in load_run(out)}, "truth": truths}


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _url(portal: dict, path: str | None) -> str | None:
    """A truth path as a URL: on the portal, or on a companion host named as {{host:name}}."""
    if path is None:
        return None
    if match := re.match(r"\{\{host:([a-z0-9-]+)\}\}", path):
        return portal["hosts"][match.group(1)] + path[match.end():]
    return portal["hosts"]["portal"] + path


@pytest.fixture(params=ARCHETYPES)
def case(request, run):
    slug = request.param
    return slug, run["results"][slug], run["truth"][slug], run["artifacts"][slug]


def test_clicks_walls_and_counts(case):
    slug, portal, truth, _ = case
    m = portal["metrics"]
    for key in ("clicks_to_notice", "clicks_to_documents", "notices_found", "notice_requires_login",
                "documents_require_login"):
        assert m[key] == truth[key], (slug, key)


def test_documents(case):
    slug, portal, truth, _ = case
    docs, expected = portal["metrics"]["documents"], truth["documents"]
    formats = {FORMAT_BY_CONTENT.get((slug, f), f): n for f, n in expected["formats"].items()}
    assert docs["count"] == expected["count"]
    assert docs["formats"] == formats
    assert docs["zip_bundles"] == expected["zip_bundles"]
    assert docs["behind_login"] == expected["behind_login"]
    if expected["count"] and expected["behind_login"] == expected["count"]:
        # Nothing behind the wall can be opened anonymously: its PDFs are counted as uninspected.
        assert docs["pdf_tagged"] == docs["pdf_untagged"] == docs["pdf_scanned"] == 0
        assert docs["pdf_uninspected"] == expected["formats"].get("pdf", 0)
        assert docs["total_bytes"] == 0
    elif expected["count"]:
        for key in ("pdf_tagged", "pdf_untagged", "pdf_scanned"):
            assert docs[key] == expected[key], (slug, key)
        assert docs["pdf_uninspected"] == 0 and docs["total_bytes"] > 0
    else:
        assert docs["total_bytes"] == 0


def test_document_access_verdicts_with_their_url_chains(case):
    """Every notice's verdict and the URLs that show it; a chain step ending in * is a prefix
    (a return address that carries the portal's port)."""
    slug, portal, truth, _ = case
    access, expected = portal["metrics"]["documents_access"], truth["documents_access"]
    assert access["verdict"] == expected["verdict"], (slug, access["reason"])
    measured = {n["notice"]: n for n in access["notices"]}
    assert set(measured) == {_url(portal, path) for path in expected["notices"]}, slug
    for path, want in expected["notices"].items():
        notice = measured[_url(portal, path)]
        assert notice["verdict"] == want["verdict"], (slug, path, notice["evidence"])
        assert len(notice["chain"]) == len(want["chain"]), (slug, path, notice["chain"])
        for url, step in zip(notice["chain"], want["chain"]):
            if step.endswith("*"):
                assert url.startswith(_url(portal, step[:-1])), (slug, path, url)
            else:
                assert url == _url(portal, step), (slug, path, url)
        assert notice["evidence"], (slug, path)


def test_registration(case):
    slug, portal, truth, _ = case
    reg, expected = portal["metrics"]["registration"], truth["registration"]
    assert reg["found"] == expected["found"]
    assert reg["url"] == _url(portal, expected["path"])
    for key in ("fields", "required_fields", "captcha"):
        assert reg[key] == expected[key], (slug, key)


def test_statement_and_open_data(case):
    slug, portal, truth, _ = case
    statement, expected = portal["metrics"]["accessibility_statement"], truth["accessibility_statement"]
    assert statement["found"] == expected["found"]
    assert statement["url"] == _url(portal, expected["path"])
    assert (statement["status"], statement["date"]) == (expected["status"], expected["date"])
    data = portal["metrics"]["open_data"]
    assert data["found"] == truth["open_data"]["found"]
    assert data["urls"] == sorted(_url(portal, p) for p in truth["open_data"]["paths"])


def test_page_types_and_depths(case):
    slug, portal, truth, artifacts = case
    pages = {dedupe_key(p.url): p for p in artifacts.pages}
    depths = LinkGraph.build(artifacts).depths(artifacts.start_url)
    for expected in truth["pages"]:
        key = dedupe_key(_url(portal, expected["path"]))
        assert key in pages, (slug, expected["path"], "not gathered")
        kind = classify_page(pages[key], artifacts.start_url, artifacts.overrides)
        assert (kind.type, depths.get(key)) == (expected["type"], expected["depth"]), (slug, expected, kind.evidence)


def test_friction_checks_agree_with_truth(case):
    slug, portal, truth, _ = case
    checks = {c["id"]: c for c in portal["checks"]}
    if "clicks-to-notice" not in checks:
        pytest.skip("friction checks are not in the catalogue yet")
    assert checks["clicks-to-notice"]["value"]["clicks"] == truth["clicks_to_notice"]
    verdicts = [n["verdict"] for n in truth["documents_access"]["notices"].values()]
    settled = [v for v in verdicts if v != "unknown"]
    gated = [v for v in settled if v != "open"]
    score = checks["documents-open-access"]["score"]
    assert score == (pytest.approx(1 - len(gated) / len(settled), abs=1e-4) if settled else None)
    assert (checks["registration-burden"]["score"] is None) == (not truth["registration"]["found"])
    assert (checks["statement-published"]["score"] > 0) == truth["accessibility_statement"]["found"]
    assert (checks["open-data-feed"]["score"] == 1.0) == truth["open_data"]["found"]
    walled = [f for f in portal["findings"] if f["check"] == "documents-open-access"]
    assert len(walled) == len(gated)


def test_the_built_in_search_journeys_complete_on_the_notice_service(run):
    journeys = {j["name"]: j for j in run["results"]["notice-service"]["metrics"]["journeys"]}
    assert journeys and all(j["ok"] for j in journeys.values()), journeys


def test_the_example_keyword_search_journey_completes_on_the_notice_service(tmp_path):
    """The README's and examples/journeys.yaml's search journey works against a bundled sample."""
    example = yaml.safe_load((Path(__file__).parent.parent / "examples" / "journeys.yaml").read_text())
    journey = next(j for j in example["portals"][0]["journeys"] if j["name"] == "Keyword search to a notice")
    with serve_samples(["notice-service"]) as portals:
        portal = portals["notice-service"]
        [config] = parse_config({"portals": [{"name": portal.name, "url": portal.url, "slug": portal.slug,
                                              "rate": 50, "journeys": [journey]}]}, Path("<tests>"))

        async def go():
            async with launch() as browser, RunPolicy([config]) as run, await run.portal(config) as policy:
                return await run_journeys(browser, config, PortalStore(tmp_path, config.slug), policy)

        [record] = asyncio.run(go())
    assert record.ok, record.failed_step
