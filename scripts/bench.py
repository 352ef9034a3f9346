"""The whole job on a realistic council portal: per-phase times, pages per minute, memory, against the targets.

`make bench` audits the generated council portal (auditor/samples/council.py: twelve templates,
real documents) of 30 and of 300 pages on 127.0.0.1 with `tender-audit run` at `rate: 50`,
`concurrency: 2`, exactly as a user would (a process of its own: start-up, crawl with the
in-browser probes, documents, journeys, evaluation, report). `make bench-memory` crawls 2,000
pages of it and shows memory per quarter of the crawl.

The phase times come from the run itself (run.json `phases`, each portal's `crawl.phases`, the
page artifacts' `probe_times` where gathering records them); only the whole job's wall time is
taken from outside. Memory is the proportional set size (PSS) of the job's process and every
child (Chromium included), sampled twice a second. Not a test: a machine's load changes timings,
so this prints a Markdown table for a person to read (and paste into the README) and never fails
on time.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil
import yaml

from auditor.samples.council import serve_council

TARGET_PAGES_PER_MINUTE = 100      # three times pa11y-ci's ~33 on the 30-page portal
TARGET_PROBE_SECONDS = 0.4         # in-browser probes per probed page, on average
TARGET_PEAK_MB = 1536              # 1.5 GB, browser included
FLAT_MB = 50                       # "no growth": within what a renderer's garbage collection moves PSS by
RUN_PHASES = ("launch", "evaluate", "report")
PORTAL_PHASES = ("pages", "documents", "journeys")


@dataclass
class Sample:
    seconds: float
    mb: float
    pages: int                     # page artifacts on disk when the sample was taken
    parts: dict[str, float] = field(default_factory=dict)   # MB by part of the tree (PARTS)


@dataclass
class Job:
    pages: int
    seconds: float
    phases: dict[str, float]
    probe_times: dict[str, float]  # kind -> seconds summed over the pages that recorded them
    probed_pages: int
    timed_pages: int               # pages whose artifact records probe_times
    documents: int
    samples: list[Sample] = field(default_factory=list)

    @property
    def per_minute(self) -> float:
        return self.pages / self.seconds * 60

    @property
    def peak_mb(self) -> float:
        return max((s.mb for s in self.samples), default=0.0)

    @property
    def recorded_seconds(self) -> float:
        """The recorded phases' wall time: documents and journeys start together and overlap, so
        they count as the longer of the two."""
        t = {name: seconds or 0.0 for name, seconds in self.phases.items()}
        return (t.get("launch", 0.0) + t.get("pages", 0.0) + max(t.get("documents", 0.0), t.get("journeys", 0.0))
                + t.get("evaluate", 0.0) + t.get("report", 0.0))

    @property
    def probe_seconds_per_page(self) -> float | None:
        """The probes' recorded "total" per probed page (the kinds' own times add up to it)."""
        return self.probe_times.get("total", 0.0) / self.timed_pages if self.timed_pages else None


# the parts of the job's process tree, so a growth can be traced to one of them
PARTS = ("run", "driver", "browser", "renderers", "other Chromium")


def part_of(proc: psutil.Process, root: psutil.Process) -> str:
    """The run's own Python process, Playwright's Node driver, Chromium's browser process, its
    renderers, or another of Chromium's helpers (GPU, network service, zygote)."""
    if proc.pid == root.pid:
        return "run"
    command = proc.cmdline()
    kind = next((arg[len("--type="):] for arg in command if arg.startswith("--type=")), None)
    if kind == "renderer":
        return "renderers"
    if kind is not None:
        return "other Chromium"
    return "driver" if command and Path(command[0]).name == "node" else "browser"


def tree_pss_mb(root: psutil.Process) -> dict[str, float]:
    """Proportional set size in MB by part of the process tree (PARTS)."""
    parts = dict.fromkeys(PARTS, 0.0)
    for proc in [root, *root.children(recursive=True)]:
        try:
            parts[part_of(proc, root)] += proc.memory_full_info().pss / 2**20
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            continue
    return parts


def count_files(folder: Path) -> int:
    try:
        return len(os.listdir(folder))
    except FileNotFoundError:
        return 0


class MemorySampler(threading.Thread):
    """Samples a process tree's memory (and the pages gathered so far) twice a second until stopped."""

    def __init__(self, root: psutil.Process, pages_dir: Path | None = None) -> None:
        super().__init__(daemon=True)
        self.root, self.pages_dir = root, pages_dir
        self.samples: list[Sample] = []
        self.start_time = time.monotonic()
        self.running = True

    def run(self) -> None:
        while self.running:
            try:
                parts = tree_pss_mb(self.root)
            except psutil.NoSuchProcess:
                return
            pages = count_files(self.pages_dir) if self.pages_dir else 0
            self.samples.append(Sample(time.monotonic() - self.start_time, sum(parts.values()), pages, parts))
            time.sleep(0.5)

    def stop(self) -> list[Sample]:
        self.running = False
        self.join()
        return self.samples


