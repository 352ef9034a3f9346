"""The command line as a user meets it: exit codes and messages (runs that crawl: test_cli_browser.py)."""
from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

from auditor.cli import _summary_line, main

CLI = [sys.executable, "-m", "auditor.cli"]


def write_config(path: Path, portals: list[dict]) -> Path:
    path.write_text(json.dumps({"portals": portals}))     # JSON is YAML
    return path


def test_checks_lists_every_category_and_check(capsys):
    assert main(["checks"]) == 0
    out = capsys.readouterr().out
    assert "Accessibility (accessibility)" in out and "axe-serious" in out and "pages-load" in out


def test_bad_config_exits_2_naming_file_portal_and_key(tmp_path, capsys):
    config = write_config(tmp_path / "portals.yaml", [{"name": "Northshire", "url": "http://127.0.0.1/", "rat": 1}])
    assert main(["run", str(config), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "portals.yaml" in err and "Northshire" in err and "'rat'" in err


def test_missing_config_file_exits_2(tmp_path, capsys):
    assert main(["run", str(tmp_path / "nope.yaml")]) == 2
    assert "nope.yaml" in capsys.readouterr().err


def test_browser_option_pointing_nowhere_says_how_to_install(tmp_path, capsys):
    assert main(["browser", "--browser", str(tmp_path / "no-chrome")]) == 3
    err = capsys.readouterr().err
    assert "apt-get install chromium" in err and "playwright install chromium" in err


def test_report_on_a_folder_without_results_exits_2(tmp_path, capsys):
    assert main(["report", str(tmp_path)]) == 2
    assert "results.json" in capsys.readouterr().err


REPORT_FIXTURE = Path(__file__).parent / "fixtures" / "report_run"


@pytest.mark.parametrize("score", ["150", "-5", "lots"])
def test_fail_under_outside_0_to_100_is_a_usage_error(tmp_path, capsys, score):
    assert main(["report", str(REPORT_FIXTURE), "--fail-under", score]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "--fail-under" in err and "Traceback" not in err


def test_a_slug_that_is_not_text_is_a_config_error(tmp_path, capsys):
    config = write_config(tmp_path / "portals.yaml", [{"name": "N", "url": "http://127.0.0.1:9/", "slug": 5}])
    assert main(["run", str(config), "--out", str(tmp_path / "out")]) == 2
    assert "'slug' must be" in capsys.readouterr().err


def test_a_missing_login_variable_stops_the_run_before_any_request(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("NOT_SET_PASSWORD_ENV", raising=False)
    monkeypatch.setenv("SET_USER_ENV", "someone")
    login = {"url": "/login", "username_env": "SET_USER_ENV", "password_env": "NOT_SET_PASSWORD_ENV"}
    config = write_config(tmp_path / "portals.yaml", [{"name": "Owner", "url": "http://127.0.0.1:9/", "login": login}])
    assert main(["run", str(config), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "portal 'Owner'" in err and "NOT_SET_PASSWORD_ENV" in err and "login.password_env" in err
    assert not (tmp_path / "out").exists()     # nothing was started, let alone requested


def test_a_previous_run_that_does_not_exist_yet_is_noted_not_a_crash(tmp_path, capsys):
    run_dir = tmp_path / "run"
    shutil.copytree(REPORT_FIXTURE, run_dir)
    assert main(["report", str(run_dir), "--previous", str(tmp_path / "last-run")]) == 0
    captured = capsys.readouterr()
    assert "No previous run" in captured.err and "Traceback" not in captured.err
    assert "No previous run at" in (run_dir / "index.html").read_text()


def test_an_unexpected_failure_is_one_sentence_and_exit_3(tmp_path, capsys):
    (tmp_path / "results.json").write_text("{not json")
    assert main(["report", str(tmp_path)]) == 3
    err = capsys.readouterr().err
    assert err.startswith("error: the run failed: JSONDecodeError") and err.count("\n") == 1


def test_the_terminal_summary_names_portals_not_audited_and_partial():
    assert "not audited  Gone: host unreachable: connection refused" in _summary_line(
        {"name": "Gone", "status": "not_audited", "status_reason": "host unreachable: connection refused",
         "score": None, "grade": None})
    line = _summary_line({"name": "Half", "status": "partial", "status_reason": "interrupted", "score": 80.0,
                          "grade": "B", "signed_in": True})
    assert "(partial: interrupted)" in line and "signed in" in line and "B" in line


def test_the_terminal_summary_shows_the_score_as_the_scorecard_does_to_one_decimal():
    assert "99.6" in _summary_line({"name": "Near", "status": "audited", "score": 99.6, "grade": "A"})
