"""The benchmark's measuring stick: the generated council portal and the run's own phase times."""
from __future__ import annotations

import json
import re
import time
from collections import deque
from urllib.parse import urljoin, urlsplit

import httpx
import pytest

from auditor.config import DEFAULTS
from auditor.phases import Stopwatch, phase, record_run_phases
from auditor.samples.council import CouncilSite, serve_council

HREF = re.compile(r'href="([^"]+)"')


def reachable(site: CouncilSite) -> tuple[dict[str, int], set[str]]:
    """(HTML pages with their click depths, other files) reached by following every link from the home page."""
    pages: dict[str, int] = {}
    files: set[str] = set()
    todo = deque([("/", 0)])
    seen = {"/"}
    while todo:
        target, depth = todo.popleft()
        found = site.respond(target)
        assert found is not None, f"broken link to {target}"
        if not found.content_type.startswith("text/html"):
            files.add(target)
            continue
        pages[target] = depth
        for href in HREF.findall(found.body.decode()):
            parts = urlsplit(urljoin("http://portal" + target, href.replace("&amp;", "&")))
            link = parts.path + (f"?{parts.query}" if parts.query else "")
            if parts.scheme == "http" and "#" not in href and link not in seen:      # not mailto: or #main
                seen.add(link)
                todo.append((link, depth + 1))
    return pages, files


@pytest.mark.parametrize("size", [19, 30, 300, 2000])
def test_the_council_portal_has_exactly_the_pages_asked_for_over_twelve_templates(size):
    site = CouncilSite(size)
    pages, files = reachable(site)
    templates = site.templates()
    assert len(templates) == 12 and all(templates.values())
    assert len(pages) == size == site.truth()["page_count"]
    assert set(pages) == {path for paths in templates.values() for path in paths}
    assert max(pages.values()) < DEFAULTS["max_depth"]      # a crawl with the default depth reaches every page
    assert files == set(site.document_paths()) and len(files) == 3 * site.notices + 1
    assert site.listings > 1 if size >= 300 else site.listings == 1


def test_the_council_portal_refuses_to_be_smaller_than_its_templates():
    with pytest.raises(ValueError, match="at least 19 pages"):
        CouncilSite(18)


def test_the_council_portal_serves_real_documents_and_404s_on_loopback():
    with serve_council(30) as portal:
        with httpx.Client(base_url=portal.url, trust_env=False) as client:
            kinds = {path.rpartition(".")[2]: client.get(path) for path in CouncilSite(30).document_paths()}
            missing = [client.get(path).status_code for path in
                       ("/tenders/BBC-0999", "/documents/BBC-0001/other.pdf", "/calendar?month=2031-01", "/nope")]
            search = client.get("/search", params={"q": "catering"}).text
    assert urlsplit(portal.url).hostname == "127.0.0.1"
    assert kinds["pdf"].content.startswith(b"%PDF-") and kinds["pdf"].headers["content-type"] == "application/pdf"
    assert kinds["zip"].content.startswith(b"PK") and kinds["docx"].content.startswith(b"PK")
    assert kinds["csv"].text.startswith("reference,title") and kinds["csv"].text.count("\n") == 1 + 7
    assert missing == [404] * 4
    assert 'href="/tenders/BBC-0001">School catering lot 1</a>' in search and "1 results found" in search


def test_a_phase_is_timed_into_its_record_also_when_it_fails():
    phases: dict = {}
    with phase(phases, "pages"):
        time.sleep(0.05)
    with pytest.raises(RuntimeError), phase(phases, "documents"):
        raise RuntimeError("a failing phase still took its time")
    assert set(phases) == {"pages", "documents"}
    assert 0.05 <= phases["pages"]["seconds"] < 30 and phases["documents"]["seconds"] >= 0
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", phases["pages"]["started"])


def test_run_phases_are_added_to_run_json_keeping_what_it_says(tmp_path):
    (tmp_path / "run.json").write_text(json.dumps({"started": "2026-01-01T00:00:00+00:00",
                                                   "phases": {"launch": {"seconds": 9.0}}}))
    watch = Stopwatch()
    record_run_phases(tmp_path, {"launch": watch.record()})
    record_run_phases(tmp_path, {"evaluate": {"started": watch.started, "seconds": 1.5}})
    run = json.loads((tmp_path / "run.json").read_text())
    assert run["started"] == "2026-01-01T00:00:00+00:00"
    assert set(run["phases"]) == {"launch", "evaluate"} and run["phases"]["launch"]["seconds"] < 9.0
