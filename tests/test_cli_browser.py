"""The command line as a user meets it on real crawls: resume after a kill, Ctrl-C, outages."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from auditor.crawler import worth_retrying
from auditor.samples.server import SAMPLES_DIR, serve_samples
from auditor.store import PortalStore
from tests.test_cli import CLI, write_config


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
    gone = by_slug["gone"]
    assert gone["crawl"]["stopped_because"].startswith("start page unreachable")
    # a down host is not graded, and its robots.txt failing is the outage, not a refusal
    assert gone["status"] == "not_audited" and gone["status_reason"].startswith("host unreachable: connection refused")
    assert gone["score"] is None and gone["grade"] is None and gone["findings"] == [] and gone["categories"] == {}
    assert gone["crawl"]["blocked_by_robots"] == 0
    assert "not audited  Gone: host unreachable" in run.stdout
    assert by_slug["northshire-council-contracts"]["crawl"]["pages"] >= 6
    assert by_slug["northshire-council-contracts"]["status"] == "audited"
    # the run times its own phases (the benchmark reads them): the run's in run.json, each portal's in its crawl
    phases = json.loads((tmp_path / "out" / "run.json").read_text())["phases"]
    assert set(phases) == {"launch", "evaluate", "report"} and all(p["seconds"] > 0 for p in phases.values())
    crawled = by_slug["northshire-council-contracts"]["crawl"]["phases"]
    assert set(crawled) == {"pages", "documents", "journeys"} and all(p["seconds"] > 0 for p in crawled.values())
    index = (tmp_path / "out" / "index.html").read_text()
    assert "Not audited" in index and "host unreachable: connection refused" in index


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
        page = json.loads(content)
        if worth_retrying(page["status"], page["error"]):
            assert name in after          # a 5xx is fetched again on resume, so its record may change
            continue
        assert after[name] == content, "a page gathered before the kill was lost or gathered again"
    crawled = {p.url.replace(portal.url.rstrip("/"), "") for p in PortalStore(out, "faults-portal").pages()}
    for expected in portal.truth["pages"]:
        assert expected["path"] in crawled or expected["path"].rstrip("/") in crawled, expected["path"]
    summary = json.loads((out / "artifacts" / "faults-portal" / "crawl.json").read_text())
    assert summary["stopped_because"] == "frontier exhausted"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _results(out: Path) -> dict:
    return {p["slug"]: p for p in json.loads((out / "results.json").read_text())["portals"]}


@pytest.mark.browser
def test_ctrl_c_ends_the_run_within_seconds_marks_it_partial_and_a_rerun_completes_it(tmp_path):
    out = tmp_path / "out"
    pages_dir = out / "artifacts" / "open" / "pages"
    with serve_samples(["open-portal"]) as portals:
        config = write_config(tmp_path / "portals.yaml", [
            {"name": "Open", "slug": "open", "url": portals["open-portal"].url, "rate": 2, "concurrency": 1,
             "max_pages": 12, "documents": False, "screenshots": False}])
        run = subprocess.Popen(CLI + ["run", str(config), "--out", str(out)], start_new_session=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and len(list(pages_dir.glob("*.json"))) < 3:
            time.sleep(0.2)
        os.killpg(run.pid, signal.SIGINT)        # as a terminal's Ctrl-C does: the browser gets it too
        interrupted = time.monotonic()
        stdout, stderr = run.communicate(timeout=120)
        took = time.monotonic() - interrupted
        assert run.returncode == 3, stderr
        assert took < 60, f"the run took {took:.0f} s to stop"
        assert "Traceback" not in stderr and "Interrupted" in stderr
        open_portal = _results(out)["open"]
        assert open_portal["status"] == "partial" and open_portal["status_reason"] == "interrupted"
        assert open_portal["crawl"]["stopped_because"].startswith("interrupted")
        assert "partial: interrupted" in (out / "index.html").read_text()
        first = [json.loads(p.read_text()) for p in pages_dir.glob("*.json")]

        again = subprocess.run(CLI + ["run", str(config), "--out", str(out)], capture_output=True, text=True,
                               timeout=600)
    assert again.returncode in (0, 1), again.stderr
    resumed = _results(out)["open"]
    assert resumed["status"] == "audited" and resumed["crawl"]["stopped_because"] != "interrupted"
    # the crawl began when its first page was gathered, not when the resume did
    assert resumed["crawl"]["started"] <= min(p["fetched_at"] for p in first)


class _Silent:
    """A port that accepts connections and never answers: a portal that hangs."""

    def __init__(self) -> None:
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(16)
        self.server.settimeout(0.2)
        self.accepted: list[socket.socket] = []
        self.stop = False
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.getsockname()[1]}/"

    def _accept(self) -> None:
        while not self.stop:
            try:
                self.accepted.append(self.server.accept()[0])
            except OSError:
                continue

    def close(self) -> None:
        self.stop = True
        self.thread.join(timeout=5)
        for conn in self.accepted:
            conn.close()
        self.server.close()


@pytest.mark.browser
def test_ctrl_c_before_any_page_leaves_the_portal_not_audited(tmp_path):
    silent = _Silent()
    try:
        config = write_config(tmp_path / "portals.yaml", [
            {"name": "Hanging", "slug": "hanging", "url": silent.url, "obey_robots": False, "page_timeout": 60}])
        run = subprocess.Popen(CLI + ["run", str(config), "--out", str(tmp_path / "out")], start_new_session=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not silent.accepted:
            time.sleep(0.1)
        assert silent.accepted, "the browser never asked for the start page"
        os.killpg(run.pid, signal.SIGINT)
        stdout, stderr = run.communicate(timeout=90)
    finally:
        silent.close()
    assert run.returncode == 3, stderr
    hanging = _results(tmp_path / "out")["hanging"]
    assert hanging["status"] == "not_audited" and "interrupted" in hanging["status_reason"]
    assert hanging["score"] is None and hanging["grade"] is None and hanging["findings"] == []
    assert "not audited  Hanging" in stdout


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.mark.browser
def test_a_rerun_after_an_outage_fetches_the_portal_and_fresh_starts_over(tmp_path):
    port = _free_port()
    out = tmp_path / "out"
    config = write_config(tmp_path / "portals.yaml", [
        {"name": "Westshire", "slug": "west", "url": f"http://127.0.0.1:{port}/", "rate": 50, "concurrency": 2,
         "max_pages": 8, "probes": False, "screenshots": False, "documents": False}])
    down = subprocess.run(CLI + ["run", str(config), "--out", str(out)], capture_output=True, text=True, timeout=300)
    assert down.returncode == 3, down.stderr
    west = _results(out)["west"]
    assert west["status"] == "not_audited" and west["status_reason"].startswith("host unreachable: connection refused")
    assert west["crawl"]["blocked_by_robots"] == 0

    site = partial(_QuietHandler, directory=str(SAMPLES_DIR / "legacy-portal" / "site"))
    server = ThreadingHTTPServer(("127.0.0.1", port), site)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        up = subprocess.run(CLI + ["run", str(config), "--out", str(out)], capture_output=True, text=True,
                            timeout=300)
        assert up.returncode in (0, 1), up.stderr
        west = _results(out)["west"]
        assert west["status"] == "audited" and west["score"] is not None and west["crawl"]["pages"] >= 5
        pages = [json.loads(p.read_text()) for p in (out / "artifacts" / "west" / "pages").glob("*.json")]
        start = next(p for p in pages if p["depth"] == 0)
        assert start["status"] == 200 and start["error"] is None      # the failed start page was fetched again
        gathered = {p.name: json.loads(p.read_text())["fetched_at"]
                    for p in (out / "artifacts" / "west" / "pages").glob("*.json")}

        fresh = subprocess.run(CLI + ["run", str(config), "--out", str(out), "--fresh"], capture_output=True,
                               text=True, timeout=300)
    finally:
        server.shutdown()
        server.server_close()
    assert fresh.returncode in (0, 1), fresh.stderr
    assert "already gathered" not in fresh.stderr
    refetched = {p.name: json.loads(p.read_text())["fetched_at"]
                 for p in (out / "artifacts" / "west" / "pages").glob("*.json")}
    assert set(refetched) == set(gathered) and all(refetched[k] >= gathered[k] for k in gathered)
    assert _results(out)["west"]["status"] == "audited"
