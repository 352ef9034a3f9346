"""Gathering one page in the browser: everything the checks will need, recorded once.

This is the only module (with probes) that looks at a live page. It records facts, never
judgements, so a methodology change never needs a re-crawl.
"""
from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Locator, Page, Response

from model.artifacts import AxeNode, AxeRun, AxeViolation, Form, FormField, Link, PageArtifact, now_iso
from auditor.config import Scope
from auditor.page_scripts import page_script
from auditor.page_world import (NUMBER, PageScriptError, checked, evaluate, install, is_unresponsive,
                                 mark_unresponsive, preload)
from auditor.popups import close_opened_windows
from auditor.probes import run_probes
from auditor.netguard import REFUSED_HEADER
from model.urls import normalise_url
from auditor.urls import in_scope, link_kind

EXTRACT_JS = page_script("extract.js")
# What extract.js returns: a page's own script cannot change it (page_world), but a value that
# does not fit is still the page's error, not the crawler's.
EXTRACT_SHAPE = {
    "title": str, "lang": str, "text": str, "headings": [str],
    "links": [{"href": str, "url": (str, None), "text": str, "selector": str, "new_window": bool, "rel": str}],
    "forms": [{"action": str, "method": str, "selector": str, "captcha": bool, "captcha_evidence": str,
               "fields": [{"tag": str, "type": str, "name": str, "label": str, "required": bool,
                           "autocomplete": str, "selector": str}]}],
    "cut": {},                     # what the script cut to its bounds (js/cap.js): name -> count
}
AXE_JS = resources.files("axe_playwright_python").joinpath("axe.min.js").read_text(encoding="utf-8")
AXE_PRELOAD_JS = page_script("axe_preload.js").replace("/* axe-core */", AXE_JS)
AXE_LOAD_JS = page_script("axe_load.js")
AXE_RUN_JS = page_script("axe_run.js")
AXE_SHAPE = {
    "testEngine": {"version": str},
    "violations": [{"id": str, "impact": (str, None), "tags": [str], "help": str, "helpUrl": str,
                    "description": str,
                    "nodes": [{"target": [(str, [str])], "html": str, "failureSummary": (str, None)}]}],
}
BOXES_JS = page_script("boxes.js")
AXE_DEADLINE = 30.0                # seconds axe may take on one page
BLANK_TIMEOUT_MS = 5000            # leaving a page for about:blank
MAX_SCREENSHOT_HEIGHT = 6000
SCROLL_HEIGHT_JS = page_script("scroll_height.js")
MATCHING_JS = page_script("matching.js")
HAS_SCRIPTS_JS = page_script("has_scripts.js")
PASSWORD_FIELDS = "input[type=password]"
SETTLE_MS = 1500                   # extra wait for client-rendered content after load
MAX_SELECTOR = 300                 # as js/cap.js


class NotAPage(Exception):
    """The URL answered with a file (a download), not a page: record it as a document."""


@dataclass
class GatherOptions:
    scope: Scope
    timeout: float = 30.0
    screenshot_path: Path | None = None     # where to write the full-page screenshot
    screenshot_name: str | None = None      # how the artifact refers to it
    probes: bool = True                     # run the in-browser probes (keyboard, reflow, ...)
    mask: str = PASSWORD_FIELDS             # fields blacked out in screenshots
    hide: list[str] = field(default_factory=list)   # secrets blacked out wherever a screenshot shows them
    selectors: list[str] = field(default_factory=list)   # page-type selectors from the config
    leaves_scope: bool = False              # a documents page: its redirects may leave the scope (policy.LEAVES_SCOPE)


def _redirect_chain(response: Response | None) -> list[str]:
    chain: list[str] = []
    request = response.request.redirected_from if response else None
    while request is not None:
        chain.append(request.url)
        request = request.redirected_from
    return list(reversed(chain))


def _links(raw: list[dict[str, Any]], base: str, scope: Scope) -> list[Link]:
    links = []
    for item in raw:
        # the page script gives url null for a URL too long to keep whole: such a link leads nowhere
        url = None if item["url"] is None else normalise_url(item["url"] or item["href"], base)
        kind = link_kind(item["href"], url, scope)
        links.append(Link(url=url or "", text=item["text"], href=item["href"], kind=kind,
                          selector=item["selector"], new_window=item["new_window"], rel=item["rel"]))
    return links


def _forms(raw: list[dict[str, Any]]) -> list[Form]:
    return [Form(action=f["action"], method=f["method"], selector=f["selector"],
                 fields=[FormField(**field) for field in f["fields"]],
                 captcha=f["captcha"], captcha_evidence=f["captcha_evidence"]) for f in raw]


