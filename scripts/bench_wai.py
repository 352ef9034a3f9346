"""Measure our accessibility checks against the W3C WAI Before and After Demonstration (BAD).

The W3C published, for each "before" page, which WCAG 2.0 success criteria it fails, and
repaired every barrier in the "after" pages. So the "before" pages tell us what we detect
(recall, against an expert evaluation) and the "after" pages what we wrongly flag (false
positives). The benchmark folder is served read-only on 127.0.0.1, each page is gathered with
the same code as a crawl, and every registered check runs over the five pages of each side
as one portal (so site-wide checks such as shared page titles apply).

Each demo page sits inside the W3C's own accessible wrapper (a header with a skip link, an h1
and the demo's menu; a footer), which the W3C reports do not evaluate, and each title ends in
"[Inaccessible News Page]" or similar. The wrapper and that suffix are removed in the browser
before gathering, on both sides alike, so that we audit what the W3C evaluated.

    python scripts/bench_wai.py [--benchmarks PATH] [--json]

Prints a Markdown table ready for the README.
"""
from __future__ import annotations

import argparse
import asyncio
import functools
import json
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

from bs4 import BeautifulSoup

from model.artifacts import PageArtifact, PortalArtifacts
from auditor.browser import launch
from auditor.config import Scope
from auditor.crawler import new_context
from auditor.gather import GatherOptions, gather_page
from checks.common import wcag_criteria
from checks.catalogue import all_checks
from checks.registry import FAILURE, run_check

PAGES = ("home", "news", "tickets", "survey", "template")
REPO = Path(__file__).resolve().parent.parent
DEFAULT_BENCHMARKS = REPO.parent / "shared" / "benchmarks" / "wai-bad"
TARGET_DETECTED = 16


# The W3C's wrapper around each demo page, removed before the page's own scripts run.
UNWRAP_JS = """document.addEventListener("DOMContentLoaded", () => {
  for (const id of ["meta-header", "meta-footer"]) { const el = document.getElementById(id); if (el) el.remove(); }
  document.title = document.title.replace(/\\s*\\[(In)?accessible [^\\]]*\\]\\s*$/, "");
}, { capture: true, once: true });"""


@dataclass
class PageResult:
    page: str
    w3c_failing: set[str]
    judged: set[str]               # the criteria the W3C report evaluates (WCAG 2.0, A to AAA)
    axe: set[str]
    ours: set[str]
    after_axe: set[str]
    after_ours: set[str]
    after_findings: list[str] = field(default_factory=list)
    probe_times: dict[str, float] = field(default_factory=dict)   # seconds, by probe kind


