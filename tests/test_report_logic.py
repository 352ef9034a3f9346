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


def test_fix_list_is_ordered_by_harm_worst_impact_first():
    groups = fix_groups(PORTALS["eastmarch"], WORDS)
    # critical before serious whatever the counts; within one impact, category weight × templates affected
    assert [g.check for g in groups[:4]] == ["axe:label", "documents-open", "axe:color-contrast", "axe:link-name"]
    assert groups[2].harm == (3, pytest.approx(0.35 * 2))      # two templates (/ and /opportunities)
    harms = [g.harm for g in groups]
    assert harms == sorted(harms, reverse=True)
    assert groups[0].title == "Form elements must have labels (axe rule label)"


def _finding(check, url, impact, selector="#x", box=None, wcag=("1.3.1",), message="m"):
    return {"check": check, "url": url, "selector": selector, "impact": impact, "wcag": list(wcag),
            "message": message, "box": box, "certainty": "failure"}


def test_a_critical_document_defect_outranks_moderate_repeats_of_one_template():
    repeats = [_finding("axe:region", f"https://p.example/notice/{n}", "moderate", "div.banner") for n in range(10)]
    scan = _finding("documents-text", "https://p.example/notice/1", "critical", None, wcag=("1.1.1",))
    groups = fix_groups({"findings": repeats + [scan], "checks": []}, WORDS)
    assert [g.check for g in groups] == ["documents-text", "axe:region"]
    [template] = groups[1].templates
    assert (template.shown, template.pages, len(template.instances)) == ("/notice/{id}", 10, 10)


def test_one_element_flagged_by_axe_and_our_check_is_one_item():
    url = "https://p.example/search"
    axe = _finding("axe:label", url, "critical", "input", [148.4, 153.5, 179, 25], ("4.1.2",), "Form elements must have labels. x")
    ours = _finding("visible-labels", url, "critical", "#content > div > input", [148, 154, 179, 25],
                    ("1.3.1", "3.3.2", "4.1.2"), "The search box has no label at all.")
    elsewhere = _finding("visible-labels", url, "critical", "#email", [10, 400, 179, 25], ("1.3.1", "3.3.2", "4.1.2"))
    groups = {g.check: g for g in fix_groups({"findings": [axe, ours, elsewhere], "checks": []}, WORDS)}
    [merged] = groups["axe:label"].instances
    assert merged.also == [f"{WORDS['visible-labels']['failure_title']} (visible-labels): The search box has no label at all."]
    assert [i.selector for i in groups["visible-labels"].instances] == ["#email"]     # another element stays
    only_same = fix_groups({"findings": [axe, ours], "checks": []}, WORDS)
    assert [g.check for g in only_same] == ["axe:label"]


def test_axe_rules_get_rule_specific_words_and_axes_own():
    finding = dict(_finding("axe:color-contrast", "https://p.example/", "serious", ".muted", wcag=("1.4.3",),
                            message="Elements must meet minimum color contrast ratio thresholds. Fix any"),
                   description="Ensure the contrast between foreground and background colors meets WCAG 2 AA")
    unknown = dict(finding, check="axe:blink", message="<blink> elements are deprecated. x", description="Ensure <blink> is not used")
    groups = {g.check: g for g in fix_groups({"findings": [finding, unknown], "checks": []}, WORDS)}
    contrast, blink = groups["axe:color-contrast"], groups["axe:blink"]
    assert "4.5:1" in contrast.fix and "closing dates" in contrast.why
    assert contrast.axe_description.startswith("Ensure the contrast")
    assert contrast.why != blink.why and contrast.fix != blink.fix
    assert blink.fix.startswith("Ensure <blink> is not used")


