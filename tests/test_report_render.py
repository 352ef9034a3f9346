"""The rendered scorecard, read as HTML without a browser: files, ranking, escaping, unknowns, crops."""
import json
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from reports.render import render_report

FIXTURE = Path(__file__).parent / "fixtures" / "report_run"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> Path:
    run_dir = tmp_path_factory.mktemp("report") / "run"
    shutil.copytree(FIXTURE, run_dir)
    previous = run_dir.parent / "previous"
    previous.mkdir()
    old = json.loads((FIXTURE / "results.json").read_text())
    east = next(p for p in old["portals"] if p["slug"] == "eastmarch")
    east["score"], east["grade"] = 47.0, "D"
    east["findings"] = east["findings"][1:]   # the CAPTCHA label finding is new since then
    (previous / "results.json").write_text(json.dumps(old))
    assert render_report(run_dir, previous) == run_dir / "index.html"
    return run_dir


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_writes_every_page_asset_and_export(rendered):
    for name in ("index.html", "methodology.html", "assets/report.css", "assets/report.js",
                 "results.csv", "findings.csv", "portals/northshire.html", "portals/eastmarch.html",
                 "portals/westvale.html"):
        assert (rendered / name).is_file(), name


def test_pages_load_nothing_from_elsewhere(rendered):
    for page in [rendered / "index.html", rendered / "methodology.html", *rendered.glob("portals/*.html")]:
        doc = soup(page)
        assert doc.html["lang"] == "en"
        assert len(doc.find_all("h1")) == 1
        for tag in doc.find_all(["script", "link", "img"]):
            ref = tag.get("src") or tag.get("href") or ""
            assert not ref.startswith(("http:", "https:", "//")), (page, ref)


def test_overview_ranks_portals_by_score(rendered):
    doc = soup(rendered / "index.html")
    table = doc.find("table", class_="scores")
    assert table.caption.get_text(strip=True)
    rows = table.tbody.find_all("tr")
    assert [r.th.get_text(strip=True)[:10] for r in rows] == ["Northshire", "Eastmarch ", "Westvale L"]
    assert [r.find_all("td")[1].get_text(strip=True) for r in rows] == ["91.4", "41.6", "27.9"]
    assert all(th["scope"] == "col" for th in table.thead.find_all("th"))
    svg = doc.find("svg")
    assert svg["role"] == "img" and svg.find("title") and "Westvale Legacy Tenders: 27.9, grade E" in svg.desc.text


def test_unknown_metrics_render_as_unknown(rendered):
    facts = soup(rendered / "index.html").find("table", class_="facts")
    westvale = [r for r in facts.tbody.find_all("tr") if r.th.get_text(strip=True).startswith("Westvale")][0]
    headers = [th.get_text(strip=True) for th in facts.thead.find_all("th")]
    assert westvale.find_all("td")[headers.index("Open data") - 1].get_text(strip=True) == "unknown"
    page = soup(rendered / "portals" / "westvale.html")
    open_data = [d for d in page.find_all("dt") if d.get_text(strip=True) == "Open data"][0]
    assert open_data.find_next_sibling("dd").get_text(strip=True) == "unknown"


def test_hostile_text_is_escaped_everywhere(rendered):
    for page in [rendered / "index.html", rendered / "methodology.html", *rendered.glob("portals/*.html")]:
        html = page.read_text(encoding="utf-8")
        assert "<script>window.__xss" not in html, page
        assert "<img src=x" not in html, page
    east = soup(rendered / "portals" / "eastmarch.html")
    assert east.h1.get_text() == "Eastmarch eSourcing <script>window.__xss=1</script>"
    west = (rendered / "portals" / "westvale.html").read_text()
    assert "&#34;&gt;&lt;img src=x onerror=&#34;window.__xss=2&#34;&gt;" in west


