"""Crawling one portal: workers, each with its own tab in the portal's one browser context, sharing a frontier.

Every page is written to the run directory the moment it is gathered; a rerun into the same
directory reloads those pages, re-queues their links and carries on, so nothing is lost to a
crash or a kill.
"""
from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
from playwright.async_api import Browser, BrowserContext, Page
from playwright.async_api import Error as PlaywrightError

from model.artifacts import CrawlSummary, DocumentArtifact, Link, PageArtifact, now_iso
from auditor.browser import CLOSE_DEADLINE, USER_AGENT, close_context, close_tab, open_tab
from model.classify import (MAX_GATEWAY_HOPS, classify_page, is_destructive, is_document_gateway,
                              link_priority)
from auditor.config import PortalConfig
from auditor.crawl_documents import probe_documents
from auditor.http_client import new_http_client
from auditor.crawl_state import CrawlState, report_status
from auditor.frontier import Entry, Frontier
from auditor.gather import GatherOptions, NotAPage, gather_page
from auditor.page_world import is_unresponsive, mark_unresponsive
from auditor.phases import phase, timed
from auditor.policy import BrowserGuard, DisallowedByRobots, OutOfTime, Refused, RequestPolicy, crawl_facts
from auditor.progress import Progress
from auditor.redaction import portal_secrets
from auditor.sampling import NoticeSampler
from auditor.store import PortalStore
from auditor.sitemaps import portal_sitemaps
from model.urls import document_format_from_url, normalise_url, url_template
from auditor.urls import TrapGuard, in_scope, query_budget

VIEWPORT = {"width": 1280, "height": 900}
PAGES_PER_TAB = 40                 # a fresh tab now and then keeps the browser's memory flat
IDLE_POLL = 0.05


GATEWAY_PRIORITY = 9               # a notice's documents link is a supplier journey's next step


async def new_context(browser: Browser, storage_state: dict[str, Any] | None = None,
                      proxy: dict[str, str] | None = None) -> BrowserContext:
    """A fresh context per portal, its workers' tabs sharing it; `storage_state` carries a
    signed-in session into it; `proxy` is the portal's guard proxy (RequestPolicy.proxy), which
    every connection of the context goes through. (A context per worker made Chromium start a
    renderer process for almost every page: a third of the crawl's time on two cores.)"""
    return await asyncio.wait_for(
        browser.new_context(user_agent=USER_AGENT, viewport=VIEWPORT, accept_downloads=False,
                            locale="en-GB", service_workers="block", storage_state=storage_state,
                            proxy=proxy),  # type: ignore[arg-type]
        CLOSE_DEADLINE)


def worth_retrying(status: int | None, error: str | None) -> bool:
    """A failure that may not happen again: no answer at all, a server error or "too many requests".
    A 404 or a login wall is the portal's answer, and asking again would get the same one."""
    return bool(error) and (status is None or status >= 500 or status == 429)


def _resume(state: CrawlState) -> list[PageArtifact]:
    """Reload what an earlier, interrupted run of this portal gathered; what failed is queued again."""
    pages = []
    for page in (p for p in state.store.pages() if p.journey is None):
        if worth_retrying(page.status, page.error):
            state.frontier.push(page.url, page.depth, page.parent)
        else:
            pages.append(page)
    for page in pages:
        state.sampler.record(page)
        state.frontier.mark_done(page.url)
        if page.final_url:
            state.frontier.mark_done(page.final_url)
    for doc in state.store.documents():
        if worth_retrying(doc.status, doc.error):
            doc = DocumentArtifact(url=doc.url, found_on=doc.found_on, link_text=doc.link_text, depth=doc.depth,
                                   format=document_format_from_url(doc.url) or "")
        state.documents[doc.url] = doc
    return pages


def follow_for_documents(state: CrawlState, page: PageArtifact, link: Link) -> bool:
    """The one rule for leaving a portal's scope: a notice's documents are followed wherever they are.

    A national notice site links its notices' documents to the buyer's e-tendering system on another
    host, so a documents link (by its words) on a notice, or on a documents page reached that way,
    is followed on any host, through at most MAX_GATEWAY_HOPS pages, as the request policy's
    "documents_page" kind (which may leave the scope, policy.LEAVES_SCOPE; robots.txt, the address
    check and the host's budget apply); document files on any host are probed already.
    """
    hops = 0 if page.page_type.type == "notice" else state.documents_pages.get(page.url)
    if hops is None or hops >= MAX_GATEWAY_HOPS or not is_document_gateway(link):
        return False
    state.documents_pages.setdefault(link.url, hops + 1)
    return True


