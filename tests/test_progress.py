"""Progress as people and CI logs see it: a line per portal on a terminal, JSON lines elsewhere."""
from __future__ import annotations

import io
import json

from auditor.progress import PortalState, Progress, estimate, plural


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def screen(text: str) -> list[str]:
    """What a terminal shows: cursor-up-and-clear (ESC[nF ESC[J) removes the last n lines; ESC[K is a no-op here."""
    lines: list[str] = []
    i = 0
    while i < len(text):
        if text.startswith("\033[", i):
            end = i + 2
            while not text[end].isalpha():
                end += 1
            code, arg = text[end], text[i + 2:end]
            if code == "F":
                del lines[len(lines) - int(arg):]
            i = end + 1
            continue
        newline = text.find("\n", i)
        newline = len(text) if newline == -1 else newline
        chunk = text[i:newline]
        escape = chunk.find("\033[")
        if escape != -1:
            chunk, newline = chunk[:escape], i + escape - 1
        if chunk:
            lines.append(chunk)
        i = newline + 1
    return lines


def test_counts_are_singular_and_plural_right():
    assert plural(1, "error") == "1 error" and plural(0, "error") == "0 errors" and plural(2, "page") == "2 pages"
    line = PortalState("A", "crawl", pages=1, max_pages=1, queued=0, errors=1, documents=1, elapsed=65, budget=900).line()
    assert line == "[A] crawl: 1 of 1 page, 1:05 of 15:00, 0 queued, 1 error, 1 document"
    line = PortalState("A", "documents", pages=12, max_pages=200, queued=3, errors=2, documents=0, elapsed=3700,
                       budget=7200, eta=30).line()
    assert line == "[A] documents: 12 of 200 pages, 1:01:40 of 2:00:00, 3 queued, 2 errors, 0 documents, about 0:30 left"


def test_the_estimate_is_the_pace_so_far_never_past_the_budget():
    assert estimate(PortalState("A", pages=10, max_pages=100, elapsed=20, budget=900)) == 180
    assert estimate(PortalState("A", pages=10, max_pages=100, elapsed=20, budget=60)) == 40
    assert estimate(PortalState("A", pages=0, max_pages=100, elapsed=20, budget=60)) is None
    assert estimate(PortalState("A", pages=1, max_pages=100, elapsed=0, budget=60)) is None
    assert estimate(PortalState("A", phase="journeys", pages=10, max_pages=100, elapsed=20, budget=900)) is None


def test_a_terminal_keeps_one_line_per_portal_and_prints_events_above_them(monkeypatch):
    monkeypatch.delenv("CI", raising=False)       # CI machines set it, which rightly asks for JSON lines
    term, clock = Terminal(), Clock()
    progress = Progress(stream=term, now=clock)
    progress.status("Northshire", pages=1, max_pages=200, queued=4, budget=900)
    clock.now += 10
    progress.status("Eastmarch", pages=1, max_pages=50, budget=300)
    clock.now += 10
    progress.status("Northshire", pages=11, max_pages=200, queued=9, errors=1, documents=2, budget=900)
    progress.event("portal", message="Westvale: crawling http://westvale.example/")
    shown = screen(term.getvalue())
    assert shown == ["portal: Westvale: crawling http://westvale.example/",
                     "[Northshire] crawl: 11 of 200 pages, 0:20 of 15:00, 9 queued, 1 error, 2 documents, about 5:44 left",
                     "[Eastmarch] crawl: 1 of 50 pages, 0:00 of 5:00, 0 queued, 0 errors, 0 documents"]
    progress.done("Northshire")
    assert screen(term.getvalue())[1:] == [shown[2]]


def test_a_log_gets_json_lines_with_structured_fields_every_few_seconds_and_at_each_phase():
    log, clock = io.StringIO(), Clock()
    progress = Progress(stream=log, now=clock)        # not a terminal: JSON lines without being asked
    progress.status("Northshire", pages=1, max_pages=200, budget=900)
    clock.now += 1
    progress.status("Northshire", pages=2, max_pages=200, budget=900)        # too soon: not logged
    progress.status("Northshire", phase="documents", pages=2, max_pages=200, queued=5, budget=900)
    clock.now += 6
    progress.status("Northshire", phase="documents", pages=2, max_pages=200, queued=4, budget=900)
    progress.event("portal", message="done")
    records = [json.loads(line) for line in log.getvalue().splitlines()]
    assert [r["event"] for r in records] == ["progress", "progress", "progress", "portal"]
    first = records[0]
    assert {k: first[k] for k in ("portal", "phase", "pages", "max_pages", "queued", "errors", "documents",
                                  "elapsed", "budget", "eta")} == {
        "portal": "Northshire", "phase": "crawl", "pages": 1, "max_pages": 200, "queued": 0, "errors": 0,
        "documents": 0, "elapsed": 0.0, "budget": 900.0, "eta": None}
    assert records[1]["phase"] == "documents" and records[1]["eta"] is None and records[2]["elapsed"] == 7.0


def test_ci_gets_json_lines_even_on_a_terminal(monkeypatch):
    monkeypatch.setenv("CI", "true")
    term = Terminal()
    Progress(stream=term).status("A", pages=1, max_pages=2)
    assert json.loads(term.getvalue())["event"] == "progress"
    monkeypatch.delenv("CI")
    term = Terminal()
    Progress(stream=term).status("A", pages=1, max_pages=2)
    assert term.getvalue().endswith("[A] crawl: 1 of 2 pages, 0:00, 0 queued, 0 errors, 0 documents\n")
