"""Pure report logic: ranking, fix-list order, key facts, CSV exports, run diff and CI thresholds."""
import copy
import csv
import json
from pathlib import Path

import pytest

from reports.diff import diff_results, format_diff
from reports.exports import safe_cell, write_exports
from reports.facts import flatten, key_facts
from reports.fixlist import fix_groups, review_groups
from reports.render import check_words, rank_portals, web_url
from reports.thresholds import ThresholdError, evaluate_thresholds, parse_max_count, parse_max_counts
from reports.wcag import criteria

RESULTS = json.loads((Path(__file__).parent / "fixtures" / "report_run" / "results.json").read_text())
PORTALS = {p["slug"]: p for p in RESULTS["portals"]}
WORDS = check_words(RESULTS)          # each check's words, as the run recorded them


def test_ranking_is_by_score_with_ties_sharing_a_rank_and_unscored_last():
    assert [(r, p["slug"]) for r, p in rank_portals(RESULTS["portals"])] == \
        [(1, "northshire"), (2, "eastmarch"), (3, "westvale")]
    portals = [{"name": "b", "score": 50}, {"name": "c", "score": None}, {"name": "a", "score": 50},
               {"name": "d", "score": 20}]
    assert [(r, p["name"]) for r, p in rank_portals(portals)] == [(1, "a"), (1, "b"), (3, "d"), (4, "c")]


def test_fix_list_puts_the_most_impactful_group_first():
    groups = fix_groups(PORTALS["eastmarch"], WORDS)
    # serious × 2 instances × accessibility 0.35 = 2.1 beats critical × 1 × 0.35 = 1.4
    assert [g.check for g in groups[:3]] == ["axe:color-contrast", "axe:label", "axe:link-name"]
    assert groups[0].priority == pytest.approx(3 * 2 * 0.35)
    assert groups[0].title == "Elements must meet minimum color contrast ratio thresholds (axe rule color-contrast)"
    priorities = [g.priority for g in groups]
    assert priorities == sorted(priorities, reverse=True)


def test_fix_list_includes_failing_checks_without_findings_but_not_axe_summaries():
    checks = [g.check for g in fix_groups(PORTALS["westvale"], WORDS)]
    assert "clicks-to-notice" in checks and "accessibility-statement" in checks
    assert "axe-serious" not in checks          # restated by the axe:* groups
    assert "pdf-tagged" in checks and checks.count("pdf-tagged") == 1


def test_fix_list_uses_the_words_the_run_recorded_for_its_checks():
    [group] = [g for g in fix_groups(PORTALS["eastmarch"], WORDS) if g.check == "pages-load"]
    assert group.title == WORDS["pages-load"]["failure_title"]
    assert group.fix == WORDS["pages-load"]["fix"]


REVIEW = {"check": "link-purpose", "url": "https://eastmarch.example/", "selector": "#more", "impact": "minor",
          "wcag": ["2.4.9"], "message": "Link text 'More' relies on its context", "certainty": "needs_review"}


def test_needs_review_is_kept_out_of_the_fix_list_and_grouped_apart():
    east = dict(copy.deepcopy(PORTALS["eastmarch"]), needs_review=[REVIEW])
    assert fix_groups(east, WORDS) == fix_groups(PORTALS["eastmarch"], WORDS)
    [group] = review_groups(east, WORDS)
    assert group.check == "link-purpose" and [i.selector for i in group.instances] == ["#more"]
    assert group.why == WORDS["link-purpose"]["why"]
    assert review_groups(PORTALS["eastmarch"], WORDS) == []     # older results have no needs_review


def test_key_facts_render_unknown_metrics_as_unknown():
    facts = {f.label: f for f in key_facts({"clicks_to_notice": None, "open_data": None})}
    assert facts["Clicks to a notice"].text == "unknown" and facts["Clicks to a notice"].sort is None
    assert facts["Open data"].text == "unknown"
    assert facts["Serious + critical axe issues"].text == "unknown"
    assert all(f.text == "unknown" for f in key_facts(None))


