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
from auditor.journeys import run_journeys
from auditor.login import SignInError, sign_in
from auditor.policy import RunPolicy
from auditor.progress import Progress
from auditor.redaction import collect_secrets
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


def policy_note(summary: CrawlSummary) -> str:
    """What the request policy cost the crawl, for the progress line."""
    notes = []
    shared = summary.policy.get("shared_host")
    if shared:
        notes.append(f"waited {shared['waits']} times ({shared['seconds']:g} s) for a host shared with "
                     + ", ".join(shared["with"]))
    if summary.policy.get("refused"):
        notes.append("refused " + ", ".join(f"{n} {why}" for why, n in summary.policy["refused"].items()))
    delay = summary.policy.get("crawl_delay")
    if delay and "budget_allows_pages" in delay:
        notes.append(f"robots.txt Crawl-delay allows only about {delay['budget_allows_pages']} pages in the time budget")
    return "".join(f"; {n}" for n in notes)


async def gather(configs: list[PortalConfig], run_dir: Path, progress: Progress,
                 browser_path: str | None = None, parallel: int = PARALLEL_PORTALS) -> GatherOutcome:
    collect_secrets(configs)
    run_dir.mkdir(parents=True, exist_ok=True)
    _write_run(run_dir, configs, finished=False)
    outcome = GatherOutcome({}, {})
    slots = asyncio.Semaphore(parallel)
    # one request policy for the run: every portal on a host shares that host's politeness budget
    async with launch(browser_path) as browser, RunPolicy(configs) as run_policy:
        async def one(config: PortalConfig) -> None:
            async with slots, await run_policy.portal(config) as policy:
                progress.event("portal", message=f"{config.name}: crawling {config.url}")
                store = PortalStore(run_dir, config.slug)
                try:
                    # the session lives in memory only: never in the run directory
                    storage_state = await sign_in(browser, config, policy) if config.login else None
                    summary = await crawl_portal(browser, config, store, progress, policy, storage_state=storage_state)
                except SignInError as exc:
                    outcome.failed[config.slug] = str(exc)
                    progress.event("error", message=str(exc))
                    return
                except Exception as exc:  # one portal's failure must not end the others
                    outcome.failed[config.slug] = f"{type(exc).__name__}: {exc}"
                    progress.event("error", message=f"{config.name}: crawl failed: {exc}")
                    return
                outcome.summaries[config.slug] = summary
                if summary.stopped_because.startswith("start page"):
                    outcome.failed[config.slug] = summary.stopped_because
                progress.event("portal", message=f"{config.name}: {summary.pages} pages, {summary.errors} errors, "
                                                 f"stopped: {summary.stopped_because}{policy_note(summary)}")
                if config.slug in outcome.failed:
                    return
                try:
                    journeys = await run_journeys(browser, config, store, policy, storage_state)
                except Exception as exc:  # journeys add evidence; losing them must not lose the crawl
                    progress.event("error", message=f"{config.name}: journeys failed: {type(exc).__name__}: {exc}")
                    return
                progress.event("portal", message=f"{config.name}: journeys: " + ", ".join(
                    f"{j.name}: {'ok' if j.ok else 'not possible' if j.not_possible else 'failed'}" for j in journeys))
        await asyncio.gather(*(one(c) for c in configs))
    _write_run(run_dir, configs, finished=True)
    return outcome