def test_every_instance_without_a_crop_says_why():
    from reports.fixlist import Instance, no_crop_reason
    assert "document" in no_crop_reason(Instance("u", None, "", None, None, None), "documents")
    assert "whole page" in no_crop_reason(Instance("u", None, "", None, "s.jpg", None), "accessibility")
    assert "not where it sits" in no_crop_reason(Instance("u", "a", "", None, "s.jpg", None), "accessibility")
    assert "no screenshot" in no_crop_reason(Instance("u", "a", "", None, None, [1, 2, 3, 4]), "accessibility")
    assert "320 px wide" in no_crop_reason(Instance("u", "body > table", "", None, "s.jpg", None), "accessibility",
                                           check="reflow")


def test_a_passing_check_with_instances_left_says_so():
    result = {"id": "link-purpose", "category": "accessibility", "score": 0.9, "evidence": []}
    finding = _finding("link-purpose", "https://p.example/", "minor", "a", wcag=("2.4.9",))
    [group] = fix_groups({"findings": [finding], "checks": [result]}, WORDS)
    assert "passes overall (score 90 of 100" in group.passing_note


def test_rule_rows_count_pages_templates_instances_and_the_worst_page():
    from reports.fixlist import rule_rows
    findings = [_finding("axe:image-alt", "https://p.example/", "critical", f"img.{n}") for n in range(3)] + \
        [_finding("axe:image-alt", f"https://p.example/notice/{n}", "critical", "img.logo") for n in (1, 2)]
    [row] = rule_rows(fix_groups({"findings": findings, "checks": []}, WORDS))
    assert (row.pages, row.templates, row.instances, row.worst_page, row.worst_count, row.anchor) == \
        (3, 2, 5, "https://p.example/", 3, "fix-1")


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
    facts = {f.label: f for f in key_facts({"metrics": {"clicks_to_notice": None, "open_data": None}})}
    assert facts["Clicks to a notice"].text == "unknown" and facts["Clicks to a notice"].sort is None
    assert facts["Open data"].text == "unknown"
    assert facts["Serious barriers"].text == "unknown"
    assert all(f.text == "unknown" for f in key_facts(None))
    assert all(f.note for f in key_facts(None))             # every fact says what it means


def test_key_facts_of_the_walled_portal():
    facts = {f.label: f.text for f in key_facts(PORTALS["eastmarch"])}
    assert facts == {"Clicks to a notice": "2 clicks", "Clicks to documents": "none open: behind a login",
                     "Account needed to read": "documents", "Documents per notice": "0.5 on average",
                     "Untagged PDFs": "100% (14 of 14)", "Registration": "24 fields + CAPTCHA",
                     "Accessibility statement": "Yes, but undated", "Open data": "No",
                     "Serious barriers": "6 in 3 page templates"}


def test_key_facts_agree_with_the_checks():
    m = copy.deepcopy(PORTALS["westvale"]["metrics"])
    m["accessibility_statement"] = {"found": True, "url": "https://w.example/a11y", "status": "partially compliant",
                                    "date": "2019-09-03"}
    m["documents"].update(pdf_tagged=0, pdf_untagged=3, pdf_scanned=3)
    m.update(notice_requires_login=False, documents_require_login=False,
             registration={"found": False, "url": None, "fields": 0, "required_fields": 0, "captcha": False})
    facts = {f.label: f.text for f in key_facts({"metrics": m, "crawl": {"started": "2026-11-01T10:00:00Z"}})}
    assert facts["Accessibility statement"] == "Yes, but out of date (prepared 2019-09-03)"
    assert facts["Untagged PDFs"] == "100% (3 of 3, all scanned images)"
    assert facts["Registration"] == "not needed"               # open portal: not needed, not "not found"
    m["documents_require_login"] = True
    assert {f.label: f.text for f in key_facts({"metrics": m})}["Registration"] == "no form found"
    m["accessibility_statement"]["date"] = "2026-10-01"
    assert {f.label: f.text for f in key_facts({"metrics": m, "crawl": {"started": "2026-11-01"}})}[
        "Accessibility statement"] == "Yes, current (prepared 2026-10-01)"


