"""End to end on real Chromium: crawl the four demo archetypes, evaluate, compare with truth.json.

One module-scoped crawl keeps this to a couple of minutes. Where truth.json describes what the
files contain but an anonymous crawl cannot see it (documents behind a login), the assertion
says so explicitly instead of bending the metric.
"""
from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from auditor.classify import classify_page
from auditor.config import parse_config
from auditor.pipeline import gather
from auditor.progress import Progress
from auditor.samples.server import serve_samples
from auditor.store import load_run
from auditor.urls import dedupe_key
from checks.evaluate import evaluate_run
from checks.metrics import LinkGraph

pytestmark = pytest.mark.browser
ARCHETYPES = ["open-portal", "walled-portal", "legacy-portal", "spa-portal"]
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
    results = evaluate_run(out)
    return {"results": {p["slug"]: p for p in results["portals"]},
            "artifacts": {p.slug: p for p in load_run(out)}, "truth": truths}


def _url(portal: dict, path: str | None) -> str | None:
    return None if path is None else portal["start_url"].rstrip("/") + path


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
    if truth["documents_require_login"]:
        # Nothing behind the wall can be opened anonymously: its PDFs are counted as uninspected.
        assert docs["pdf_tagged"] == docs["pdf_untagged"] == docs["pdf_scanned"] == 0
        assert docs["pdf_uninspected"] == expected["formats"].get("pdf", 0)
        assert docs["behind_login"] == expected["count"] and docs["total_bytes"] == 0
    else:
        for key in ("pdf_tagged", "pdf_untagged", "pdf_scanned"):
            assert docs[key] == expected[key], (slug, key)
        assert docs["pdf_uninspected"] == 0 and docs["total_bytes"] > 0


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
    assert (checks["documents-open-access"]["score"] == 0.0) == truth["documents_require_login"]
    assert (checks["registration-burden"]["score"] is None) == (not truth["registration"]["found"])
    assert (checks["statement-published"]["score"] > 0) == truth["accessibility_statement"]["found"]
    assert (checks["open-data-feed"]["score"] == 1.0) == truth["open_data"]["found"]
    walled = [f for f in portal["findings"] if f["check"] == "documents-open-access"]
    assert len(walled) == (truth["documents"]["count"] if truth["documents_require_login"] else 0)
