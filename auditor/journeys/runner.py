"""Doing a journey's steps in a Playwright tab: timed, counted, politely, and every page it lands
on gathered like a crawled page (axe, probes, links, forms, screenshot) with `journey` set, so all
checks see it, unless the run has it already: a page the crawl (or an earlier journey) recorded is
not gathered again, and the journey's record lists it under `reused`. A failing step ends its
journey, never the run.

The steps themselves are the table in steps.py; this module is the `Driver` they act through.
"""
from __future__ import annotations

import asyncio
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.async_api import Browser, Locator, Page, Response
from playwright.async_api import Error as PlaywrightError

from auditor.browser import close_context, open_tab
from auditor.popups import close_opened_windows
from auditor.config import PortalConfig
from auditor.crawler import new_context
from auditor.gather import PASSWORD_FIELDS, SETTLE_MS, GatherOptions, record_page, screenshot
from auditor.journeys.planner import builtin_journeys
from auditor.journeys.records import FailedStep, JourneyRecord, record_dict
from auditor.journeys.steps import STEP_KINDS, Journey, Step, StepFailed, parse_journeys
from auditor.page_scripts import page_script
from auditor.policy import BrowserGuard, RequestPolicy
from auditor.redaction import SECRETS, portal_secrets
from auditor.store import PortalStore, url_key
from auditor.urls import in_scope
from model.artifacts import PageArtifact, now_iso
from model.classify import classify_page
from model.urls import dedupe_key, normalise_url

MAX_PAGES_PER_JOURNEY = 20         # pages audited by one journey: each costs an axe run
TYPED_FIELDS = "input, textarea"   # masked once a journey has typed a secret

# The in-page test of whether activating an element submits a form, and whether that form is a search.
FORM_SUBMISSION_JS = page_script("form_submission.js")
TITLE_INCLUDES_JS = page_script("title_includes.js")


