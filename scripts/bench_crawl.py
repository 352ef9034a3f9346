"""Crawl throughput and memory: audit a generated 200-page local portal at concurrency 1, 2 and 4.

Not a test: a machine's load changes timings, so this reports pages per minute and memory for a
person to read (and paste into the README), and never asserts on time.
Memory is the proportional set size (PSS) of this process and every child (Chromium included),
sampled twice a second; "growth" compares the last quarter of the run with the second quarter.
"""
from __future__ import annotations

import argparse
import asyncio
import tempfile
import threading
import time
from pathlib import Path

import psutil

from auditor.config import parse_config
from auditor.pipeline import gather
from auditor.progress import Progress
from auditor.samples.server import serve_generated


def tree_pss_mb() -> float:
    total = 0
    me = psutil.Process()
    for proc in [me, *me.children(recursive=True)]:
        try:
            total += proc.memory_full_info().pss
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return total / 2**20


class MemorySampler(threading.Thread):
    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.samples: list[float] = []
        self.running = True

    def run(self) -> None:
        while self.running:
            self.samples.append(tree_pss_mb())
            time.sleep(0.5)


def bench(pages: int, concurrency: int, probes: bool) -> dict[str, float]:
    with serve_generated(pages) as portal, tempfile.TemporaryDirectory() as out:
        configs = parse_config({"portals": [{
            "name": portal.name, "url": portal.url, "max_pages": pages, "rate": 1000, "concurrency": concurrency,
            "max_per_pattern": pages, "notice_sample": pages, "time_budget": 900, "probes": probes}]},
            Path("<bench>"))
        sampler = MemorySampler()
        sampler.start()
        start = time.monotonic()
        outcome = asyncio.run(gather(configs, Path(out), Progress(quiet=True)))
        seconds = time.monotonic() - start
        sampler.running = False
        sampler.join()
    crawled = outcome.summaries[configs[0].slug].pages
    s = sampler.samples or [0.0]
    quarter = max(1, len(s) // 4)
    second_q, last_q = s[quarter:2 * quarter] or s, s[-quarter:]
    return {"concurrency": concurrency, "pages": crawled, "seconds": seconds, "per_minute": crawled / seconds * 60,
            "peak_mb": max(s), "growth_mb": sum(last_q) / len(last_q) - sum(second_q) / len(second_q)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--no-probes", action="store_true", help="measure without the in-browser probes")
    args = parser.parse_args()
    print(f"Generated portal of {args.pages} pages on 127.0.0.1; axe and a screenshot on every page"
          f"{'' if args.no_probes else ', the in-browser probes on the first pages of each URL pattern (probe_sample)'}"
          ".\n")
    print("| concurrency | pages | seconds | pages/min | peak memory (MB) | memory growth, 2nd to 4th quarter (MB) |")
    print("|---:|---:|---:|---:|---:|---:|")
    for concurrency in args.concurrency:
        r = bench(args.pages, concurrency, not args.no_probes)
        print(f"| {r['concurrency']} | {r['pages']} | {r['seconds']:.1f} | {r['per_minute']:.0f} | "
              f"{r['peak_mb']:.0f} | {r['growth_mb']:+.0f} |", flush=True)


if __name__ == "__main__":
    main()