def _enqueue_links(state: CrawlState, page: PageArtifact) -> None:
    positions = NoticeSampler.list_positions([link for link in page.links if link.kind == "page"])
    for link in page.links:
        if link.kind in ("page", "external") and state.storage_state is not None and is_destructive(link):
            state.summary.skip("destructive link in session")
        elif link.kind in ("page", "external") and follow_for_documents(state, page, link):
            state.frontier.push(link.url, page.depth + 1, page.url, GATEWAY_PRIORITY)
        elif link.kind == "page":
            # the first items of each list outrank later ones, so notices come from every listing page
            priority = max(0, link_priority(link) - positions.get(link.url, 0))
            state.frontier.push(link.url, page.depth + 1, page.url, priority)
        elif link.kind == "document":
            _note_document(state, link.url, link.text, page.url, page.depth + 1)
        else:
            state.summary.skip(f"{link.kind} link")


def _note_document(state: CrawlState, url: str, text: str, found_on: str | None, depth: int) -> None:
    doc = state.documents.get(url)
    if doc is None:
        doc = state.documents[url] = DocumentArtifact(url=url, link_text=text, depth=depth,
                                                      format=document_format_from_url(url) or "")
    doc.depth = min(doc.depth, depth)
    if found_on and found_on not in doc.found_on:
        doc.found_on.append(found_on)


# A page only a sitemap names queues behind pages links reach up to two levels deeper: links are
# how a supplier gets there, and they say a page's click depth.
SITEMAP_PRIORITY = -8


def _from_sitemap(state: CrawlState, url: str, sitemap: str) -> None:
    """A URL a sitemap lists enters the frontier like a link: scope, trap guard and budgets apply."""
    page = normalise_url(url, sitemap)
    if page is None or not in_scope(page, state.config.scope):
        state.summary.skip("sitemap URL out of scope")
    elif document_format_from_url(page):
        _note_document(state, page, "", None, 1)
    else:
        state.frontier.push(page, 1, sitemap, SITEMAP_PRIORITY)


async def _discover_sitemaps(state: CrawlState, client: httpx.AsyncClient, policy: RequestPolicy) -> None:
    """Sitemap discovery, once the start page is in (it keeps the host's first turn: under a long
    Crawl-delay a sitemap must not take the only page the budget allows) and before any other page
    (`_next_entry` waits for it), so what it adds is queued before the crawl goes on and the order
    of the crawl never depends on timing. The caller counts it as work in flight."""
    try:
        while not state.summary.pages and not state.stop_reason and (state.in_flight > 1 or len(state.frontier)):
            await asyncio.sleep(IDLE_POLL)      # in_flight counts this task too
        if not state.stop_reason:
            facts = await portal_sitemaps(policy, client, state.config.url, state.deadline,
                                          lambda url, sitemap: _from_sitemap(state, url, sitemap),
                                          lambda: bool(state.stop_reason))
            state.summary.sitemaps = facts.as_record()
    finally:
        state.sitemaps_pending = False
        state.in_flight -= 1


def _record(state: CrawlState, page: PageArtifact) -> None:
    page.page_type = classify_page(page, state.config.url, state.config.page_types)
    state.sampler.record(page)
    state.store.write_page(page)
    state.summary.pages += 1
    if page.error:
        state.summary.errors += 1
        if page.depth == 0 and page.status is None:
            state.stop_reason = f"start page unreachable: {page.error}"
    if page.final_url and page.final_url != page.url:
        state.frontier.mark_done(page.final_url)
    _enqueue_links(state, page)


def _should_stop(state: CrawlState) -> bool:
    if state.stop_reason:
        return True
    if time.monotonic() >= state.deadline:
        state.stop_reason = "time_budget"
    elif state.started_pages >= state.config.max_pages:
        state.stop_reason = "max_pages"
    return bool(state.stop_reason)


async def _next_entry(state: CrawlState) -> Entry | None:
    """The next page to fetch, waiting while other workers may still discover links."""
    while not _should_stop(state):
        entry = None if state.sitemaps_pending and state.summary.pages else state.frontier.pop()
        if entry is not None and state.sampler.is_surplus(entry.url):
            state.summary.skip("beyond notice sample")
            continue
        if entry is not None:
            state.started_pages += 1     # claimed before any await, so workers never overshoot max_pages
            return entry
        if state.in_flight == 0:
            return None
        await asyncio.sleep(IDLE_POLL)
    return None