def run_job(pages: int, out: Path) -> Job:
    """`tender-audit run` on a council portal of `pages` pages, every page of it crawled."""
    with serve_council(pages) as portal:
        out.mkdir(parents=True, exist_ok=True)
        config = out / "portals.yaml"
        config.write_text(yaml.safe_dump({"portals": [{
            "name": portal.name, "url": portal.url, "slug": portal.slug, "rate": 50, "concurrency": 2,
            "max_pages": pages, "notice_sample": pages, "max_per_pattern": pages,
            "time_budget": max(900, pages * 2)}]}))
        run_dir = out / "run"
        start = time.monotonic()
        proc = subprocess.Popen([sys.executable, "-m", "auditor.cli", "run", str(config), "--out", str(run_dir)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        sampler = MemorySampler(psutil.Process(proc.pid), run_dir / "artifacts" / portal.slug / "pages")
        sampler.start()
        _, err = proc.communicate()
        seconds = time.monotonic() - start
        samples = sampler.stop()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"tender-audit run failed (exit {proc.returncode}):\n{err}")
    return read_job(run_dir, portal.slug, seconds, samples)


def read_job(run_dir: Path, slug: str, seconds: float, samples: list[Sample]) -> Job:
    """What the run recorded about itself."""
    run = json.loads((run_dir / "run.json").read_text())
    folder = run_dir / "artifacts" / slug
    crawl = json.loads((folder / "crawl.json").read_text())
    phases = {name: run.get("phases", {}).get(name, {}).get("seconds") for name in RUN_PHASES}
    phases |= {name: crawl.get("phases", {}).get(name, {}).get("seconds") for name in PORTAL_PHASES}
    probe_times: dict[str, float] = {}
    probed = timed = 0
    for path in (folder / "pages").glob("*.json"):
        page: dict[str, Any] = json.loads(path.read_text())
        probed += bool(page.get("probes"))
        times = page.get("probe_times") or {}
        timed += bool(times)
        for kind, value in times.items():
            if isinstance(value, (int, float)):
                probe_times[kind] = probe_times.get(kind, 0.0) + value
    return Job(crawl["pages"], seconds, phases, probe_times, probed, timed, count_files(folder / "documents"), samples)


def seconds_cell(value: float | None) -> str:
    return "not recorded" if value is None else f"{value:.1f}"


def phase_table(jobs: list[Job]) -> list[str]:
    head = " | ".join(f"{j.pages} pages" for j in jobs)
    rows = [f"| phase (seconds) | {head} |", "|---|" + "---:|" * len(jobs)]

    def row(label: str, cells: list[str]) -> None:
        rows.append(f"| {label} | {' | '.join(cells)} |")

    row("start: browser launch (`launch`)", [seconds_cell(j.phases["launch"]) for j in jobs])
    row("crawl: pages, axe, screenshots and probes (`pages`)", [seconds_cell(j.phases["pages"]) for j in jobs])
    kinds = sorted({k for j in jobs for k in j.probe_times} - {"total"})
    for kind in kinds:
        row(f"&nbsp;&nbsp;probes: {kind}", [f"{j.probe_times.get(kind, 0.0):.1f}" for j in jobs])
    if not kinds:
        row("&nbsp;&nbsp;probes by kind", ["not recorded"] * len(jobs))
    row("&nbsp;&nbsp;probes per probed page", [
        "not recorded" if j.probe_seconds_per_page is None else f"{j.probe_seconds_per_page:.2f}" for j in jobs])
    row("documents (`documents`)", [seconds_cell(j.phases["documents"]) for j in jobs])
    row("journeys (`journeys`, beside the documents)", [seconds_cell(j.phases["journeys"]) for j in jobs])
    row("evaluate (`evaluate`)", [seconds_cell(j.phases["evaluate"]) for j in jobs])
    row("report (`report`)", [seconds_cell(j.phases["report"]) for j in jobs])
    row("outside the recorded phases: interpreter, imports, closing", [
        f"{j.seconds - j.recorded_seconds:.1f}" for j in jobs])
    row("**whole job** (wall time of the process)", [f"**{j.seconds:.1f}**" for j in jobs])
    row("pages / probed pages / documents", [f"{j.pages} / {j.probed_pages} / {j.documents}" for j in jobs])
    row("**pages per minute, whole job**", [f"**{j.per_minute:.0f}**" for j in jobs])
    row("peak memory, process tree (MB)", [f"{j.peak_mb:.0f}" for j in jobs])
    return rows


def verdict(ok: bool | None) -> str:
    return "not measured" if ok is None else "pass" if ok else "**miss**"


def target_table(small: Job, jobs: list[Job], growth_mb: float | None) -> list[str]:
    per_page = small.probe_seconds_per_page
    peak = max(j.peak_mb for j in jobs)
    return ["| target | measured | result |", "|---|---:|---|",
            f"| whole job on {small.pages} pages ≥ {TARGET_PAGES_PER_MINUTE} pages/min | {small.per_minute:.0f} | "
            f"{verdict(small.per_minute >= TARGET_PAGES_PER_MINUTE)} |",
            f"| probes ≤ {TARGET_PROBE_SECONDS} s per probed page ({small.pages} pages) | "
            f"{'not recorded' if per_page is None else f'{per_page:.2f} s'} | "
            f"{verdict(None if per_page is None else per_page <= TARGET_PROBE_SECONDS)} |",
            f"| peak memory < 1.5 GB | {peak:.0f} MB | {verdict(peak < TARGET_PEAK_MB)} |",
            "| no memory growth, 2nd to 4th quarter of a 2,000-page crawl | "
            + (f"{growth_mb:+.0f} MB | {verdict(growth_mb <= FLAT_MB)} |" if growth_mb is not None
               else "`make bench-memory` | not measured |")]


def quarters(job: Job) -> list[list[Sample]]:
    """The crawl's samples by quarter of the pages gathered (samples after the crawl are left out)."""
    crawl = [s for s in job.samples if s.pages < job.pages]
    return [[s for s in crawl if q * job.pages / 4 <= s.pages < (q + 1) * job.pages / 4] for q in range(4)]


def memory_table(job: Job) -> tuple[list[str], float]:
    parts = quarters(job)
    means = [sum(s.mb for s in q) / len(q) if q else 0.0 for q in parts]
    rows = ["| quarter of the crawl | pages | seconds | mean memory (MB) | peak memory (MB) | "
            + " | ".join(f"mean {part} (MB)" for part in PARTS) + " |",
            "|---:|---:|---:|---:|---:|" + "---:|" * len(PARTS)]
    for n, q in enumerate(parts):
        span = f"{q[-1].seconds - q[0].seconds:.0f}" if q else "-"
        by_part = " | ".join(f"{sum(s.parts.get(part, 0.0) for s in q) / len(q):.0f}" if q else "-" for part in PARTS)
        rows.append(f"| {n + 1} | {n * job.pages // 4 + 1}-{(n + 1) * job.pages // 4} | {span} | {means[n]:.0f} | "
                    f"{max((s.mb for s in q), default=0):.0f} | {by_part} |")
    return rows, means[3] - means[1]


def machine() -> str:
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return (f"{os.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.1f} GB; load average {load} "
            f"(1, 5, 15 min) at the start; {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, nargs="+", default=[30, 300], help="portal sizes (first: the targets')")
    parser.add_argument("--memory", type=int, metavar="PAGES",
                        help="instead: crawl a portal of PAGES pages and show memory per quarter (2,000 for the target)")
    args = parser.parse_args()
    print(f"Machine: {machine()}.\n")
    with tempfile.TemporaryDirectory(prefix="tender-audit-bench-") as tmp:
        if args.memory:
            job = run_job(args.memory, Path(tmp))
            rows, growth = memory_table(job)
            print(f"Council portal of {job.pages} pages, `tender-audit run` at rate 50, concurrency 2; "
                  f"whole job {job.seconds:.0f} s.\n")
            print("\n".join(rows) + "\n")
            head, separator, *targets = target_table(job, [job], growth)
            print("\n".join([head, separator, *targets[2:]]))          # memory's targets only
            return
        jobs = []
        for n, pages in enumerate(args.pages):
            jobs.append(run_job(pages, Path(tmp) / str(n)))
            print(f"(done: {pages} pages in {jobs[-1].seconds:.0f} s)", file=sys.stderr, flush=True)
    print("Council portal on 127.0.0.1 (auditor/samples/council.py: 12 templates, 3 real documents a notice), "
          "`tender-audit run` at rate 50, concurrency 2, every page crawled; phases as the run recorded them.\n")
    print("\n".join(phase_table(jobs)) + "\n")
    print("\n".join(target_table(jobs[0], jobs, None)))


if __name__ == "__main__":
    main()