def test_serious_barriers_count_each_element_once_per_page_template():
    findings = [{"check": "axe:region", "url": f"https://p.example/notice/{n}", "selector": "div.banner",
                 "impact": "serious"} for n in range(10)] + \
        [{"check": "axe:label", "url": "https://p.example/", "selector": "#q", "impact": "critical"},
         {"check": "axe:heading-order", "url": "https://p.example/", "selector": "h3", "impact": "moderate"}]
    portal = {"metrics": {"axe": {"pages": 11}}, "findings": findings,
              "checks": [{"id": "axe-serious", "value": {"templates": 3}}]}
    assert {f.label: f.text for f in key_facts(portal)}["Serious barriers"] == "2 in 2 of 3 page templates"


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
    results_csv, findings_csv = write_exports(results, tmp_path, WORDS)
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
    _, findings_csv = write_exports(results, tmp_path, WORDS)
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


def test_findings_csv_has_words_and_fingerprints_and_no_raw_newlines(tmp_path):
    _, findings_csv = write_exports(RESULTS, tmp_path, WORDS)
    text = findings_csv.read_text()
    rows = list(csv.DictReader(text.splitlines()))                      # one physical line per row
    assert len(rows) == sum(len(p["findings"]) for p in RESULTS["portals"])
    label = [r for r in rows if r["check"] == "axe:label"][0]
    assert label["title"] == "Form elements must have labels (axe rule label)"
    assert label["category"] == "accessibility" and "<label for=...>" in label["how_to_fix"]
    assert len(label["fingerprint"]) == 16
    assert all("\n" not in v for r in rows for v in r.values())


def test_results_csv_columns_do_not_depend_on_what_a_run_found(tmp_path):
    from reports.exports import portal_columns, portal_rows
    other = copy.deepcopy(RESULTS)
    for portal in other["portals"]:
        portal["metrics"]["axe"]["rules"] = {"made-up-rule": 3}
        portal["metrics"]["documents"]["formats"] = {"odt": 1}
        portal["categories"].pop("access", None)
    columns = portal_columns(portal_rows(RESULTS))
    assert columns == portal_columns(portal_rows(other))
    assert "category.access" in columns and "metrics.axe.rules" in columns
    write_exports(RESULTS, tmp_path, WORDS)
    rows = list(csv.DictReader((tmp_path / "results.csv").open(newline="")))
    assert rows[0]["metrics.documents.formats"] == "zip=6"           # per-key counts in one cell


def test_fix_list_csv_has_one_row_per_instance_in_priority_order():
    from reports.exports import fixlist_rows
    groups = fix_groups(PORTALS["eastmarch"], WORDS)
    rows = fixlist_rows(groups)
    assert rows[0]["priority"] == 1 and rows[0]["title"] == groups[0].title and rows[0]["how_to_fix"] == groups[0].fix
    assert [r["priority"] for r in rows] == sorted(r["priority"] for r in rows)
    assert sum(max(1, len(g.instances)) for g in groups) == len(rows)
    from reports.fingerprint import fingerprint
    first = groups[0].instances[0]
    assert rows[0]["fingerprint"] == fingerprint({"check": groups[0].check, "url": first.url, "selector": first.selector}).hex


def test_since_the_last_run_reads_as_sentences_with_titles():
    from reports.diff import change_sentences
    old, new = copy.deepcopy(PORTALS["eastmarch"]), copy.deepcopy(PORTALS["eastmarch"])
    fixed = old["findings"][0]
    new["findings"] = new["findings"][1:]
    new["score"] = old["score"] + 2.5
    d = diff_results({"portals": [old]}, {"portals": [new]})["portals"][0]
    lines = change_sentences(d, lambda check: f"Title of {check}")
    assert lines[0] == f"The score rose by 2.5: {old['score']:.1f} (D) then, {new['score']:.1f} (D) now."
    assert lines[1] == "1 finding fixed, 0 new."
    assert f"Fixed: Title of {fixed['check']}, 1 instance on " in lines[-1]
