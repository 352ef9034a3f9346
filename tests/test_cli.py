"""The command line as a user meets it: exit codes, messages, resume after a kill."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from auditor.cli import main
from auditor.samples.server import serve_samples
from auditor.store import PortalStore

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


@pytest.mark.browser
def test_unreachable_portal_fails_clearly_and_keeps_the_rest(tmp_path):
    with serve_samples(["open-portal"]) as portals:
        good = portals["open-portal"]
        config = write_config(tmp_path / "portals.yaml", [
            {"name": "Gone", "url": "http://127.0.0.1:9/", "rate": 50},
            {"name": good.name, "url": good.url, "rate": 50, "concurrency": 2, "max_pages": 6, "probes": False}])
        run = subprocess.run(CLI + ["run", str(config), "--out", str(tmp_path / "out")],
                             capture_output=True, text=True, timeout=300)
    assert run.returncode == 3, run.stderr
    assert "gone" in run.stderr.lower() and "unreachable" in run.stderr
    results = json.loads((tmp_path / "out" / "results.json").read_text())
    by_slug = {p["slug"]: p for p in results["portals"]}
    assert by_slug["gone"]["crawl"]["stopped_because"].startswith("start page unreachable")
    assert by_slug["northshire-council-contracts"]["crawl"]["pages"] >= 6
    assert (tmp_path / "out" / "index.html").exists()


@pytest.mark.browser
def test_killed_run_resumes_and_loses_nothing(tmp_path):
    out = tmp_path / "out"
    pages_dir = out / "artifacts" / "faults-portal" / "pages"
    with serve_samples(["faults-portal"]) as portals:
        portal = portals["faults-portal"]
        config = write_config(tmp_path / "portals.yaml", [
            {"name": "Faults", "slug": "faults-portal", "url": portal.url, "rate": 4, "concurrency": 1,
             "max_depth": 30, "notice_sample": 20, "probes": False, "screenshots": False}])
        first = subprocess.Popen(CLI + ["run", str(config), "--out", str(out)], start_new_session=True,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and len(list(pages_dir.glob("*.json"))) < 6:
            time.sleep(0.2)
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(timeout=30)
        before = {p.name: p.read_bytes() for p in pages_dir.glob("*.json")}
        assert len(before) >= 6
        assert not (out / "artifacts" / "faults-portal" / "crawl.json").exists()   # it really died mid-crawl

        fast = json.loads((tmp_path / "portals.yaml").read_text())
        fast["portals"][0]["rate"] = 100
        write_config(tmp_path / "portals.yaml", fast["portals"])
        second = subprocess.run(CLI + ["run", str(config), "--out", str(out)], capture_output=True, text=True,
                                timeout=600)
    assert second.returncode in (0, 1), second.stderr
    assert "already gathered" in second.stderr
    assert f"took over the lock a stopped run left (process {first.pid})" in second.stderr
    after = {p.name: p.read_bytes() for p in pages_dir.glob("*.json")}
    for name, content in before.items():
        assert after[name] == content, "a page gathered before the kill was lost or gathered again"
    crawled = {p.url.replace(portal.url.rstrip("/"), "") for p in PortalStore(out, "faults-portal").pages()}
    for expected in portal.truth["pages"]:
        assert expected["path"] in crawled or expected["path"].rstrip("/") in crawled, expected["path"]
    summary = json.loads((out / "artifacts" / "faults-portal" / "crawl.json").read_text())
    assert summary["stopped_because"] == "frontier exhausted"