async def run_axe(page: Page) -> AxeRun:
    """axe-core on the page (in our isolated world), with each failing element's box so the
    report can crop it. A run past AXE_DEADLINE, or a malformed result, is the run's error."""
    try:
        await _load_axe(page)
        result = checked(await evaluate(page, AXE_RUN_JS, deadline=AXE_DEADLINE), AXE_SHAPE, "axe")
        targets = [n["target"][0] for v in result["violations"] for n in v["nodes"]
                   if n["target"] and isinstance(n["target"][0], str)]
        boxes = checked(await evaluate(page, BOXES_JS, targets), [(None, [NUMBER])], "boxes")
    except PageScriptError as exc:
        return AxeRun(error=f"axe could not run: {exc}")
    box_of = dict(zip(targets, boxes))
    violations = []
    for v in result["violations"]:
        nodes = []
        for n in v["nodes"]:
            target = n["target"][0] if n["target"] else ""
            selector = target if isinstance(target, str) else " >>> ".join(map(str, target))
            nodes.append(AxeNode(target=selector[:MAX_SELECTOR], html=(n.get("html") or "")[:500],
                                 summary=(n.get("failureSummary") or "")[:1000], box=box_of.get(selector)))
        violations.append(AxeViolation(id=v["id"], impact=v.get("impact"), tags=v.get("tags", []),
                                       help=v.get("help", ""), help_url=v.get("helpUrl", ""),
                                       description=v.get("description", ""), nodes=nodes))
    return AxeRun(version=result["testEngine"]["version"], violations=violations)


async def _load_axe(page: Page) -> None:
    """axe in the isolated world of the tab's document. Its source is sent to the browser once per tab
    (page_world.preload), which defines it in every later document; it runs on the first audit of one.
    The tab's first document gets the source directly."""
    await preload(page, AXE_PRELOAD_JS)
    if not checked(await evaluate(page, AXE_LOAD_JS), bool, "axe loaded"):
        await install(page, AXE_JS)


