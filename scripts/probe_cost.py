"""What the in-browser probes cost, by kind, on the bundled sample pages (issue 17).

Serves every static HTML page of the sample portals and the probe test pages on 127.0.0.1, records
each as a crawl does (extraction, axe, probes; no screenshot) in one browser context, and prints the
mean seconds per probed page for axe and for each probe kind, from the page artifacts' `probe_times`.
The machine is shared: compare two versions by running them back to back, and read ratios.

    python scripts/probe_cost.py [--rounds N]
"""
from __future__ import annotations

import argparse
import asyncio
import functools
import statistics
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from model.artifacts import PageArtifact
from auditor.browser import launch
from auditor.config import Scope
from auditor.crawler import new_context
from auditor.gather import GatherOptions, record_page, run_axe

REPO = Path(__file__).resolve().parent.parent
FOLDERS = [REPO / "tests" / "pages", *sorted((REPO / "auditor" / "samples").glob("*/site"))]


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def pages() -> list[tuple[Path, str]]:
    """(served folder, relative path) of every static page."""
    return [(folder, str(p.relative_to(folder))) for folder in FOLDERS
            for p in sorted(folder.rglob("*.htm*")) if p.is_file()]


async def measure(bases: dict[Path, str], rounds: int) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {}
    async with launch() as browser:
        context = await new_context(browser)
        page = await context.new_page()
        for _ in range(rounds):
            for folder, path in pages():
                url = f"{bases[folder]}/{path}"
                try:
                    await page.goto(url, timeout=15000)
                except Exception:          # noqa: BLE001  a sample page that will not load is not measured
                    continue
                began = time.monotonic()
                await run_axe(page)
                times.setdefault("axe", []).append(time.monotonic() - began)
                artifact = await record_page(page, PageArtifact(url=url), GatherOptions(scope=Scope()))
                for kind, seconds in (artifact.probe_times or {}).items():
                    times.setdefault(kind, []).append(seconds)
        await context.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    servers, bases = [], {}
    for folder in FOLDERS:
        server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        bases[folder] = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        times = asyncio.run(measure(bases, args.rounds))
    finally:
        for server in servers:
            server.shutdown()
    for kind, values in times.items():
        print(f"{kind:14} {statistics.mean(values):.3f} s mean over {len(values)} pages, max {max(values):.3f}")


if __name__ == "__main__":
    main()