def test_key_facts_of_the_walled_portal():
    facts = {f.label: f.text for f in key_facts(PORTALS["eastmarch"]["metrics"])}
    assert facts == {"Clicks to a notice": "2", "Clicks to documents": "after login", "Login wall": "Documents",
                     "Documents per notice": "0.5", "Untagged PDFs": "100% (14 of 14)",
                     "Registration": "24 fields + CAPTCHA", "Accessibility statement": "Yes", "Open data": "No",
                     "Serious + critical axe issues": "24"}


def test_flatten_keeps_scalars_under_dotted_names():
    flat = flatten(PORTALS["westvale"]["metrics"])
    assert flat["documents.formats.pdf"] == 22
    assert flat["documents.total_bytes"] is None
    assert flat["open_data"] is None
    assert "open_data.urls" not in flatten(PORTALS["northshire"]["metrics"])   # lists are left out


def test_wcag_links_use_the_understanding_pattern():
    [contrast, unknown] = criteria(["1.4.3", "9.9.9", "1.4.3"])
    assert contrast.url == "https://www.w3.org/WAI/WCAG22/Understanding/contrast-minimum.html"
    assert contrast.label == "1.4.3 Contrast (Minimum)"
    assert unknown.url is None
    assert [c.number for c in criteria(["4.1.2", "1.4.10", "1.4.3"])] == ["1.4.3", "1.4.10", "4.1.2"]


def test_only_http_urls_become_links():
    assert web_url("https://a.example/x") == "https://a.example/x"
    assert web_url("javascript:alert(1)") is None
    assert web_url(" JavaScript:alert(1)") is None
    assert web_url(None) is None


def test_csv_cells_that_look_like_formulas_are_neutralised():
    assert safe_cell("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")"
    assert [safe_cell(v) for v in ("+1", "-1", "@SUM(A1)", "\tx")] == ["'+1", "'-1", "'@SUM(A1)", "'\tx"]
    assert safe_cell("plain") == "plain"
    assert safe_cell(-3.5) == -3.5


def test_exports_write_one_row_per_portal_and_per_finding(tmp_path):
    results = copy.deepcopy(RESULTS)
    results["portals"][0]["findings"][0]["message"] = "=cmd|' /C calc'!A0"
    results_csv, findings_csv = write_exports(results, tmp_path)
    with results_csv.open(newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["slug"] for r in rows] == ["eastmarch", "westvale", "northshire"]
    east = rows[0]
    assert east["score"] == "41.6" and east["grade"] == "D"
    assert east["category.access"] == "10.0"
    assert east["metrics.registration.fields"] == "24"
    assert east["metrics.axe.violations.serious"] == "21"
    assert rows[1]["metrics.documents.total_bytes"] == ""        # null metric: empty cell
    assert rows[2]["metrics.journeys.find-a-notice.steps"] == "4"  # keys only one portal has still get a column
    assert east["metrics.journeys.Keyword search from the listing page.ok"] == "False"
    assert rows[1]["metrics.journeys.Open the first result.not_possible"].startswith("no notice-like link")
    assert east["name"].startswith("Eastmarch eSourcing <script>")  # CSV is data, not HTML: kept verbatim
    with findings_csv.open(newline="") as f:
        findings = list(csv.DictReader(f))
    assert len(findings) == sum(len(p["findings"]) for p in results["portals"])
    assert {f["certainty"] for f in findings} == {"failure"}
    assert findings[0]["message"] == "'=cmd|' /C calc'!A0"
    results["portals"][0]["needs_review"] = [REVIEW]
    _, findings_csv = write_exports(results, tmp_path)
    with findings_csv.open(newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["check"] for r in rows if r["certainty"] == "needs_review"] == ["link-purpose"]
    assert findings[0]["wcag"] == "4.1.2"


def _later_run():
    """The fixture a month later: Eastmarch fixed its contrast on one page and broke a heading."""
    new = copy.deepcopy(RESULTS)
    east = next(p for p in new["portals"] if p["slug"] == "eastmarch")
    east["score"], east["grade"] = 56.1, "C"
    east["categories"]["accessibility"] = 60.0
    east["metrics"]["axe"]["violations"]["serious"] = 20
    east["findings"] = [f for f in east["findings"] if f["selector"] != ".hint-text"]
    east["findings"].append({"check": "axe:heading-order", "url": east["start_url"], "selector": "h4",
                             "impact": "moderate", "wcag": [], "message": "Heading levels should only increase by one"})
    next(c for c in east["checks"] if c["id"] == "axe-serious")["score"] = 0.5
    next(c for c in east["checks"] if c["id"] == "pages-load")["score"] = 0.8
    new["portals"] = [p for p in new["portals"] if p["slug"] != "westvale"]
    new["portals"].append({"name": "Southport", "slug": "southport", "score": 70.0, "grade": "B"})
    return new