def w3c_report(report: Path) -> tuple[set[str], set[str]]:
    """(criteria failed, criteria evaluated) per the W3C report: its `tr.criterion` rows."""
    soup = BeautifulSoup(report.read_text(encoding="utf-8"), "html.parser")
    rows = soup.select("tr.criterion")
    criterion = lambda row: row.find_all("td")[1].get_text(strip=True)  # noqa: E731
    return {criterion(r) for r in rows if "fail" in r["class"]}, {criterion(r) for r in rows}


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(root: Path) -> Iterator[str]:
    """Static server on 127.0.0.1 for the benchmark folder; yields its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def axe_criteria(page: PageArtifact) -> set[str]:
    if page.axe is None:
        return set()
    return {sc for v in page.axe.violations for sc in wcag_criteria(v.tags)}


def finding_criteria(pages: list[PageArtifact]) -> dict[str, tuple[set[str], set[str], list[str]]]:
    """Per page URL: the criteria named by failures, those named by anything found (failures and what
    needs review: either costs a council's time on an accessible page), and the findings."""
    portal = PortalArtifacts(name="bench", slug="bench", start_url=pages[0].url, pages=pages)
    found: dict[str, tuple[set[str], set[str], list[str]]] = {p.url: (set(), set(), []) for p in pages}
    for chk in all_checks():
        for finding in run_check(chk, portal).findings:
            if finding.wcag and finding.url in found:
                failed, named, rows = found[finding.url]
                named.update(finding.wcag)
                if finding.certainty == FAILURE:
                    failed.update(finding.wcag)
                rows.append(f"{finding.check} [{finding.certainty}] {','.join(finding.wcag)} {finding.selector or ''}: "
                            f"{finding.message[:140]}")
    return found


async def gather(base: str, paths: list[str]) -> dict[str, PageArtifact]:
    results: dict[str, PageArtifact] = {}
    async with launch() as browser:
        for path in paths:
            context = await new_context(browser)
            await context.add_init_script(UNWRAP_JS)
            page = await context.new_page()
            try:
                url = f"{base}/{path}"
                scope = Scope(hosts=[urlsplit(base).netloc])     # the request policy keeps a gather in scope
                results[path] = await gather_page(page, PageArtifact(url=url), GatherOptions(scope=scope))
            finally:
                await context.close()
    return results


def run(benchmarks: Path) -> list[PageResult]:
    with serve(benchmarks) as base:
        paths = [f"{side}/{name}.html" for name in PAGES for side in ("before", "after")]
        artifacts = asyncio.run(gather(base, paths))
    for art in artifacts.values():
        if art.error:
            raise SystemExit(f"could not gather {art.url}: {art.error}")
    found = {side: finding_criteria([artifacts[f"{side}/{name}.html"] for name in PAGES]) for side in ("before", "after")}
    results = []
    for name in PAGES:
        before, after = artifacts[f"before/{name}.html"], artifacts[f"after/{name}.html"]
        failing, judged = w3c_report(benchmarks / "before" / "reports" / f"{name}.html")
        _, after_ours, after_rows = found["after"][after.url]
        results.append(PageResult(
            page=name, w3c_failing=failing, judged=judged, axe=axe_criteria(before), ours=found["before"][before.url][0],
            after_axe=axe_criteria(after), after_ours=after_ours, after_findings=after_rows,
            probe_times=before.probe_times))
    return results


def sc_key(sc: str) -> tuple[int, ...]:
    return tuple(int(part) for part in sc.split("."))


def listing(criteria: set[str]) -> str:
    return ", ".join(sorted(criteria, key=sc_key)) or "none"


def markdown(results: list[PageResult]) -> str:
    lines = ["| Page | SCs failing (W3C) | Detected by axe alone | Detected by axe + our checks | "
             "False positives on the \"after\" page | Not judged by the W3C (WCAG 2.1+) on the \"after\" page |",
             "|---|---|---|---|---|---|"]
    for r in results:
        lines.append(f"| {r.page} | {len(r.w3c_failing)} | {len(r.axe & r.w3c_failing)} | {len(r.ours & r.w3c_failing)} | "
                     f"{len(r.after_ours & r.judged)} | {listing(r.after_ours - r.judged) if r.after_ours - r.judged else 0} |")
    lines.append("")
    for r in results:
        lines.append(f"- **{r.page}**: found by our checks, not axe: {listing((r.ours - r.axe) & r.w3c_failing)}; "
                     f"missed: {listing(r.w3c_failing - r.ours)}; flagged beyond the W3C's list: {listing(r.ours - r.w3c_failing)}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--benchmarks", type=Path, default=DEFAULT_BENCHMARKS,
                        help="the wai-bad folder (before/, after/, their reports/)")
    parser.add_argument("--json", action="store_true", help="print the raw per-page sets as JSON too")
    parser.add_argument("--verbose", action="store_true", help="list every WCAG-tagged finding on the after pages")
    args = parser.parse_args(argv)
    if not (args.benchmarks / "before" / "reports").is_dir():
        print(f"no W3C BAD benchmark at {args.benchmarks}", file=sys.stderr)
        return 2
    started = time.monotonic()
    results = run(args.benchmarks)
    print(markdown(results))
    print(f"\n({time.monotonic() - started:.1f} s; probe cost per before page, s: "
          + ", ".join(f"{r.page} {r.probe_times.get('total', '?')}" for r in results) + ")")
    if args.verbose:
        for r in results:
            for row in r.after_findings:
                print(f"after/{r.page}: {row}")
    if args.json:
        print(json.dumps([{k: sorted(v, key=sc_key) if isinstance(v, set) else v for k, v in vars(r).items()}
                          for r in results], indent=1))
    missed_target = any(len(r.ours & r.w3c_failing) < TARGET_DETECTED for r in results)
    return 1 if missed_target or any(r.after_ours & r.judged for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