def test_portal_page_has_summary_fix_list_and_crawl_facts(rendered):
    doc = soup(rendered / "portals" / "eastmarch.html")
    headings = [h.get_text(strip=True) for h in doc.find_all("h2")]
    assert headings == ["Contents", "What this portal asks of you", "Supplier journeys", "Scores by category",
                        "Since the last run", "Barriers by rule, site-wide", "For the portal's owner", "All checks",
                        "The crawl"]
    contents = doc.find("nav", attrs={"aria-labelledby": "contents"})
    targets = [a["href"] for a in contents.find_all("a")]
    assert all(doc.find(id=t[1:]) is not None for t in targets)
    assert "#fix-1" in targets and "#by-rule" in targets
    journeys = doc.find("section", attrs={"aria-labelledby": "journeys"})
    assert [[c.get_text(" ", strip=True) for c in row.find_all(["th", "td"])] for row in journeys.tbody.find_all("tr")] == [
        ["Keyword search from the listing page (built-in)", "failed", "2 steps, 0 clicks, 6 keystrokes, 10.4 s", "1"],
        ["Open the first result (built-in)", "completed", "2 steps, 1 click, 0 keystrokes, 1.9 s", "2"]]
    assert "stopped at step 3 (press: Enter): expected the key Enter on the search box" in journeys.get_text(" ")
    assert doc.find("p", class_="summary").get_text().startswith("Notices are open to everyone, but you must register")
    fixes = [s.h3.get_text(strip=True) for s in doc.find_all("section", class_="fix")]
    assert fixes[0].endswith("(axe rule label)")     # critical first
    contrast = [s for s in doc.find_all("section", class_="fix") if "axe rule color-contrast" in s.h3.text][0]
    assert contrast.find("a", href="https://www.w3.org/WAI/WCAG22/Understanding/contrast-minimum.html")
    assert contrast.find("details") is not None
    assert "login wall: 12" in doc.get_text()


def test_crops_cut_out_the_element_and_fall_back_when_they_cannot(rendered):
    doc = soup(rendered / "portals" / "eastmarch.html")
    label = [s for s in doc.find_all("section", class_="fix") if "axe rule label" in s.h3.text][0]
    img = label.find("img", class_="crop")
    assert "#captcha-input" in img["alt"]
    with Image.open(rendered / "portals" / img["src"]) as crop:
        assert crop.size == (160 + 32, 60 + 32)      # the element's box plus a 16 px margin
    contrast = [s for s in doc.find_all("section", class_="fix") if "axe rule color-contrast" in s.h3.text][0]
    items = contrast.find_all("li", recursive=True)
    missing = [li for li in items if "td.closing-date" in li.text][0]
    assert missing.find("img") is None              # its screenshot file does not exist
    assert "no crop: the page's screenshot is not in the run directory" in missing.text
    no_element = [s for s in doc.find_all("section", class_="fix") if "documents-open" in s.text][0]
    assert "no crop: no screenshot was taken of this page" in no_element.text


def test_since_the_last_run(rendered):
    overview = soup(rendered / "index.html")
    since = overview.find("h2", id="since").parent
    east = [r for r in since.tbody.find_all("tr") if r.th.text.startswith("Eastmarch")][0]
    assert [td.get_text(strip=True) for td in east.find_all("td")] == ["47.0 (D)", "41.6 (D)", "−5.4", "0", "1"]
    portal = soup(rendered / "portals" / "eastmarch.html")
    section = portal.find("h2", id="since").parent
    assert "0 findings fixed, 1 new" in " ".join(section.get_text().split())
    assert "#captcha-input" in section.find("details").get_text()


def test_methodology_lists_registry_checks_categories_grades_and_the_run(rendered):
    from checks.catalogue import all_checks
    doc = soup(rendered / "methodology.html")
    text = doc.get_text()
    for chk in all_checks():
        assert doc.find(id=f"check-{chk.meta.id}") is not None
        assert chk.meta.why in text
    assert "Share of page templates (URL patterns) whose audited pages are free of critical and serious" in text   # the docstring
    assert "85 or more" in text and "Open access" in text
    assert "clicks-to-notice" in text            # reported by the run, unknown to this registry
    [settings] = [dl for dl in doc.find_all("dl", class_="settings")      # readable rows, not a table of raw JSON
                  if dl.find_previous_sibling("h3").get_text().startswith("Eastmarch")]
    rows = {dt.get_text(strip=True): dt.find_next_sibling("dd").get_text(strip=True) for dt in settings.find_all("dt")}
    assert rows["max pages"] == "150"
    assert rows["rate"] == "0.5 requests a second per host" and rows["time budget"] == "900 s"
    assert "{" not in settings.get_text() and "[" not in settings.get_text()
    assert "4.10.2" in text


