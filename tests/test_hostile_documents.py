"""Hostile document files: each is inspected in bounded time and memory, and the artifact says
which limit cut its inspection short. Files are generated here, served on 127.0.0.1 only."""
from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil
import pytest

from model.artifacts import to_dict
from auditor.documents import inspect_pdf, inspect_zip, sniff_format
from auditor.documents.containers import MAX_MEMBERS_LISTED
from auditor.documents.pdf import MAX_DECODED_BYTES, MAX_TEXT_CHARS, PAGES_CHECKED
from auditor.documents.sandbox import Limits, inspect_untrusted
from tests import docfactory
from tests.test_documents import DocumentServer, _pdf, probe

GRACE = 10.0                      # seconds of slack for a loaded two-core machine
PARENT_GROWTH = 300 * 2**20       # the crawler's own memory may grow this much, whatever it probes


@pytest.fixture(scope="module")
def hostile_files() -> dict[str, bytes]:
    return {"forms": docfactory.form_reuse_pdf(), "inflating": docfactory.inflating_pdf(1.0),
            "title": docfactory.long_title_pdf(), "entries": docfactory.many_member_zip()}


class PeakRss:
    """The highest resident size of this process while the block runs, sampled every 20 ms."""

    def __init__(self) -> None:
        self.process = psutil.Process()
        self.start = self.peak = self.process.memory_info().rss
        self._done = threading.Event()

    def _sample(self) -> None:
        while not self._done.wait(0.02):
            self.peak = max(self.peak, self.process.memory_info().rss)

    def __enter__(self) -> "PeakRss":
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._done.set()
        self._thread.join()

    @property
    def growth(self) -> int:
        return self.peak - self.start


def test_one_form_referenced_from_every_page_is_walked_once(hostile_files):
    data = hostile_files["forms"]
    assert len(data) < 10_000
    started = time.monotonic()
    info = inspect_pdf(data)
    assert time.monotonic() - started < GRACE
    assert (info["pages_checked"], info["text_layer"], info["scanned"], info["limit"]) == \
        (PAGES_CHECKED, False, False, None)


def test_content_stream_inflation_is_capped_and_the_text_layer_left_unknown(hostile_files):
    data = hostile_files["inflating"]
    assert len(data) < 1_500_000
    with PeakRss() as rss:
        info = inspect_pdf(data)
    assert info["limit"] == f"content streams decode to more than {MAX_DECODED_BYTES // 1_000_000} MB"
    assert info["text_layer"] is None and info["scanned"] is None and info["error"] is None
    assert rss.growth < PARENT_GROWTH


def test_a_million_character_title_is_capped(hostile_files):
    info = inspect_pdf(hostile_files["title"])
    assert info["title"] == "T" * MAX_TEXT_CHARS


def test_stored_pdf_first_in_a_zip_is_a_zip():
    pack = docfactory.zip_of({"01 Specification.pdf": docfactory.pdf_with_text(), "02 Prices.pdf":
                              docfactory.pdf_with_text()}, stored_first=True)
    assert b"%PDF-" in pack[:1024]
    assert sniff_format(pack[:8192], "application/pdf", url="https://portal.test/pack.pdf") == \
        ("zip", "magic bytes PK (ZIP)")
    assert sniff_format(pack, url="https://portal.test/pack") == ("zip", "magic bytes PK (ZIP)")


def test_a_zip_of_240000_entries_lists_the_cap_and_counts_them_all(hostile_files):
    listing = inspect_zip(hostile_files["entries"])
    assert len(listing["members"]) == MAX_MEMBERS_LISTED and listing["members_total"] == 240_000
    # the whole archive is sniffed without listing it
    assert sniff_format(hostile_files["entries"], url="https://portal.test/pack") == \
        ("zip", "magic bytes PK (ZIP)")