async def _fetch(state: CrawlState, page: Page, entry: Entry) -> PageArtifact:
    config = state.config
    artifact = PageArtifact(url=entry.url, depth=entry.depth, parent=entry.parent)
    # the in-browser probes judge a page's template, so a few pages of each URL pattern suffice
    pattern = url_template(entry.url)
    probe = config.probes and state.probed[pattern] < config.probe_sample
    state.probed[pattern] += probe
    options = GatherOptions(scope=config.scope, timeout=config.page_timeout, probes=probe, selectors=config.type_selectors,
                            hide=portal_secrets(config), leaves_scope=entry.url in state.documents_pages)
    if config.screenshots:
        shot = state.store.screenshot_path(entry.url)
        options.screenshot_path = shot
        options.screenshot_name = str(shot.relative_to(state.store.root.parent.parent))
    try:
        # the browser's own timeout covers navigation; this one covers a page that hangs axe or scripts
        return await asyncio.wait_for(gather_page(page, artifact, options), timeout=config.page_timeout * 3)
    except asyncio.TimeoutError:
        mark_unresponsive(page)
        artifact.error = f"gave up after {config.page_timeout * 3:.0f} s"
    except PlaywrightError as exc:   # the tab crashed or was closed under us
        mark_unresponsive(page)
        artifact = PageArtifact(url=entry.url, depth=entry.depth, parent=entry.parent, fetched_at=now_iso(),
                                error=f"browser error: {exc.message.splitlines()[0]}")
    return artifact


async def _fetch_in_sound_tab(state: CrawlState, context: BrowserContext, page: Page,
                              entry: Entry) -> tuple[PageArtifact, Page]:
    """The page's artifact and the tab to use next. A tab that stopped answering or crashed is
    closed (its renderer with it) and replaced before the next page; a page that failed with
    its tab may be innocent (a renderer shared with a hung page), so it is tried once more in
    the fresh tab, and `retried` says why."""
    artifact = await _fetch(state, page, entry)
    if not (page.is_closed() or is_unresponsive(page)):
        return artifact, page
    await close_tab(page)
    page = await open_tab(context)
    if artifact.error and time.monotonic() < state.deadline:
        first = artifact.error
        artifact = await _fetch(state, page, entry)
        artifact.retried = first
        if page.is_closed() or is_unresponsive(page):
            await close_tab(page)
            page = await open_tab(context)
    return artifact, page


async def _admit(state: CrawlState, policy: RequestPolicy, entry: Entry) -> bool:
    """Pass the page through the request policy before the tab loads it: True to go ahead.
    A page robots.txt keeps us from, or one the budget cannot wait for, is not started at
    all; any other refusal is recorded as the page's error."""
    try:
        kind = "documents_page" if entry.url in state.documents_pages else "page"
        await policy.admit(entry.url, kind, state.deadline)
        return True
    except DisallowedByRobots as exc:
        if exc.network_failure:    # the host is down, which is no refusal
            _record(state, PageArtifact(url=entry.url, depth=entry.depth, parent=entry.parent, fetched_at=now_iso(),
                                        error=str(exc)))
            return False
        state.summary.blocked_by_robots += 1
        state.started_pages -= 1
        if entry.depth == 0:
            state.stop_reason = (f"start page unreachable: robots.txt {exc.rules.status}" if exc.rules.disallow_all
                                 else "start page disallowed by robots.txt")
    except OutOfTime:
        state.started_pages -= 1
        state.stop_reason = state.stop_reason or "time_budget"
    except Refused as exc:
        _record(state, PageArtifact(url=entry.url, depth=entry.depth, parent=entry.parent, fetched_at=now_iso(),
                                    error=f"refused: {exc}"))
    return False


async def _worker(state: CrawlState, context: BrowserContext, policy: RequestPolicy, guard: BrowserGuard,
                  progress: Progress) -> None:
    page = await open_tab(context)
    served = 0
    try:
        while True:
            entry = await _next_entry(state)
            if entry is None:
                return
            state.in_flight += 1
            try:
                if not await _admit(state, policy, entry):
                    continue
                guard.pay(entry.url)
                try:
                    artifact, tab = await _fetch_in_sound_tab(state, context, page, entry)
                except NotAPage:
                    _note_document(state, entry.url, "", entry.parent, entry.depth)
                    state.started_pages -= 1
                    continue
                if tab is not page:
                    page, served = tab, 0
                _record(state, artifact)
            finally:
                state.in_flight -= 1
            report_status(state, progress, "crawl", len(state.frontier))
            served += 1
            if served >= PAGES_PER_TAB:
                await close_tab(page)
                page = await open_tab(context)
                served = 0
    finally:
        await close_tab(page)