def test_sparse_results_render_without_crashing(tmp_path):
    """A portal that failed early has almost nothing: every page still renders, saying "unknown"."""
    results = {"schema": "tender-audit/results@1", "tool": {}, "run": {},
               "portals": [{"name": "Broken portal", "slug": "../broken", "score": None, "grade": None,
                            "metrics": {"axe": None, "documents": None, "future_metric": {"x": 1}},
                            "checks": [{"id": "brand-new-check", "category": "future", "title": "Something new",
                                        "score": 0.2, "value": None, "wcag": ["9.9.9"], "evidence": []}],
                            "findings": [{"check": "brand-new-check", "url": "javascript:void(0)",
                                          "selector": None, "impact": None, "wcag": [], "message": "x",
                                          "screenshot": "../../etc/passwd", "box": [0, 0, 10, 10]}]}]}
    (tmp_path / "results.json").write_text(json.dumps(results))
    render_report(tmp_path)
    page = soup(tmp_path / "portals" / "broken.html")
    assert page.h1.get_text() == "Broken portal"
    assert "unknown out of 100" in " ".join(page.get_text().split())
    assert page.find("a", href="javascript:void(0)") is None
    assert not (tmp_path / "crops").exists()        # a screenshot path outside the run is never read
    assert "Something new" in page.get_text()
    overview = soup(tmp_path / "index.html")
    assert [td.get_text(strip=True) for td in overview.find("table", class_="facts").tbody.find_all("td")] == \
        ["unknown"] * 9


def test_a_run_without_portals_renders(tmp_path):
    (tmp_path / "results.json").write_text(json.dumps({"portals": []}))
    index = render_report(tmp_path)
    assert "0 public procurement portals" in index.read_text()


def test_the_crawl_facts_say_what_the_request_policy_refused_and_slowed(tmp_path):
    run_dir = tmp_path / "run"
    shutil.copytree(FIXTURE, run_dir)
    results = json.loads((run_dir / "results.json").read_text())
    results["portals"][0]["crawl"]["policy"] = {
        "refused": {"non-public address": 3}, "refused_examples": {"non-public address": "http://10.0.0.5/pack.pdf"},
        "crawl_delay": {"requested": {"portal.example": 100000}, "cap": 30.0, "budget_allows_pages": 31},
        "shared_host": {"waits": 12, "seconds": 9.5, "with": ["Buyer B"]}}
    (run_dir / "results.json").write_text(json.dumps(results))
    render_report(run_dir)
    text = " ".join(soup(run_dir / "portals" / f"{results['portals'][0]['slug']}.html").get_text().split())
    assert "Requests refused (non-public address): 3, the first: http://10.0.0.5/pack.pdf" in text
    assert "robots.txt on portal.example asks for 100000 s between requests; we wait at most 30.0 s, " \
           "so the time budget allows about 31 pages" in text
    assert "Waited 12 times (9.5 s) for its turn on a host shared with Buyer B" in text


def test_portal_states_owner_mode_and_a_missing_previous_run(tmp_path):
    """A portal that was not audited is listed with its reason, never ranked or graded; a partial
    audit and a signed-in one are marked on the overview and their own page."""
    run_dir = tmp_path / "run"
    shutil.copytree(FIXTURE, run_dir)
    results = json.loads((run_dir / "results.json").read_text())
    by_slug = {p["slug"]: p for p in results["portals"]}
    by_slug["westvale"].update(status="not_audited", status_reason="host unreachable: connection refused",
                               score=None, grade=None, categories={}, checks=[], findings=[],
                               metrics={"journeys": [], "unknown": {"portal": "not audited"}})
    by_slug["eastmarch"].update(status="partial", status_reason="interrupted", signed_in=True)
    (run_dir / "results.json").write_text(json.dumps(results))
    render_report(run_dir, previous=tmp_path / "no-such-run")

    doc = soup(run_dir / "index.html")
    rows = doc.find("table", class_="scores").tbody.find_all("tr")
    assert [r.th.a.get_text(strip=True) for r in rows] == ["Northshire Council Contracts", by_slug["eastmarch"]["name"]]
    east = rows[1].th.get_text(" ", strip=True)
    assert "partial: interrupted" in east and "signed in as the owner" in east
    listed = doc.find("section", attrs={"aria-labelledby": "not-audited"}).get_text(" ", strip=True)
    assert "Westvale" in listed and "host unreachable: connection refused" in listed
    assert "Westvale" not in doc.find("svg").desc.text
    assert "No previous run at" in doc.get_text(" ") and str(tmp_path / "no-such-run") in doc.get_text(" ")

    west = soup(run_dir / "portals" / "westvale.html")
    text = west.get_text(" ", strip=True)
    assert "Not audited" in text and "host unreachable: connection refused" in text
    assert not west.find(id="owner") and not west.find(id="scores") and "ranked" not in text
    east_page = soup(run_dir / "portals" / "eastmarch.html").get_text(" ", strip=True)
    assert "partial: interrupted" in east_page and "ranked 2 of 2" in east_page
    assert "signed in as the portal's owner" in east_page or "signed in as the owner" in east_page


