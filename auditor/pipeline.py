"""A whole run: gather every portal into the run directory, then evaluate the artifacts.

Portals are crawled a few at a time (each politely, per host), and a failure or an interrupt in
one never discards what the others, or the pages before it, gathered.
"""
from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path

from auditor import TOOL_NAME, __version__
from auditor.artifacts import CrawlSummary
from auditor.browser import launch
from auditor.config import PortalConfig
from auditor.crawler import crawl_portal
from auditor.gather import now_iso
from auditor.progress import Progress
from auditor.store import PortalStore, read_json, write_json

PARALLEL_PORTALS = 2


@dataclass
class GatherOutcome:
    summaries: dict[str, CrawlSummary]
    failed: dict[str, str]         # slug -> why the portal's crawl failed


def _write_run(run_dir: Path, configs: list[PortalConfig], finished: bool) -> None:
    path = run_dir / "run.json"
    run = read_json(path) if path.exists() else {"started": now_iso()}
    run.update({"tool": {"name": TOOL_NAME, "version": __version__},
                "portals": [c.public() for c in configs], "finished": now_iso() if finished else None})
    write_json(path, run)


async def gather(configs: list[PortalConfig], run_dir: Path, progress: Progress,
                 browser_path: str | None = None, parallel: int = PARALLEL_PORTALS) -> GatherOutcome:
    run_dir.mkdir(parents=True, exist_ok=True)
    _write_run(run_dir, configs, finished=False)
    outcome = GatherOutcome({}, {})
    slots = asyncio.Semaphore(parallel)
    async with launch(browser_path) as browser:
        async def one(config: PortalConfig) -> None:
            async with slots:
                progress.event("portal", message=f"{config.name}: crawling {config.url}")
                try:
                    summary = await crawl_portal(browser, config, PortalStore(run_dir, config.slug), progress)
                except Exception as exc:  # one portal's failure must not end the others
                    outcome.failed[config.slug] = f"{type(exc).__name__}: {exc}"
                    progress.event("error", message=f"{config.name}: crawl failed: {exc}")
                    return
                outcome.summaries[config.slug] = summary
                if summary.stopped_because.startswith("start page unreachable"):
                    outcome.failed[config.slug] = summary.stopped_because
                progress.event("portal", message=f"{config.name}: {summary.pages} pages, {summary.errors} errors, "
                                                 f"stopped: {summary.stopped_because}")
        await asyncio.gather(*(one(c) for c in configs))
    _write_run(run_dir, configs, finished=True)
    return outcome
