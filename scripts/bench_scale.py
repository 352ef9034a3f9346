"""National scale on one machine: generated portals spread over loopback hosts, local runner vs Ray.

Not a test: a shared machine's load changes timings, so this prints pages per minute, Ray's
overhead over the local runner, the peak memory (PSS) of the whole process tree (Chromium and
Ray's processes included) and the busiest second any host saw, for a person to read and paste
into the README. The default is the issue's configuration (100 portals of 20 pages over 20
hosts); pass smaller numbers on a busy machine.
"""
from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path

import psutil
from bench import MemorySampler

from auditor.config import parse_config
from auditor.pipeline import gather
from auditor.progress import Progress
from auditor.samples.server import busiest_second, serve_generated_hosts


def bench(runner: str, portals: list, rate: float) -> dict[str, float]:
    configs = parse_config({"defaults": {"rate": rate, "concurrency": 2, "time_budget": 900, "probes": False},
                            "portals": [{"name": p.name, "url": p.url, "slug": p.slug,
                                         "scope": {"paths": [f"/{p.slug}/"]}} for p in portals]}, Path("<bench>"))
    hosts = {p.url.split("/buyer")[0]: p for p in portals}
    start_counts = {h: len(p.arrivals) for h, p in hosts.items()}
    with tempfile.TemporaryDirectory() as out:
        sampler = MemorySampler(psutil.Process())
        sampler.start()
        start = time.monotonic()
        if runner == "ray":
            from auditor.cluster import run_on_ray
            outcome = run_on_ray(configs, Path(out), Progress(quiet=True), None)
        else:
            outcome = asyncio.run(gather(configs, Path(out), Progress(quiet=True)))
        seconds = time.monotonic() - start
        samples = sampler.stop()
    pages = sum(s.pages for s in outcome.summaries.values())
    peak_rate = max(busiest_second(p.arrivals[start_counts[h]:]) for h, p in hosts.items())
    return {"pages": pages, "failed": len(outcome.failed), "seconds": seconds, "per_minute": pages / seconds * 60,
            "peak_mb": max((s.mb for s in samples), default=0.0), "peak_rate": peak_rate}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--portals", type=int, default=100)
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--hosts", type=int, default=20)
    parser.add_argument("--rate", type=float, default=10.0, help="requests per second per host")
    parser.add_argument("--runners", nargs="+", choices=("local", "ray"), default=["local", "ray"])
    args = parser.parse_args()
    print(f"{args.portals} generated portals of {args.pages} pages over {args.hosts} loopback hosts, "
          f"rate {args.rate:g} per host; axe and a screenshot on every page, no probes, built-in journeys.\n")
    print("| runner | pages | failed portals | seconds | pages/min | peak memory (MB) | busiest second of any host |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    rows = {}
    with serve_generated_hosts(args.hosts, args.portals, args.pages) as portals:
        for runner in args.runners:
            r = rows[runner] = bench(runner, portals, args.rate)
            print(f"| {runner} | {r['pages']} | {r['failed']} | {r['seconds']:.0f} | {r['per_minute']:.0f} | "
                  f"{r['peak_mb']:.0f} | {r['peak_rate']} |", flush=True)
    if {"local", "ray"} <= set(rows):
        overhead = rows["ray"]["seconds"] / rows["local"]["seconds"] - 1
        print(f"\nRay's overhead over the local runner: {overhead:+.0%} of the wall time.")


if __name__ == "__main__":
    main()