class InFlight:
    """Counts the page's unfinished requests, so client-rendered content can be waited for
    without making every static page pay for Playwright's fixed 500 ms "networkidle" window."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.pending = 0
        self.document: Response | None = None    # the latest main-frame document response

    def _start(self, _request: object) -> None:
        self.pending += 1

    def _response(self, response: Response) -> None:
        if response.request.is_navigation_request() and response.frame == self.page.main_frame:
            self.document = response

    def _end(self, _request: object) -> None:
        self.pending = max(0, self.pending - 1)

    def __enter__(self) -> "InFlight":
        self.page.on("request", self._start)
        self.page.on("response", self._response)
        self.page.on("requestfinished", self._end)
        self.page.on("requestfailed", self._end)
        return self

    def __exit__(self, *_: object) -> None:
        self.page.remove_listener("request", self._start)
        self.page.remove_listener("response", self._response)
        self.page.remove_listener("requestfinished", self._end)
        self.page.remove_listener("requestfailed", self._end)

    async def settle(self, limit_ms: int = SETTLE_MS, quiet_ms: int = 150) -> None:
        """Wait until no request has been pending for quiet_ms, at most limit_ms."""
        deadline = time.monotonic() + limit_ms / 1000
        quiet_since = time.monotonic()
        while time.monotonic() < deadline:
            if self.pending:
                quiet_since = time.monotonic()
            elif time.monotonic() - quiet_since >= quiet_ms / 1000:
                return
            await asyncio.sleep(0.03)


async def _goto(page: Page, url: str, timeout: float, network: InFlight) -> Response | None:
    """Navigate and return the document's response.

    Chromium follows a cached permanent redirect (or an instant script redirect) as a second
    navigation, which Playwright reports as an interruption: the page still loads, so wait for it
    and take the response of the document the tab actually shows.
    """
    try:
        return await page.goto(url, wait_until="load", timeout=timeout * 1000)
    except PlaywrightError as exc:
        if "interrupted by another navigation" not in exc.message:
            raise
        await page.wait_for_load_state("load", timeout=timeout * 1000)
        return network.document


async def gather_page(page: Page, artifact: PageArtifact, options: GatherOptions) -> PageArtifact:
    """Load artifact.url in `page` and fill in the artifact. Errors are recorded, not raised.

    The tab is left blank afterwards, so the page's timers (meta refresh, script redirects)
    cannot navigate it away while the next URL loads; a tab that stopped answering, or whose
    gathering the caller cancelled, is left for the crawler to close instead.
    """
    cancelled = False
    try:
        await close_opened_windows(page)    # what the tab opened before this page is not this page's
        with InFlight(page) as network:
            try:
                return await _gather(page, artifact, options, network)
            finally:
                artifact.opened_windows = await close_opened_windows(page)
    except asyncio.CancelledError:
        cancelled = True
        raise
    finally:
        if not cancelled and not is_unresponsive(page):
            try:
                await page.goto("about:blank", timeout=BLANK_TIMEOUT_MS)
            except PlaywrightError:
                mark_unresponsive(page)  # a tab that cannot even go blank is replaced by the crawler


async def _gather(page: Page, artifact: PageArtifact, options: GatherOptions, network: InFlight) -> PageArtifact:
    artifact.fetched_at = now_iso()
    started = time.monotonic()
    try:
        response = await _goto(page, artifact.url, options.timeout, network)
    except PlaywrightError as exc:
        message = exc.message.splitlines()[0]
        if "Download is starting" in message:
            raise NotAPage(artifact.url) from exc
        artifact.error = message
        artifact.elapsed_ms = int((time.monotonic() - started) * 1000)
        return artifact
    artifact.elapsed_ms = int((time.monotonic() - started) * 1000)
    artifact.final_url = page.url
    refusal = _refusal(response, page.url, None if options.leaves_scope else options.scope)
    if refusal:                    # what the policy refused is not recorded as this page
        artifact.error = f"refused: {refusal}"
        artifact.redirects = _redirect_chain(response)
        return artifact
    # a redirect Chromium followed from its cache leaves no chain: the URL change still tells
    artifact.redirects = _redirect_chain(response) or ([artifact.url] if normalise_url(page.url) != artifact.url else [])
    if response is not None:
        artifact.status = response.status
        artifact.content_type = (await response.all_headers()).get("content-type", "")
        if response.status >= 400:
            artifact.error = f"HTTP {response.status}"
    if await _may_still_render(page, network):
        await network.settle()  # pages that poll never settle: what has rendered by then is what we audit
    return await record_page(page, artifact, options)


def _refusal(response: Response | None, url: str, scope: Scope | None) -> str | None:
    """Why the page the tab ended on is not the portal's to record: the guard proxy refused a
    redirect hop's address, or a redirect left the portal's scope (None: the page may leave it)."""
    refused = response.headers.get(REFUSED_HEADER) if response is not None else None
    if refused:
        return refused
    if scope is not None and urlsplit(url).scheme in ("http", "https") and not in_scope(normalise_url(url) or url, scope):
        return f"redirected outside the portal's scope, to {url[:200]}"
    return None


async def _may_still_render(page: Page, network: InFlight) -> bool:
    """Only a script can fetch content after load: script-free pages skip the settling wait."""
    if network.pending:
        return True
    try:
        return checked(await evaluate(page, HAS_SCRIPTS_JS), bool)
    except PageScriptError:
        return True  # the page is navigating on: let it settle


async def record_page(page: Page, artifact: PageArtifact, options: GatherOptions) -> PageArtifact:
    """Record the page the tab shows now: crawled pages and journey stops alike."""
    try:
        raw = checked(await evaluate(page, EXTRACT_JS), EXTRACT_SHAPE, "page")
        matched = checked(await evaluate(page, MATCHING_JS, options.selectors), [str], "selectors") \
            if options.selectors else []
    except PageScriptError as exc:
        artifact.error = artifact.error or f"could not read the page: {exc}"
        return artifact
    artifact.title = raw["title"]
    artifact.lang = raw["lang"]
    artifact.text = raw["text"]
    artifact.headings = raw["headings"]
    artifact.links = _links(raw["links"], page.url, options.scope)
    artifact.forms = _forms(raw["forms"])
    artifact.matched_selectors = matched
    artifact.cut = raw["cut"]
    artifact.axe = await run_axe(page)
    if is_unresponsive(page):
        return artifact   # axe outlived its budget: screenshots and probes would only queue behind it
    if options.screenshot_path is not None and await screenshot(page, options.screenshot_path, options.mask,
                                                                options.hide):
        artifact.screenshot = options.screenshot_name
    if options.probes:
        artifact.probes, artifact.probe_times = await run_probes(page)
    return artifact


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\a ") + '"'


def _masks(page: Page, mask: str, hide: list[str]) -> list[Locator]:
    """What a screenshot blacks out: `mask` fields, text showing a secret (a signed-in username),
    and fields whose value is one."""
    masks = [page.locator(mask)]
    for secret in hide:
        masks.append(page.get_by_text(secret))
        masks.append(page.locator(f"input[value*={_css_string(secret)}], textarea:has-text({_css_string(secret)})"))
    return masks


async def screenshot(page: Page, path: Path, mask: str = PASSWORD_FIELDS, hide: list[str] | None = None) -> bool:
    """A full-page JPEG (height capped) with `mask` fields and `hide` secrets blacked out, so no
    secret is ever pictured."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        height = checked(await evaluate(page, SCROLL_HEIGHT_JS), NUMBER, "scroll height")
        width = page.viewport_size["width"] if page.viewport_size else 1280
        # masking costs a layout pass per shot, so only pages with something to hide pay for it
        masks = [m for m in _masks(page, mask, hide or []) if await m.count()]
        await page.screenshot(path=str(path), full_page=True, type="jpeg", quality=70, mask=masks,
                              clip={"x": 0, "y": 0, "width": width, "height": min(max(height, 1), MAX_SCREENSHOT_HEIGHT)})
    except (PlaywrightError, PageScriptError, asyncio.TimeoutError):
        return False  # a screenshot is evidence, not data: its absence must not lose the page
    return True