def test_a_check_says_on_how_many_pages_its_probe_did_not_finish(tmp_path):
    run_dir = tmp_path / "run"
    shutil.copytree(FIXTURE, run_dir)
    results = json.loads((run_dir / "results.json").read_text())
    north = next(p for p in results["portals"] if p["slug"] == "northshire")
    north["checks"] += [
        {"id": "reflow", "category": "accessibility", "title": "Pages reflow", "score": 1.0, "wcag": ["1.4.10"],
         "value": {"pages": 3, "pages_clean": 3, "templates": 2, "instances": 0, "not_judged": 2}, "evidence": []},
        {"id": "text-resize", "category": "accessibility", "title": "Text resizes", "score": None, "wcag": ["1.4.4"],
         "value": "not tested: the text resize probe did not finish on 5 pages", "evidence": []},
        {"id": "registration-burden", "category": "access", "title": "Registration", "score": None, "wcag": [],
         "value": {"found": False, "unknown": "no registration form was found"}, "evidence": []},
        {"id": "link-purpose", "category": "accessibility", "title": "Links", "score": None, "wcag": [],
         "value": None, "evidence": []}]
    north["findings"] = [{"check": "page-titles", "url": north["start_url"], "selector": None, "impact": "minor",
                          "wcag": ["2.4.2"], "message": "One title on two pages", "certainty": "failure"}]
    north["checks"] += [{"id": "page-titles", "category": "accessibility", "title": "Titles", "score": 0.95,
                         "wcag": ["2.4.2"], "value": {}, "evidence": []}]
    (run_dir / "results.json").write_text(json.dumps(results))
    render_report(run_dir)
    rows = {row.th.code.get_text(strip=True): row.find_all("td")[1].get_text(" ", strip=True)
            for row in soup(run_dir / "portals" / "northshire.html").find(id="checks").find_next("table").tbody.find_all("tr")}
    assert rows["reflow"] == "pass (not tested on 2 pages: the probe did not finish)"
    assert rows["text-resize"] == "not applicable (not tested: the text resize probe did not finish on 5 pages)"
    assert rows["registration-burden"] == "not applicable (no registration form was found)"     # always a reason
    assert rows["link-purpose"] == "not applicable (the results give no reason)"
    assert rows["page-titles"] == "pass (1 remaining instance in the fix list)"


def test_needs_review_has_its_own_section_after_the_fix_list(tmp_path):
    run_dir = tmp_path / "run"
    shutil.copytree(FIXTURE, run_dir)
    results = json.loads((run_dir / "results.json").read_text())
    east = next(p for p in results["portals"] if p["slug"] == "eastmarch")
    east["needs_review"] = [{"check": "link-purpose", "url": east["start_url"], "selector": "#more", "impact": "minor",
                             "wcag": ["2.4.9"], "message": "Link text 'More' relies on its context",
                             "certainty": "needs_review"}]
    (run_dir / "results.json").write_text(json.dumps(results))
    render_report(run_dir)
    doc = soup(run_dir / "portals" / "eastmarch.html")
    review = doc.find("section", attrs={"aria-labelledby": "review"})
    assert review and review.h2.get_text(strip=True) == "Needs review"
    assert "Link text 'More' relies on its context" in review.get_text()
    owner = doc.find("section", attrs={"aria-labelledby": "owner"})
    assert "relies on its context" not in owner.get_text()
    assert doc.find("section", attrs={"aria-labelledby": "review"}).find_previous("h2", id="owner")
    assert soup(run_dir / "portals" / "northshire.html").find(id="review") is None