@pytest.mark.parametrize(("limits", "expected"), [
    (Limits(memory_bytes=80 * 2**20), ("memory", "worker killed")),
    (Limits(cpu_seconds=1), ("cpu time",)),
    (Limits(wall_seconds=0.5), ("wall time",)),
])
def test_a_worker_past_its_limit_is_stopped_and_says_which(hostile_files, limits, expected):
    started = time.monotonic()
    inspection = asyncio.run(inspect_untrusted("zip", hostile_files["entries"], limits=limits))
    assert time.monotonic() - started < min(limits.wall_seconds, limits.cpu_seconds * 2) + GRACE
    assert inspection.value is None and inspection.limit.startswith(expected), inspection.limit


def test_a_cancelled_inspection_kills_its_worker_and_frees_its_slot(hostile_files):
    async def run() -> float:
        task = asyncio.create_task(inspect_untrusted("zip", hostile_files["entries"]))
        await asyncio.sleep(0.3)
        task.cancel()
        started = time.monotonic()
        with pytest.raises(asyncio.CancelledError):
            await task
        return time.monotonic() - started

    assert asyncio.run(run()) < GRACE
    small = docfactory.zip_of({"a.txt": "a"})
    for _ in range(3):   # every slot is free again
        assert asyncio.run(inspect_untrusted("zip", small)).value["members_total"] == 1


def test_the_interpreter_exits_while_a_worker_is_busy(tmp_path: Path, hostile_files):
    (tmp_path / "entries.zip").write_bytes(hostile_files["entries"])
    script = (
        "import asyncio, sys\n"
        "from auditor.documents.sandbox import inspect_untrusted\n"
        "async def main():\n"
        "    data = open(sys.argv[1], 'rb').read()\n"
        "    try:\n"
        "        await asyncio.wait_for(inspect_untrusted('zip', data), 0.5)\n"
        "    except TimeoutError:\n"
        "        print('gave up')\n"
        "if __name__ == '__main__':\n"
        "    asyncio.run(main())\n")
    (tmp_path / "busy.py").write_text(script)
    started = time.monotonic()
    done = subprocess.run([sys.executable, str(tmp_path / "busy.py"), str(tmp_path / "entries.zip")],
                          capture_output=True, text=True, timeout=60, cwd=Path(__file__).parent.parent)
    assert done.stdout.strip() == "gave up", done.stderr
    assert time.monotonic() - started < GRACE


@pytest.fixture
def hostile_server(hostile_files):
    pack = docfactory.zip_of({"spec.pdf": docfactory.pdf_with_text()}, stored_first=True)
    site = DocumentServer({
        "/forms.pdf": _pdf(hostile_files["forms"]),
        "/inflating.pdf": _pdf(hostile_files["inflating"]),
        "/title.pdf": _pdf(hostile_files["title"]),
        "/stored-pack.pdf": _pdf(pack),
        "/entries.zip": lambda m: (200, {"Content-Type": "application/zip"}, hostile_files["entries"]),
    })
    site.thread.start()
    yield site
    site.httpd.shutdown()
    site.httpd.server_close()


def test_prober_records_each_limit_in_bounded_time_and_memory(hostile_server):
    paths = ["/forms.pdf", "/inflating.pdf", "/title.pdf", "/stored-pack.pdf", "/entries.zip"]
    started = time.monotonic()
    with PeakRss() as rss:
        docs, _ = probe(hostile_server, *paths, max_bytes=30_000_000)
    assert time.monotonic() - started < 3 * GRACE
    assert rss.growth < PARENT_GROWTH
    forms, inflating, title, pack, entries = docs
    assert forms.pdf["pages_checked"] == PAGES_CHECKED and forms.limit is None
    assert inflating.limit == inflating.pdf["limit"] and "decode to more than" in inflating.limit
    assert len(title.pdf["title"]) == MAX_TEXT_CHARS
    assert pack.format == "zip" and pack.zip_members[0]["pdf"]["text_layer"] is True
    assert (len(entries.zip_members), entries.zip_members_total) == (MAX_MEMBERS_LISTED, 240_000)
    assert entries.limit == f"more than {MAX_MEMBERS_LISTED} members: the first {MAX_MEMBERS_LISTED} of 240000 listed"
    assert len(json.dumps(to_dict(entries))) < 1_000_000
