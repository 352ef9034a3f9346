"""A whole run: gather every portal into the run directory, then evaluate the artifacts.

Portals are crawled a few at a time (each politely, per host), and a failure or an interrupt in
one never discards what the others, or the pages before it, gathered.
"""
from __future__ import annotations

import asyncio
import signal
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from model import TOOL_NAME, __version__
from model.artifacts import CrawlSummary, now_iso
from auditor.browser import launch
from auditor.config import PortalConfig
from auditor.crawler import crawl_portal
from auditor.journeys.records import JourneyRecord
from auditor.journeys.runner import run_journeys
from auditor.login import SignInError, sign_in
from auditor.phases import Stopwatch, record_run_phases
from auditor.plan import parallel_portals
from auditor.policy import RunPolicy
from auditor.progress import Progress, plural
from auditor.redaction import collect_secrets
from auditor.store import PortalStore, read_json, write_json


@dataclass
class GatherOutcome:
    summaries: dict[str, CrawlSummary]
    failed: dict[str, str]         # slug -> why the portal's crawl failed


def write_run(run_dir: Path, configs: list[PortalConfig], finished: bool) -> None:
    """run.json: when the run started and finished, the tool, and the published config."""
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
        notes.append(f"waited {plural(shared['waits'], 'time')} ({shared['seconds']:g} s) for a host shared with "
                     + ", ".join(shared["with"]))
    if summary.policy.get("refused"):
        notes.append("refused " + ", ".join(f"{n} {why}" for why, n in summary.policy["refused"].items()))
    delay = summary.policy.get("crawl_delay")
    if delay and "budget_allows_pages" in delay:
        notes.append(f"robots.txt Crawl-delay allows only about {delay['budget_allows_pages']} pages in the time budget")
    return "".join(f"; {n}" for n in notes)


def _stop_before_crawl(store: PortalStore, why: str) -> None:
    """Record why a portal's crawl never began (sign-in failed, interrupted), so it is listed with
    that reason rather than left out; a crawl record from an earlier run is kept if there is one."""
    if why.startswith("sign-in") or not (store.root / "crawl.json").exists():
        stamp = now_iso()
        store.write_crawl(CrawlSummary(stopped_because=why, started=stamp, finished=stamp))


def _sign_in_reason(config: PortalConfig, exc: SignInError) -> str:
    reason = str(exc).removeprefix(f"{config.name}: ")
    return reason if reason.startswith("sign-in failed") else f"sign-in failed: {reason}"


