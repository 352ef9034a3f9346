"""`tender-audit trend`: score and category trends per portal across runs, from results.json only."""
import copy
import json
from pathlib import Path

from bs4 import BeautifulSoup

from auditor.cli import main
from reports.trend import load_runs, portal_trends

FIXTURE = Path(__file__).parent / "fixtures" / "report_run"


def _runs(tmp_path: Path) -> list[Path]:
    """Three runs of the fixture: an older one with lower scores, the fixture, and a newer one without Westvale."""
    results = json.loads((FIXTURE / "results.json").read_text())
    dirs = []
    for name, started, change, drop in (("new", "2026-12-01T09:00:00Z", 5.0, "westvale"),
                                        ("old", "2026-09-01T09:00:00Z", -10.0, None),
                                        ("mid", "2026-10-01T09:00:00Z", 0.0, None)):
        run = copy.deepcopy(results)
        run["run"]["started"] = started
        run["portals"] = [p for p in run["portals"] if p["slug"] != drop]
        for p in run["portals"]:
            p["score"] = p["score"] + change if p["score"] is not None else None
        (tmp_path / name).mkdir()
        (tmp_path / name / "results.json").write_text(json.dumps(run))
        dirs.append(tmp_path / name)
    return dirs


def test_runs_are_ordered_by_start_and_a_missing_portal_is_a_gap(tmp_path):
    runs = load_runs(_runs(tmp_path))
    assert [r.label for r in runs] == ["2026-09-01 09:00", "2026-10-01 09:00", "2026-12-01 09:00"]
    trends = {t.slug: t for t in portal_trends(runs)}
    north = trends["northshire"].lines[0]
    base = next(p["score"] for p in json.loads((FIXTURE / "results.json").read_text())["portals"] if p["slug"] == "northshire")
    assert north.label == "Overall score" and north.values == [base - 10, base, base + 5]
    assert len(north.segments) == 1 and len(north.points) == 3
    west = trends["westvale"].lines[0]
    assert west.values[2] is None and len(west.points) == 2           # not in the newest run: a gap
    assert [line.label for line in trends["northshire"].lines][1:] == \
        ["Accessibility", "Findability", "Open access", "Document burden", "Openness and transparency", "Crawl health"]
    assert f"Overall score: {base - 10:.1f} on 2026-09-01 09:00 to {base + 5:.1f} on 2026-12-01 09:00 (up 15.0)" \
        in trends["northshire"].description
    styles = [(line.dash, line.marker) for line in trends["northshire"].lines]
    assert len(set(styles)) == len(styles)                             # lines differ by more than colour


def test_trend_command_writes_a_chart_with_a_text_alternative_and_a_table(tmp_path, capsys):
    dirs = _runs(tmp_path)
    assert main(["trend", *map(str, dirs)]) == 0
    written = tmp_path / "new" / "trend.html"                          # the newest run's directory by default
    assert str(written) in capsys.readouterr().out
    doc = BeautifulSoup(written.read_text(), "html.parser")
    svg = doc.find("svg", attrs={"role": "img"})
    title_id, desc_id = svg["aria-labelledby"].split()
    assert doc.find(id=title_id).name == "title" and "over 3 runs" in doc.find(id=desc_id).text
    tables = {t.caption.text.split(":")[0]: t for t in doc.find_all("table")}
    north = tables["Northshire Council Contracts"]
    assert len(north.tbody.find_all("tr")) == 3 and "not scored" not in north.text      # in every run
    assert "not scored" in tables["Westvale Legacy Tenders"].text                         # missing once
    assert (tmp_path / "new" / "assets" / "report.css").is_file()


def test_a_directory_without_results_is_one_sentence(tmp_path, capsys):
    assert main(["trend", str(tmp_path)]) != 0
    err = capsys.readouterr().err
    assert err.startswith("error:") and "no results.json" in err and err.count("\n") == 1