def test_diff_reports_score_category_metric_check_and_finding_changes():
    d = diff_results(RESULTS, _later_run())
    by_slug = {p["slug"]: p for p in d["portals"]}
    east = by_slug["eastmarch"]
    assert east["score"] == {"old": 41.6, "new": 56.1, "change": 14.5}
    assert east["grade"] == {"old": "D", "new": "C"}
    assert east["categories"] == {"accessibility": {"old": 38.5, "new": 60.0, "change": 21.5}}
    assert east["metrics"] == {"axe.violations.serious": {"old": 21, "new": 20}}
    assert [c["id"] for c in east["checks_better"]] == ["axe-serious"]
    assert [c["id"] for c in east["checks_worse"]] == ["pages-load"]
    assert [(f["check"], f["selector"]) for f in east["findings_fixed"]] == [("axe:color-contrast", ".hint-text")]
    assert [(f["check"], f["selector"]) for f in east["findings_new"]] == [("axe:heading-order", "h4")]
    unchanged = by_slug["northshire"]
    assert unchanged["score"]["change"] == 0 and not unchanged["findings_new"] and not unchanged["metrics"]
    assert by_slug["southport"]["status"] == "added"
    assert by_slug["westvale"]["status"] == "removed"


def test_format_diff_is_readable_text():
    text = format_diff(diff_results(RESULTS, _later_run()))
    assert "41.6 D -> 56.1 C (+14.5)" in text
    assert "  category accessibility: 38.5 -> 60.0 (+21.5)" in text
    assert "  check worse: pages-load 0.92 -> 0.80" in text
    assert "fixed: axe:color-contrast at https://eastmarch-esourcing.example/esop/guest/registration.do .hint-text" in text
    assert "Southport (southport): new in this run, 70.0 B" in text
    assert "Westvale Legacy Tenders (westvale): not in this run (was 27.9 E)" in text


def test_thresholds_name_each_portal_that_misses_them():
    messages = evaluate_thresholds(RESULTS, 40.0, {"critical": 3, "findings": 5})
    assert messages == [
        "Eastmarch eSourcing <script>window.__xss=1</script>: 7 findings, more than the maximum 5",
        "Westvale Legacy Tenders: score 27.9 is under the minimum 40",
        "Westvale Legacy Tenders: 5 critical axe violations, more than the maximum 3",
    ]
    assert evaluate_thresholds(RESULTS, None, {}) == []
    assert evaluate_thresholds(RESULTS, 20, {"serious": 100}) == []


def test_thresholds_fail_on_what_could_not_be_measured():
    results = {"portals": [{"name": "X", "score": None, "metrics": {"axe": None}, "findings": []}]}
    assert evaluate_thresholds(results, 50, {"serious": 0}) == [
        "X: no score could be computed (minimum 50)", "X: serious axe violations unknown (maximum 0)"]


def test_threshold_strings_parse_with_clear_errors():
    assert parse_max_count("serious=0") == ("serious", 0)
    assert parse_max_counts(["Critical = 2", "findings=10"]) == {"critical": 2, "findings": 10}
    with pytest.raises(ThresholdError, match="should look like KEY=N"):
        parse_max_count("serious")
    with pytest.raises(ThresholdError, match="unknown key 'serius'; use one of critical, serious"):
        parse_max_count("serius=0")
    with pytest.raises(ThresholdError, match="'two' is not a whole number"):
        parse_max_count("minor=two")
    with pytest.raises(ThresholdError, match="cannot be negative"):
        parse_max_count("minor=-1")
    with pytest.raises(ThresholdError, match="unknown threshold key"):
        evaluate_thresholds(RESULTS, None, {"warnings": 1})