async def crawl_portal(browser: Browser, config: PortalConfig, store: PortalStore, progress: Progress,
                       policy: RequestPolicy, storage_state: dict[str, Any] | None = None,
                       alongside_documents: Callable[[], Awaitable[None]] | None = None) -> CrawlSummary:
    """Crawl one portal within its budgets; always returns a summary, whatever happened.

    `alongside_documents` (the supplier journeys) starts once every page is gathered and runs
    while the documents are probed, unless the start page was out of reach; it must handle its
    own errors. The run's per-host budget paces both."""
    start = normalise_url(config.url)
    assert start is not None, "config validation guarantees an http(s) start URL"
    store.write_portal(config.name, start, config.page_types, signed_in=storage_state is not None)
    summary = CrawlSummary(started=now_iso())
    guard = TrapGuard(max_per_template=config.max_per_pattern, max_per_path=query_budget(config.max_pages))
    state = CrawlState(config=config, store=store, frontier=Frontier(config.max_depth, guard), summary=summary,
                       deadline=time.monotonic() + config.time_budget, storage_state=storage_state,
                       sampler=NoticeSampler(config.notice_sample))
    earlier = _resume(state)
    summary.pages = len(earlier)
    summary.errors = sum(1 for p in earlier if p.error)
    state.started_pages = len(earlier)
    if earlier:
        # the crawl began when its first page was gathered, not when this resume did
        summary.started = min([p.fetched_at for p in earlier if p.fetched_at] + [summary.started])
        retrying = len(state.frontier)
        progress.event("resume", message=f"{config.name}: {len(earlier)} pages already gathered, carrying on"
                                         + (f"; fetching {retrying} that failed again" if retrying else ""))
        for page in earlier:
            _enqueue_links(state, page)
    elif not len(state.frontier):
        state.frontier.push(start, 0, None)
    async with new_http_client(storage_state, policy.proxy["server"]) as client:
        context = await new_context(browser, storage_state, policy.proxy)
        guard = BrowserGuard(policy, "page", lambda: state.deadline)
        await guard.attach(context)
        state.deadline = time.monotonic() + config.time_budget   # the budget is for crawling, not for setting up
        workers = [asyncio.create_task(_worker(state, context, policy, guard, progress))
                   for _ in range(config.concurrency)]
        after_pages: list[asyncio.Task[None]] = []
        if config.sitemaps:
            state.in_flight += 1
            state.sitemaps_pending = True
            workers.append(asyncio.create_task(_discover_sitemaps(state, client, policy)))
        try:
            with phase(summary.phases, "pages"):
                await asyncio.gather(*workers)
            if config.documents:
                after_pages.append(asyncio.create_task(timed(summary.phases, "documents", probe_documents(
                    state, client, policy, state.sampler.notices | set(state.documents_pages), progress))))
            if alongside_documents is not None and not state.stop_reason.startswith("start page"):
                after_pages.append(asyncio.create_task(timed(summary.phases, "journeys", alongside_documents())))
            await asyncio.gather(*after_pages)
        except BaseException as exc:
            for task in [*workers, *after_pages]:
                task.cancel()
            await asyncio.gather(*workers, *after_pages, return_exceptions=True)
            summary.stopped_because = ("interrupted" if isinstance(exc, (asyncio.CancelledError, KeyboardInterrupt))
                                       else f"failed: {type(exc).__name__}: {exc}")
            raise
        finally:
            await close_context(context)   # within a deadline: what was gathered is saved below
            for doc in state.documents.values():
                store.write_document(doc)
            summary.stopped_because = summary.stopped_because or state.stop_reason or "frontier exhausted"
            summary.skipped.update({k: v for k, v in state.frontier.skipped.items()})
            summary.trap_evidence = list(state.frontier.guard.evidence.values())
            summary.policy = crawl_facts(policy, config.time_budget, config.max_pages)
            summary.finished = now_iso()
            store.write_crawl(summary)
    return summary