async def gather(configs: list[PortalConfig], run_dir: Path, progress: Progress,
                 browser_path: str | None = None, parallel: int | None = None,
                 record_run: bool = True) -> GatherOutcome:
    """Gather `parallel` portals at a time (default: sized from this machine's cores and memory).

    `record_run` False leaves run.json to the caller: a cluster worker gathers one host group
    into a run directory shared with other workers, and only the driver writes the run's record.
    """
    collect_secrets(configs)
    run_dir.mkdir(parents=True, exist_ok=True)
    if record_run:
        write_run(run_dir, configs, finished=False)
    for config in configs:      # every portal is listed, even one whose crawl never begins
        PortalStore(run_dir, config.slug).write_portal(config.name, config.url, config.page_types,
                                                       signed_in=config.login is not None)
    outcome = GatherOutcome({}, {})
    slots = asyncio.Semaphore(parallel or parallel_portals())
    launching = Stopwatch()
    # one request policy for the run: every portal on a host shares that host's politeness budget
    async with launch(browser_path) as browser, RunPolicy(configs) as run_policy:
        if record_run:
            record_run_phases(run_dir, {"launch": launching.record()})
        async def one(config: PortalConfig) -> None:
            store = PortalStore(run_dir, config.slug)
            try:
                await crawl_one(config, store)
            except asyncio.CancelledError:
                _stop_before_crawl(store, "interrupted")
                raise
            finally:
                progress.done(config.name)

        async def crawl_one(config: PortalConfig, store: PortalStore) -> None:
            async with slots, await run_policy.portal(config) as policy:
                progress.event("portal", message=f"{config.name}: crawling {config.url}")
                journeys: list[JourneyRecord] = []
                try:
                    # the session lives in memory only: never in the run directory
                    storage_state = await sign_in(browser, config, policy) if config.login else None
                    summary = await crawl_portal(
                        browser, config, store, progress, policy, storage_state=storage_state,
                        alongside_documents=lambda: journeys_of(config, store, storage_state, journeys))
                except SignInError as exc:
                    outcome.failed[config.slug] = _sign_in_reason(config, exc)
                    _stop_before_crawl(store, outcome.failed[config.slug])
                    progress.event("error", message=f"{config.name}: {outcome.failed[config.slug]}")
                    return
                except Exception as exc:  # one portal's failure must not end the others
                    outcome.failed[config.slug] = f"{type(exc).__name__}: {exc}"
                    progress.event("error", message=f"{config.name}: crawl failed: {exc}")
                    return
                outcome.summaries[config.slug] = summary
                if summary.stopped_because.startswith("start page"):
                    outcome.failed[config.slug] = summary.stopped_because
                progress.event("portal", message=f"{config.name}: {plural(summary.pages, 'page')}, "
                                                 f"{plural(summary.errors, 'error')}, "
                                                 f"stopped: {summary.stopped_because}{policy_note(summary)}")
                if journeys:
                    progress.event("portal", message=f"{config.name}: journeys: " + ", ".join(
                        f"{j.name}: " + ("ok" if j.ok else "not possible" if j.not_possible
                                         else "not tried" if j.not_tried else "failed") for j in journeys))

        async def journeys_of(config: PortalConfig, store: PortalStore, storage_state: dict[str, Any] | None,
                              records: list[JourneyRecord]) -> None:
            """The supplier journeys, run while the crawl probes documents. Their own view of the run's
            policy shares its robots.txt cache and per-host budget, but keeps its own facts, so the
            crawl's record says what the crawl's requests met, as when journeys ran after it."""
            try:
                async with await run_policy.portal(config) as policy:
                    records.extend(await run_journeys(browser, config, store, policy, storage_state))
            except Exception as exc:  # journeys add evidence; losing them must not lose the crawl
                progress.event("error", message=f"{config.name}: journeys failed: {type(exc).__name__}: {exc}")

        await asyncio.gather(*(one(c) for c in configs))
    if record_run:
        write_run(run_dir, configs, finished=True)
    return outcome


INTERRUPT_GRACE = 20.0             # seconds an interrupted run may spend saving what it has


def run_gather(configs: list[PortalConfig], run_dir: Path, progress: Progress, browser_path: str | None = None,
               parallel: int | None = None) -> tuple[GatherOutcome | None, bool]:
    """gather() to the end, or until Ctrl-C (SIGINT) or SIGTERM: (outcome, interrupted).

    An interrupt cancels the crawls, which write what they have and why they stopped; the run then
    ends within INTERRUPT_GRACE seconds even if the browser does not close (a second Ctrl-C ends
    the wait at once), so a user is never left with an idle process.
    """
    loop = asyncio.new_event_loop()
    interrupts: list[int] = []

    async def main() -> GatherOutcome | None:
        task = asyncio.ensure_future(gather(configs, run_dir, progress, browser_path, parallel))
        stop, hurry = asyncio.Event(), asyncio.Event()

        def interrupt() -> None:
            interrupts.append(1)
            if len(interrupts) == 1:
                progress.event("interrupted", message="stopping: saving what was gathered (Ctrl-C again to stop now)")
                task.cancel()
                stop.set()
            else:
                hurry.set()

        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, interrupt)
        waiters = [asyncio.ensure_future(stop.wait()), asyncio.ensure_future(hurry.wait())]
        try:
            await asyncio.wait({task, waiters[0]}, return_when=asyncio.FIRST_COMPLETED)
            if not interrupts:
                return task.result()
            await asyncio.wait({task, waiters[1]}, timeout=INTERRUPT_GRACE, return_when=asyncio.FIRST_COMPLETED)
            return None
        finally:
            for waiter in waiters:
                waiter.cancel()
            await asyncio.gather(*waiters, return_exceptions=True)
            for sig in (signal.SIGINT, signal.SIGTERM):
                loop.remove_signal_handler(sig)

    try:
        outcome = loop.run_until_complete(main())
    finally:
        if not interrupts:
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.close()
        # after an interrupt, a browser that would not close is left to die with the process:
        # closing the loop would wait for it again
    return outcome, bool(interrupts)