@dataclass
class Runner:
    """One journey in one browser tab: counts, timing, audited pages and the secrets to redact."""
    page: Page
    journey: Journey
    config: PortalConfig
    store: PortalStore | None      # None: do the steps only (sign-in), record nothing
    allow_submit: bool
    record: JourneyRecord
    secrets: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)   # page loads robots.txt refused, filled by BrowserGuard
    last_response: Response | None = None
    audited: set[str] = field(default_factory=set)     # pages this journey gathered
    # dedupe keys of the pages the run has gathered (the crawl's, earlier journeys'), shared by the
    # portal's journeys: landing on one reuses its artifact instead of a second axe run and screenshot
    known: set[str] = field(default_factory=set)

    @property
    def run_dir(self) -> Path:
        assert self.store is not None
        return self.store.root.parent.parent

    def on_response(self, response: Response) -> None:
        if response.request.is_navigation_request() and response.frame == self.page.main_frame:
            self.last_response = response

    # --- the Driver the step kinds act through (steps.py) ---

    def locate(self, spec: dict[str, Any]) -> Locator:
        exact = bool(spec.get("exact", False))
        if "role" in spec:
            found = self.page.get_by_role(spec["role"], name=spec.get("name"), exact=exact)  # type: ignore[arg-type]
        elif "label" in spec:
            found = self.page.get_by_label(spec["label"], exact=exact)
        elif "text" in spec:
            found = self.page.get_by_text(spec["text"], exact=exact)
        elif "placeholder" in spec:
            found = self.page.get_by_placeholder(spec["placeholder"], exact=exact)
        else:
            found = self.page.locator(spec["css"])
        return found.first

    async def goto(self, target: str) -> None:
        url = normalise_url(target, self.config.url)
        if url is None or not in_scope(url, self.config.scope):
            raise StepFailed(f"{target} is outside the portal's scope (add its host to 'scope.hosts')")
        response = await self.page.goto(url, wait_until="load")
        if response is not None and response.status >= 400:
            raise StepFailed(f"HTTP {response.status}")

    async def refuse_submission(self, target: Locator, key: str | None) -> None:
        """Stop a click or Enter that would send a non-search form, unless the owner allowed it."""
        if self.allow_submit:
            return
        handle = await target.element_handle()
        form = await self.page.evaluate(FORM_SUBMISSION_JS, [handle, key]) if handle else None
        if form and not form["search"]:
            raise StepFailed(f"refused: this would submit a {form['method'].upper()} form to {form['action']}; "
                             f"journeys submit forms only when the portal sets 'submit_forms: true'")

    def keep_secret(self, value: str) -> None:
        """A value typed from an environment variable: redacted everywhere, masked in screenshots."""
        self.secrets.append(value)
        SECRETS.add(value)

    async def wait_or_expect(self, arg: dict[str, Any]) -> None:
        kind, value = next(iter(arg.items()))
        if kind == "url":
            await self.page.wait_for_url(lambda u: value in u)
        elif kind == "selector":
            await self.page.locator(value).first.wait_for(state="visible")
        elif kind == "text":
            await self.page.get_by_text(value).first.wait_for(state="visible")
        elif kind == "title":
            await self.page.wait_for_function(TITLE_INCLUDES_JS, arg=value)
        else:
            await self.locate({"css": value} if isinstance(value, str) else value).wait_for(state="visible")

    async def screenshot_step(self, label: str) -> None:
        if self.store is not None:
            self.record.screenshots.append(await self.screenshot(label))

    async def audit_here(self, forced: bool) -> None:
        """Gather the page the journey is on, like a crawled page, and write it for the checks.
        Landing on a page the run already has reuses it; an `audit: here` step (`forced`) gathers
        the page as the steps left it, whatever the run has."""
        url = normalise_url(self.page.url) or self.page.url
        if self.store is None or (url in self.audited and not forced):
            return
        if not forced and dedupe_key(url) in self.known:
            self.record.reused.append(url)
            await close_opened_windows(self.page)   # the run's artifact of this page has its own
            return
        if len(self.audited) >= MAX_PAGES_PER_JOURNEY:
            return
        self.audited.add(url)
        self.known.add(dedupe_key(url))
        artifact = PageArtifact(url=url, final_url=self.page.url, depth=self.record.clicks, journey=self.journey.name,
                                parent=self.record.pages[-2] if len(self.record.pages) > 1 else None,
                                fetched_at=now_iso())
        if self.last_response is not None:
            artifact.status = self.last_response.status
            artifact.content_type = (await self.last_response.all_headers()).get("content-type", "")
            if self.last_response.status >= 400:
                artifact.error = f"HTTP {self.last_response.status}"
        options = GatherOptions(scope=self.config.scope, probes=self.config.probes, mask=self.mask, hide=self.hide,
                                selectors=self.config.type_selectors)
        if self.config.screenshots:
            shot = self.store.screenshots / f"journey-{url_key(self.journey.name)}-page-{url_key(url)}.jpg"
            options.screenshot_path, options.screenshot_name = shot, str(shot.relative_to(self.run_dir))
        await record_page(self.page, artifact, options)
        artifact.opened_windows = await close_opened_windows(self.page)   # since the last page audited
        artifact.page_type = classify_page(artifact, self.config.url, self.config.page_types)
        self.store.write_page(artifact)

    # --- doing the steps ---

    async def settle(self) -> None:
        """Let a navigation the step started finish, and client-rendered content appear."""
        try:
            await self.page.wait_for_load_state("load")
            await self.page.wait_for_load_state("networkidle", timeout=SETTLE_MS)
        except PlaywrightError:
            pass  # pages that poll never go idle; what has rendered by now is what we audit

    @property
    def hide(self) -> list[str]:
        """Secrets a page may show back (a signed-in username, a filled value echoed): never pictured."""
        return [*portal_secrets(self.config), *self.secrets]

    @property
    def mask(self) -> str:
        """Password fields always; every field once a secret has been typed."""
        return TYPED_FIELDS if self.secrets else PASSWORD_FIELDS

    async def screenshot(self, label: str) -> str | None:
        assert self.store is not None
        safe = re.sub(r"[^\w.-]", "-", label)
        path = self.store.screenshots / f"journey-{url_key(self.journey.name)}-{safe}.jpg"
        return str(path.relative_to(self.run_dir)) if await screenshot(self.page, path, self.mask, self.hide) else None

    async def do(self, step: Step) -> None:
        await STEP_KINDS[step.action].act(self, step.arg)
        await self.settle()

    async def run(self) -> JourneyRecord:
        started = time.monotonic()
        audit_seconds = 0.0
        self.page.on("response", self.on_response)
        for index, step in enumerate(self.journey.steps):
            self.page.set_default_timeout(step.timeout * 1000)
            before = self.page.url
            try:
                if STEP_KINDS[step.action].gathers:
                    await STEP_KINDS[step.action].act(self, step.arg)
                else:
                    await asyncio.wait_for(self.do(step), timeout=step.timeout * 2 + SETTLE_MS / 1000)
                if self.blocked:
                    raise StepFailed(f"robots.txt disallows {self.blocked[0]}")
            except (StepFailed, PlaywrightError, asyncio.TimeoutError) as exc:
                await self.fail(index, step, exc)
                break
            self.record.steps = index + 1
            landed = urlsplit(self.page.url).scheme in ("http", "https")
            if landed and (self.page.url != before or (step.action == "goto" and not self.record.pages)):
                self.record.pages.append(self.page.url)
                mark = time.monotonic()
                self.page.set_default_timeout(self.config.page_timeout * 1000)
                await self.audit_here(forced=False)
                audit_seconds += time.monotonic() - mark
        else:
            self.record.ok = True
        self.record.seconds = round(time.monotonic() - started - audit_seconds, 2)
        self.page.remove_listener("response", self.on_response)
        return self.record

    async def fail(self, index: int, step: Step, exc: BaseException) -> None:
        if isinstance(exc, PlaywrightError):
            message = exc.message.splitlines()[0]
        elif isinstance(exc, asyncio.TimeoutError):
            message = f"gave up after {step.timeout * 2:.0f} s"
        else:
            message = str(exc)
        if self.blocked:               # the step failed because a page it needed was off limits to us
            self.record.not_tried = (f"step {index + 1} ({SECRETS.redact_text(step.text)}) was not tried: the "
                                     f"portal's robots.txt asks crawlers to stay out of "
                                     f"{SECRETS.redact_text(self.blocked[0])}, and we obey it")
            return                     # no screenshot: the tab shows the browser's own blocked-page error
        shot = await self.screenshot(f"failed-{index}") if self.store is not None else None
        # written through store.write_json, which redacts the run's secrets
        self.record.failed_step = FailedStep(index=index, step=step.text, expected=step.expected,
                                             url=self.page.url, error=message, screenshot=shot)


