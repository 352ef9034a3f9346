"""Hostile pages in real Chromium, served on 127.0.0.1 only: each run ends within its budget,
the browser's memory stays bounded, and the innocent pages around a hostile one are audited."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import psutil
import pytest

from auditor.config import parse_config
from auditor.store import PortalStore
from auditor.documents.containers import MAX_MEMBERS_LISTED
from tests import docfactory
from tests.conftest import crawl

pytestmark = pytest.mark.browser

PAGE_TIMEOUT = 5.0
GRACE = 30.0                       # seconds of slack for a loaded two-core machine
MEMORY_BOUND = 1_500 * 2**20       # the whole run: this process, the browser and its renderers
INNOCENT = ["/a.html", "/b.html", "/c.html", "/d.html"]


def page(title: str, body: str = "", head: str = "") -> bytes:
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>{head}'
            f'</head><body><main><h1>{title}</h1>{body}</main></body></html>').encode()


def portal(hostile: str, first: str) -> dict[str, bytes]:
    """A start page linking to one hostile page first, then to innocent ones."""
    links = "".join(f'<p><a href="{path}">{path}</a></p>' for path in ["/hostile.html", *INNOCENT])
    return {"/": page("Tenders", links), "/hostile.html": page("Hostile", first, hostile),
            **{path: page(f"Notice {path}", "<p>Closing date 1 March</p>") for path in INNOCENT}}


HANG_AT_PARSE = "<script>while (true) {}</script>"
# hangs once loaded, before our first evaluation can run: the timer is queued while the load event is
# dispatched, ahead of anything we send after seeing it (a 300 ms delay let a fast gather, or a timer
# throttled in a background tab, finish the page before the hang)
HANG_AFTER_LOAD = "<script>addEventListener('load', () => setTimeout(() => { while (true) {} }, 0));</script>"
PUSH_STATE_FLOOD = ("<script>let n = 0; setInterval(() => { for (let i = 0; i < 100; i++) "
                    "history.pushState({}, '', '?s=' + (n++)); }, 10);</script>")
POISONED_GLOBALS = """<script>
String.prototype.slice = () => 42;
Element.prototype.getAttribute = function () { return {evil: true}; };
Object.defineProperty(window, "axe", {value: {run: () => Promise.resolve(42)}, configurable: false, writable: false});
</script>"""


CONTENT_TYPES = {"pdf": "application/pdf", "zip": "application/zip"}


class HostilePortal:
    """Serves fixed pages; records each request path."""

    def __init__(self, pages: dict[str, bytes]) -> None:
        self.requests: list[str] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                site.requests.append(self.path)
                path = self.path.split("?")[0]
                body = pages.get(path)
                self.send_response(200 if body else 404)
                self.send_header("Content-Type", CONTENT_TYPES.get(path.rsplit(".", 1)[-1], "text/html; charset=utf-8")
                                 if body else "text/plain")
                body = body or b"missing"
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"

    def __enter__(self) -> "HostilePortal":
        threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def __exit__(self, *_: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class PeakTreeMemory:
    """The highest proportional set size (PSS: shared pages split between the processes sharing
    them, so Chromium's processes are not counted many times over) of this process and all its
    descendants (browser, renderers, document workers), sampled every 200 ms."""

    def __init__(self) -> None:
        self.peak = 0
        self._done = threading.Event()

    def _sample(self) -> None:
        me = psutil.Process()
        while not self._done.wait(0.2):
            total = 0
            for process in [me, *me.children(recursive=True)]:
                try:
                    total += process.memory_full_info().pss
                except psutil.Error:
                    pass    # ended between listing and reading
            self.peak = max(self.peak, total)

    def __enter__(self) -> "PeakTreeMemory":
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._done.set()
        self._thread.join()


def config_for(url: str, **overrides) -> dict:
    return {"name": "Hostile", "url": url, "slug": "hostile", "rate": 100, "concurrency": 1,
            "time_budget": 120, "page_timeout": PAGE_TIMEOUT, "probes": False, "screenshots": False,
            "documents": False, "max_pages": 10, **overrides}


def audit(pages: dict[str, bytes], tmp_path: Path, **overrides):
    with HostilePortal(pages) as site, PeakTreeMemory() as memory:
        configs = parse_config({"portals": [config_for(site.url, **overrides)]}, Path("<tests>"))
        started = time.monotonic()
        outcome = crawl(configs, tmp_path)
        elapsed = time.monotonic() - started
    artifacts = PortalStore(tmp_path, "hostile").load()
    by_path = {"/" + p.url.split("/", 3)[3]: p for p in artifacts.pages}
    return outcome, by_path, elapsed, memory.peak


@pytest.mark.parametrize("hostile", [HANG_AT_PARSE, HANG_AFTER_LOAD], ids=["at-parse", "after-load"])
def test_a_hung_page_is_an_error_and_the_pages_after_it_are_not(tmp_path, hostile):
    outcome, pages, elapsed, peak = audit(portal(hostile, ""), tmp_path)
    assert outcome.summaries["hostile"].stopped_because == "frontier exhausted"
    assert pages["/hostile.html"].error and pages["/hostile.html"].retried   # tried once more, fresh tab
    for path in INNOCENT:
        assert pages[path].error is None and pages[path].title == f"Notice {path}", path
        assert pages[path].axe.error is None and pages[path].axe.version
    # two tries at the hung page (each a load timeout or evaluation deadline, plus closing the tab)
    assert elapsed < 2 * 3 * PAGE_TIMEOUT + 2 * 17 + GRACE
    assert peak < MEMORY_BOUND


def test_a_push_state_flood_cannot_hang_the_run(tmp_path):
    outcome, pages, elapsed, peak = audit(portal(PUSH_STATE_FLOOD, ""), tmp_path, probes=True, screenshots=True)
    assert outcome.summaries["hostile"].stopped_because == "frontier exhausted"
    for path in INNOCENT:
        assert pages[path].error is None and pages[path].title == f"Notice {path}", path
    assert elapsed < 2 * 3 * PAGE_TIMEOUT + GRACE
    assert peak < MEMORY_BOUND


def test_page_script_cannot_reach_extraction_or_axe(tmp_path):
    body = '<p><a href="/a.html" aria-label="First notice">a</a></p><form><label>Q <input name="q"></label></form>'
    outcome, pages, _, _ = audit(portal(POISONED_GLOBALS, body), tmp_path, probes=True)
    hostile = pages["/hostile.html"]
    assert hostile.error is None and hostile.title == "Hostile"
    assert [(link.href, link.text) for link in hostile.links] == [("/a.html", "First notice")]
    assert hostile.forms[0].fields[0].name == "q" and hostile.forms[0].fields[0].label == "Q"
    assert hostile.axe.error is None and hostile.axe.version.startswith("4.")
    assert "error" not in hostile.probes["dom"] and "error" not in hostile.probes["keyboard"]
    assert all(pages[path].error is None for path in INNOCENT)


def test_sigint_ends_a_run_stuck_on_hostile_pages_within_seconds(tmp_path):
    pages = portal(PUSH_STATE_FLOOD + HANG_AFTER_LOAD, "")
    with HostilePortal(pages) as site:
        config = tmp_path / "portals.yaml"
        config.write_text(f"portals:\n  - name: Hostile\n    url: {site.url}\n    rate: 100\n"
                          f"    page_timeout: {PAGE_TIMEOUT}\n    documents: false\n")
        run = subprocess.Popen([sys.executable, "-m", "auditor.cli", "run", str(config), "--out",
                                str(tmp_path / "out")], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               cwd=Path(__file__).parent.parent)
        deadline = time.monotonic() + 60
        while "/hostile.html" not in site.requests and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(2)                     # the hostile page is open and busy
        os.kill(run.pid, signal.SIGINT)
        interrupted = time.monotonic()
        try:
            run.wait(timeout=GRACE)
        finally:
            if run.poll() is None:
                run.kill()
    assert time.monotonic() - interrupted < GRACE, run.stderr.read().decode()[-2000:]
    assert (tmp_path / "out" / "results.json").exists()


def test_hostile_documents_end_in_bounded_time_and_memory_with_their_limits_recorded(tmp_path):
    files = {"/docs/forms.pdf": docfactory.form_reuse_pdf(), "/docs/inflating.pdf": docfactory.inflating_pdf(1.0),
             "/docs/entries.zip": docfactory.many_member_zip(140_000),
             "/docs/pack.zip": docfactory.zip_of({"spec.pdf": docfactory.pdf_with_text()}, stored_first=True)}
    links = "".join(f'<p><a href="{path}">{path}</a></p>' for path in files)
    pages = {"/": page("Tenders", '<p><a href="/notice.html">Notice</a></p>'),
             "/notice.html": page("Notice ABC-1", "<p>Closing date 1 March</p><p>Buyer: Council</p>" + links),
             **files}
    outcome, _, elapsed, peak = audit(pages, tmp_path, documents=True)
    docs = {d.url.split("/", 3)[3]: d for d in PortalStore(tmp_path, "hostile").load().documents}
    assert docs["docs/forms.pdf"].pdf["pages_checked"] == 20 and docs["docs/forms.pdf"].limit is None
    assert "decode to more than" in docs["docs/inflating.pdf"].limit
    assert docs["docs/entries.zip"].zip_members_total == 140_000
    assert len(docs["docs/entries.zip"].zip_members) == MAX_MEMBERS_LISTED
    assert docs["docs/pack.zip"].format == "zip" and docs["docs/pack.zip"].zip_members[0]["format"] == "pdf"
    assert outcome.summaries["hostile"].stopped_because == "frontier exhausted"
    assert elapsed < 60 + GRACE
    assert peak < MEMORY_BOUND
