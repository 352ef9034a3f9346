"""Known-issue baselines: fingerprints, marking, and gating CI on new findings only."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from auditor.cli import main
from reports.baseline import BaselineError, baseline_yaml, load_baseline, mark_known
from reports.fingerprint import fingerprint
from reports.render import render_report
from reports.thresholds import evaluate_thresholds

REPORT_FIXTURE = Path(__file__).parent / "fixtures" / "report_run"


def _finding(url: str, selector: str, check: str = "axe:image-alt", impact: str = "critical") -> dict:
    return {"check": check, "url": url, "selector": selector, "impact": impact, "wcag": ["1.1.1"], "message": "m"}


def _results(*findings: dict) -> dict:
    return {"run": {"started": "2026-01-01T00:00:00Z"},
            "portals": [{"name": "P", "slug": "p", "status": "audited", "findings": list(findings),
                         "metrics": {"axe": {"violations": {"critical": len(findings)}}}}]}


def test_a_fingerprint_ignores_host_port_notice_number_and_wording():
    a = _finding("http://127.0.0.1:8001/notices/12?page=2", "img")
    b = {**_finding("https://portal.example/notices/345?page=9", " img "), "message": "reworded"}
    assert fingerprint(a) == fingerprint(b) == ("axe:image-alt", "/notices/{id}?page", "img")
    assert fingerprint(a) != fingerprint(_finding("http://h/notices/12?page=2", "#map"))
    assert fingerprint(a) != fingerprint(_finding("http://h/notices/12?page=2", "img", check="axe:label"))


def test_the_baseline_file_round_trips_and_marks_known_and_new(tmp_path):
    old = _results(_finding("http://h/", "#logo"), _finding("http://h/", "#chart"))
    path = tmp_path / "known.yaml"
    path.write_text(baseline_yaml(old))
    assert yaml.safe_load(path.read_text())["portals"]["p"][0] == {"check": "axe:image-alt", "url": "/?",
                                                                   "selector": "#chart"}
    new = _results(_finding("http://h:9/", "#chart"), _finding("http://h:9/", "#map"))
    assert mark_known(new, load_baseline(path))
    portal = new["portals"][0]
    assert [f["known"] for f in portal["findings"]] == [True, False]
    assert portal["baseline"] == {"file": "known.yaml", "new": 1, "known": 1, "not_seen": 1}
    # without a baseline the marks go: results never carry a comparison nobody asked for
    assert mark_known(new, None)
    assert "baseline" not in portal and all("known" not in f for f in portal["findings"])
    assert not mark_known(new, None)


def test_thresholds_gate_only_new_findings_once_a_baseline_is_applied(tmp_path):
    path = tmp_path / "known.yaml"
    path.write_text(baseline_yaml(_results(_finding("http://h/", "#logo"), _finding("http://h/", "#chart"))))
    new = _results(_finding("http://h/", "#chart"), _finding("http://h/", "#map"))
    # a count threshold cannot tell: one fixed and one new of the same rule cancel out
    assert evaluate_thresholds(new, None, {"critical": 2}) == []
    mark_known(new, load_baseline(path))
    unmet = evaluate_thresholds(new, None, {"critical": 0, "findings": 0})
    assert len(unmet) == 2 and all("#map" in m and "#chart" not in m for m in unmet)
    assert "1 new critical axe violations (not in known.yaml)" in unmet[0]
    assert evaluate_thresholds(new, None, {"critical": 1, "serious": 0}) == []


@pytest.mark.parametrize("text", ["portals: [", "just words", "schema: tender-audit/baseline@1\nportals: {p: 3}"])
def test_a_bad_baseline_file_is_a_usage_error_naming_it(tmp_path, text):
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    with pytest.raises(BaselineError, match="bad.yaml"):
        load_baseline(path)


def test_report_with_a_missing_baseline_exits_2(tmp_path, capsys):
    assert main(["report", str(REPORT_FIXTURE), "--baseline", str(tmp_path / "nope.yaml")]) == 2
    assert "nope.yaml" in capsys.readouterr().err


def test_the_portal_page_says_known_or_new_for_each_element(tmp_path):
    run = tmp_path / "run"
    results = json.loads((REPORT_FIXTURE / "results.json").read_text())
    (run).mkdir()
    known = tmp_path / "known.yaml"
    known.write_text(baseline_yaml(results))
    results["portals"][0]["findings"].append(_finding(results["portals"][0]["start_url"], "#brand-new"))
    mark_known(results, load_baseline(known))
    (run / "results.json").write_text(json.dumps(results))
    render_report(run)
    page = (run / "portals" / f"{results['portals'][0]['slug']}.html").read_text()
    assert "known-issue baseline <code>known.yaml</code>: 1 new" in page
    assert page.count("Baseline: <strong>new</strong>") == 1 and "Baseline: <strong>known</strong>" in page