async def run_steps(page: Page, journey: Journey, config: PortalConfig, store: PortalStore | None,
                    allow_submit: bool, blocked: list[str] | None = None,
                    known: set[str] | None = None) -> JourneyRecord:
    """Do a journey's steps in an open tab; with a store, audit and record what it meets, except
    the pages in `known` (dedupe keys of pages the run has gathered; pages gathered are added)."""
    record = JourneyRecord(name=journey.name, builtin=journey.builtin, steps_total=len(journey.steps))
    runner = Runner(page, journey, config, store, allow_submit, record, blocked=[] if blocked is None else blocked,
                    known=set() if known is None else known)
    return await runner.run()


def gathered_keys(pages: list[PageArtifact]) -> set[str]:
    """Dedupe keys of the pages the run has gathered, by requested and final URL; a page that
    failed is not among them, so a journey gathers it if it loads now."""
    return {dedupe_key(url) for page in pages if not page.error for url in (page.url, page.final_url) if url}


async def run_journey(browser: Browser, journey: Journey, config: PortalConfig, store: PortalStore,
                      guard: BrowserGuard, storage_state: dict[str, Any] | None = None,
                      known: set[str] | None = None) -> JourneyRecord:
    """One journey in a fresh context (signed in if `storage_state`), its page loads through the
    request policy like the crawler's; its record is written to the store."""
    if journey.not_possible:
        record = JourneyRecord(name=journey.name, builtin=journey.builtin, not_possible=journey.not_possible)
    else:
        context = await new_context(browser, storage_state, guard.policy.proxy)
        guard.blocked.clear()
        await guard.attach(context)
        try:
            record = await run_steps(await open_tab(context), journey, config, store, config.submit_forms,
                                     guard.blocked, known)
        finally:
            await close_context(context)
    store.write_journey(journey.name, record_dict(record))
    return record


async def run_journeys(browser: Browser, config: PortalConfig, store: PortalStore, policy: RequestPolicy,
                       storage_state: dict[str, Any] | None = None) -> list[JourneyRecord]:
    """The portal's configured journeys, or the built-in ones when it has none.

    Run once the crawl has gathered its pages (while it probes documents): the built-in journeys
    start from the listing page the crawl found, and no journey gathers a page the crawl has.
    """
    where = f"portal {config.name!r}"
    pages = store.pages()
    journeys = (parse_journeys(where, config.journeys, config.submit_forms) if config.journeys
                else builtin_journeys(pages, config))
    known = gathered_keys(pages)
    # the crawl's budget is spent by now: a journey's page load waits no longer than a page load may take
    guard = BrowserGuard(policy, "page", lambda: time.monotonic() + config.page_timeout)
    return [await run_journey(browser, journey, config, store, guard, storage_state, known) for journey in journeys]
