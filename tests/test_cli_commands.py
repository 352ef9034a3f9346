"""The command line's help, `checks --json`, `demo --serve` and `--publish`."""
from __future__ import annotations

import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from auditor.cli import main
from checks.catalogue import all_checks
from model.methodology import CATEGORIES
from reports.publish import site_files

CLI = [sys.executable, "-m", "auditor.cli"]
REPORT_FIXTURE = Path(__file__).parent / "fixtures" / "report_run"


@pytest.fixture(autouse=True)
def wide_terminal(monkeypatch):
    monkeypatch.setenv("COLUMNS", "300")     # argparse wraps help to the terminal, breaking words at hyphens


def _help(capsys, *argv: str) -> str:
    with pytest.raises(SystemExit) as exit_:
        main([*argv, "--help"])
    assert exit_.value.code == 0
    return " ".join(capsys.readouterr().out.split())


def test_help_says_what_the_tool_does_and_lists_the_exit_codes(capsys):
    text = _help(capsys)
    assert "Audit public procurement (tender) portals for accessibility and supplier friction" in text
    assert "baseline" in text and "exit codes: 0 ok, 1 a threshold" in text


def test_command_help_shows_defaults_and_describes_positional_arguments(capsys):
    text = _help(capsys, "run")
    assert "(default: tender-audit-output)" in text
    assert "config the portals to audit: a YAML file (portals.yaml) or a CSV register" in text
    assert "(default: None)" not in text and "(default: False)" not in text and "(default: [])" not in text
    assert "(default: demo-output)" in _help(capsys, "demo")
    assert "DIR a run directory" in _help(capsys, "report")
    assert "OLD the earlier run directory NEW the later run directory" in _help(capsys, "diff")


def test_checks_json_lists_every_category_and_check_with_its_words(capsys):
    assert main(["checks", "--json"]) == 0
    listing = json.loads(capsys.readouterr().out)
    assert [c["id"] for c in listing["categories"]] == list(CATEGORIES)
    assert [c["id"] for c in listing["checks"]] == [c.meta.id for c in all_checks()]
    serious = next(c for c in listing["checks"] if c["id"] == "axe-serious")
    assert serious["category"] == "accessibility" and serious["why"] and serious["fix"] and serious["weight"] == 3.0


def test_demo_serve_prints_the_sample_urls_serves_them_and_stops_on_ctrl_c():
    serving = subprocess.Popen(CLI + ["demo", "--serve"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        lines = [serving.stdout.readline() for _ in range(3)]
        assert lines[0].startswith("Serving the bundled sample portals on 127.0.0.1")
        url = lines[1].split()[1]
        assert url.startswith("http://127.0.0.1:")
        with urllib.request.urlopen(url, timeout=30) as page:     # loopback only: the sample we just started
            assert page.status == 200 and b"<html" in page.read().lower()
        serving.send_signal(signal.SIGINT)
        out, err = serving.communicate(timeout=30)
    finally:
        serving.kill()
    assert serving.returncode == 0 and "Stopped serving." in out and "Traceback" not in err


def test_publish_copies_only_the_site_with_web_permissions(tmp_path):
    run = tmp_path / "run"
    shutil.copytree(REPORT_FIXTURE, run)
    (run / ".tender-audit.lock").write_text("")
    site = tmp_path / "site"
    old_umask = os.umask(0o077)                  # a private umask must not leak into the published site
    try:
        assert main(["report", str(run), "--publish", str(site)]) == 0
    finally:
        os.umask(old_umask)
    published = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    assert {"index.html", "methodology.html", "results.json", "results.csv", "findings.csv",
            "assets/report.css"} <= published
    assert any(p.startswith("portals/") for p in published) and any(p.startswith("crops/") for p in published)
    assert not any(p.endswith(".json") and p != "results.json" for p in published)      # no gathered artifacts
    assert ".tender-audit.lock" not in published and "run.json" not in published
    # every image a page shows is there, so nothing on the published site is a broken link
    assert {p.as_posix() for p in site_files(run)} == published
    for path in [site, *site.rglob("*")]:
        assert stat.S_IMODE(path.stat().st_mode) == (0o755 if path.is_dir() else 0o644), path
    # publishing again replaces the earlier publication; a folder of other files is refused
    assert main(["report", str(run), "--publish", str(site)]) == 0
    other = tmp_path / "mine"
    other.mkdir()
    (other / "notes.txt").write_text("mine")
    assert main(["report", str(run), "--publish", str(other)]) == 2
    assert (other / "notes.txt").read_text() == "mine"
    assert main(["report", str(run), "--publish", str(tmp_path)]) == 2      # would hold the run itself
