"""Scripted supplier journeys: a few steps a supplier takes, timed, counted and audited on the way.

A journey is pa11y-actions-like YAML (goto, click, fill, select, check, press, wait_for, expect,
screenshot, audit). Targets use Playwright's role / label / text locators, the way a person
finds things; CSS only when a journey asks for it. Every page a journey lands on is gathered
like a crawled page (axe, probes, links, forms, screenshot) with `journey` set, so all checks
see it. A failing step ends its journey, never the run.

Journeys never submit a form that sends data unless the portal's config says `submit_forms:
true` (an owner auditing their own portal). Search forms (GET, or role=search) are reading,
not sending, so they are always allowed.
"""
from __future__ import annotations

import asyncio
import json
import os
import re
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.async_api import Browser, Locator, Page, Response
from playwright.async_api import Error as PlaywrightError

from model.artifacts import Form, FormField, PageArtifact, now_iso
from model.journeys import FIRST_RESULT_JOURNEY, SEARCH_JOURNEY
from auditor.browser import close_context, open_tab, take_opened_windows
from model.classify import DESTRUCTIVE_WORDS, classify_page
from auditor.config import ConfigError, PortalConfig
from auditor.crawler import new_context
from auditor.gather import PASSWORD_FIELDS, SETTLE_MS, GatherOptions, record_page, screenshot
from auditor.page_scripts import page_script
from auditor.policy import BrowserGuard, RequestPolicy
from auditor.redaction import SECRETS, portal_secrets
from auditor.store import PortalStore, url_key
from model.urls import dedupe_key, normalise_url, url_template
from auditor.urls import in_scope

DEFAULT_TIMEOUT = 10.0             # seconds for one step
MAX_STEPS = 50
MAX_PAGES_PER_JOURNEY = 20         # pages audited by one journey: each costs an axe run
TYPED_FIELDS = "input, textarea"        # masked once a journey has typed a secret

ACTIONS = ("goto", "click", "fill", "select", "check", "press", "wait_for", "expect", "screenshot", "audit")
LOCATOR_KEYS = ("role", "label", "text", "placeholder", "css")

# Button and link names that send data somewhere: refused at validation time without submit_forms.
SUBMIT_WORDS = re.compile(r"\b(send|register|sign ?up|apply|save|confirm|pay|place bid|create account|"
                          r"" + DESTRUCTIVE_WORDS + r")\b", re.I)
SEARCH_WORDS = re.compile(r"\b(search|find|filter|go)\b", re.I)

# The in-page test of whether activating an element submits a form, and whether that form is a search.
FORM_SUBMISSION_JS = page_script("form_submission.js")
TITLE_INCLUDES_JS = page_script("title_includes.js")


class StepFailed(Exception):
    """A step could not be done; the message says why in a supplier's words."""


# ---------------------------------------------------------------------------------------------
# Journeys as data, and their validation
# ---------------------------------------------------------------------------------------------

@dataclass
class Step:
    action: str                    # one of ACTIONS
    arg: Any                       # str or mapping, as written in the config
    timeout: float = DEFAULT_TIMEOUT

    @property
    def text(self) -> str:
        """The step as written, for records; a fill from an environment variable shows only its name."""
        return f"{self.action}: {json.dumps(self.arg, ensure_ascii=False)}"


@dataclass
class Journey:
    name: str
    steps: list[Step]
    builtin: bool = False
    not_possible: str | None = None   # a built-in journey this portal gives no way to run


def _locator_spec(where: str, key: str, value: Any, extra: tuple[str, ...] = ()) -> dict[str, Any]:
    if isinstance(value, str):
        value = {"text": value}
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: '{key}' must name a target: one of {', '.join(LOCATOR_KEYS)}")
    found = [k for k in LOCATOR_KEYS if k in value]
    allowed = {*LOCATOR_KEYS, "name", "exact", *extra}
    unknown = sorted(set(value) - allowed)
    if unknown:
        raise ConfigError(f"{where}: unknown key '{key}.{unknown[0]}' (allowed: {', '.join(sorted(allowed))})")
    if len(found) != 1:
        raise ConfigError(f"{where}: '{key}' needs exactly one of {', '.join(LOCATOR_KEYS)}, got {found or 'none'}")
    if "name" in value and "role" not in value:
        raise ConfigError(f"{where}: '{key}.name' only goes with 'role'")
    for k in (*LOCATOR_KEYS, "name"):
        if k in value and not (isinstance(value[k], str) and value[k]):
            raise ConfigError(f"{where}: '{key}.{k}' must be non-empty text")
    return value


def _target_words(spec: dict[str, Any]) -> str:
    return " ".join(str(spec.get(k, "")) for k in ("name", "text", "label"))


def _step(where: str, key: str, raw: Any, submit_forms: bool, default_timeout: float) -> Step:
    if not isinstance(raw, dict):
        raise ConfigError(f"{where}: '{key}' must be a mapping such as {{click: {{text: 'Search'}}}}")
    actions = [a for a in raw if a in ACTIONS]
    unknown = sorted(set(raw) - {*ACTIONS, "timeout"})
    if unknown:
        raise ConfigError(f"{where}: unknown step '{key}.{unknown[0]}' (steps: {', '.join(ACTIONS)})")
    if len(actions) != 1:
        raise ConfigError(f"{where}: '{key}' needs exactly one action ({', '.join(ACTIONS)}), got {actions or 'none'}")
    action, arg = actions[0], raw[actions[0]]
    timeout = raw.get("timeout", default_timeout)
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or timeout <= 0:
        raise ConfigError(f"{where}: '{key}.timeout' must be a positive number of seconds")
    at = f"{key}.{action}"
    if action == "goto":
        if not isinstance(arg, str) or not arg or urlsplit(arg).scheme not in ("", "http", "https"):
            raise ConfigError(f"{where}: '{at}' must be a path such as /opportunities or an http(s) URL")
    elif action == "click":
        spec = _locator_spec(where, at, arg)
        words = _target_words(spec)
        if not submit_forms and SUBMIT_WORDS.search(words) and not SEARCH_WORDS.search(words):
            raise ConfigError(f"{where}: '{at}' ({words.strip()!r}) would submit a form; journeys "
                              f"submit forms only when the portal sets 'submit_forms: true' (its owner's config)")
    elif action == "fill":
        spec = _locator_spec(where, at, arg, ("value", "value_env"))
        if ("value" in spec) == ("value_env" in spec):
            raise ConfigError(f"{where}: '{at}' needs 'value' or 'value_env' (an environment variable's name)")
        if "value" in spec and not isinstance(spec["value"], (str, int, float)):
            raise ConfigError(f"{where}: '{at}.value' must be text")
        if "value_env" in spec and not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", str(spec["value_env"])):
            raise ConfigError(f"{where}: '{at}.value_env' must be the name of an environment variable")
    elif action == "select":
        spec = _locator_spec(where, at, arg, ("option",))
        if not isinstance(spec.get("option"), str):
            raise ConfigError(f"{where}: '{at}' needs 'option': the option's label or value")
    elif action == "check":
        _locator_spec(where, at, arg)
    elif action == "press":
        if isinstance(arg, str):
            arg = {"key": arg}
        if not isinstance(arg, dict) or not isinstance(arg.get("key"), str):
            raise ConfigError(f"{where}: '{at}' must be a key such as Enter, or {{key: Enter, label: ...}}")
        if set(arg) - {"key"}:
            _locator_spec(where, at, {k: v for k, v in arg.items() if k != "key"})
    elif action in ("wait_for", "expect"):
        kinds = ("url", "selector", "text") if action == "wait_for" else ("text", "url", "element", "title")
        if not isinstance(arg, dict) or len(arg) != 1 or next(iter(arg)) not in kinds:
            raise ConfigError(f"{where}: '{at}' needs one of {', '.join(kinds)}")
        kind, value = next(iter(arg.items()))
        if kind == "element":
            _locator_spec(where, f"{at}.element", {"css": value} if isinstance(value, str) else value)
        elif not isinstance(value, str) or not value:
            raise ConfigError(f"{where}: '{at}.{kind}' must be non-empty text")
    elif action == "screenshot":
        if not isinstance(arg, str) or not re.fullmatch(r"[\w.-]{1,60}", arg):
            raise ConfigError(f"{where}: '{at}' must be a short name (letters, digits, - _ .)")
    elif action == "audit" and arg != "here":
        raise ConfigError(f"{where}: '{at}' must be 'here'")
    return Step(action, arg, float(timeout))


def parse_journeys(where: str, journeys: list[Any], submit_forms: bool) -> list[Journey]:
    """Journeys from config, validated; a ConfigError names the file, portal and key."""
    parsed: list[Journey] = []
    seen: set[str] = set()
    for i, raw in enumerate(journeys):
        key = f"journeys[{i}]"
        if not isinstance(raw, dict) or not isinstance(raw.get("name"), str) or not raw["name"].strip():
            raise ConfigError(f"{where}: '{key}' must be a mapping with a 'name' and 'steps'")
        unknown = sorted(set(raw) - {"name", "steps", "timeout"})
        if unknown:
            raise ConfigError(f"{where}: unknown key '{key}.{unknown[0]}' (allowed: name, steps, timeout)")
        name = raw["name"].strip()
        if name in seen:
            raise ConfigError(f"{where}: two journeys are named {name!r}")
        seen.add(name)
        steps = raw.get("steps")
        if not isinstance(steps, list) or not steps or len(steps) > MAX_STEPS:
            raise ConfigError(f"{where}: '{key}.steps' must be a list of 1 to {MAX_STEPS} steps")
        timeout = raw.get("timeout", DEFAULT_TIMEOUT)
        if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or timeout <= 0:
            raise ConfigError(f"{where}: '{key}.timeout' must be a positive number of seconds")
        parsed.append(Journey(name, [_step(where, f"{key}.steps[{j}]", s, submit_forms, float(timeout))
                                     for j, s in enumerate(steps)]))
    return parsed


def validate_journeys(where: str, journeys: list[Any], submit_forms: bool) -> None:
    """Called by config validation so a bad journey fails before any browser starts."""
    parse_journeys(where, journeys, submit_forms)


# ---------------------------------------------------------------------------------------------
# Records
# ---------------------------------------------------------------------------------------------

@dataclass
class FailedStep:
    index: int                     # 0-based position in the journey's steps
    step: str                      # the step as written
    expected: str                  # what the step was looking for, in words
    url: str                       # where the browser was
    error: str
    screenshot: str | None         # path relative to the run directory


@dataclass
class JourneyRecord:
    name: str
    ok: bool = False
    builtin: bool = False
    steps: int = 0                 # steps completed
    steps_total: int = 0
    clicks: int = 0                # clicks, checks, selects and key presses a supplier makes
    keystrokes: int = 0            # characters typed plus keys pressed
    seconds: float = 0.0           # time spent doing the steps, not auditing the pages
    pages: list[str] = field(default_factory=list)        # URLs landed on, in order
    screenshots: list[str] = field(default_factory=list)  # from screenshot steps
    failed_step: FailedStep | None = None
    not_possible: str | None = None  # a built-in journey this portal gives no way to run
    not_tried: str | None = None     # a step our own robots.txt policy forbade: no verdict on the portal


def record_dict(record: JourneyRecord) -> dict[str, Any]:
    return asdict(record)


# ---------------------------------------------------------------------------------------------
# Running
# ---------------------------------------------------------------------------------------------

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
    audited: set[str] = field(default_factory=set)
    landed: str = ""

    @property
    def run_dir(self) -> Path:
        assert self.store is not None
        return self.store.root.parent.parent

    def on_response(self, response: Response) -> None:
        if response.request.is_navigation_request() and response.frame == self.page.main_frame:
            self.last_response = response

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

    async def refuse_submission(self, target: Locator, key: str | None) -> None:
        """Stop a click or Enter that would send a non-search form, unless the owner allowed it."""
        if self.allow_submit:
            return
        handle = await target.element_handle()
        form = await self.page.evaluate(FORM_SUBMISSION_JS, [handle, key]) if handle else None
        if form and not form["search"]:
            raise StepFailed(f"refused: this would submit a {form['method'].upper()} form to {form['action']}; "
                             f"journeys submit forms only when the portal sets 'submit_forms: true'")

    async def do(self, step: Step) -> None:
        page, arg = self.page, step.arg
        if step.action == "goto":
            url = normalise_url(arg, self.config.url)
            if url is None or not in_scope(url, self.config.scope):
                raise StepFailed(f"{arg} is outside the portal's scope (add its host to 'scope.hosts')")
            response = await page.goto(url, wait_until="load")
            if response is not None and response.status >= 400:
                raise StepFailed(f"HTTP {response.status}")
        elif step.action in ("click", "check", "select"):
            target = self.locate(arg)
            if step.action == "click":
                await target.wait_for(state="visible")
                await self.refuse_submission(target, None)
                await target.click()
            elif step.action == "check":
                await target.check()
            else:
                await target.select_option(arg["option"])
            self.record.clicks += 1
        elif step.action == "fill":
            value = str(arg["value"]) if "value" in arg else os.environ.get(arg["value_env"])
            if value is None:
                raise StepFailed(f"the environment variable {arg['value_env']} is not set")
            if "value_env" in arg:
                self.secrets.append(value)
                SECRETS.add(value)
            await self.locate(arg).fill(value)
            self.record.keystrokes += len(value)
        elif step.action == "press":
            spec = {k: v for k, v in arg.items() if k != "key"}
            target = self.locate(spec) if spec else page.locator(":focus")
            await self.refuse_submission(target, arg["key"])
            await target.press(arg["key"])
            self.record.keystrokes += 1
        elif step.action in ("wait_for", "expect"):
            await self.wait_or_expect(arg)
        elif step.action == "screenshot" and self.store is not None:
            self.record.screenshots.append(await self.screenshot(f"{arg}"))
        await self.settle()

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

    async def audit_here(self, forced: bool) -> None:
        """Gather the page the journey is on, like a crawled page, and write it for the checks."""
        url = normalise_url(self.page.url) or self.page.url
        if self.store is None or (url in self.audited and not forced) or len(self.audited) >= MAX_PAGES_PER_JOURNEY:
            return
        self.audited.add(url)
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
        artifact.opened_windows = take_opened_windows(self.page)   # since the last page audited
        artifact.page_type = classify_page(artifact, self.config.url, self.config.page_types)
        self.store.write_page(artifact)

    def expected(self, step: Step) -> str:
        arg = step.arg
        if step.action == "goto":
            return f"page {arg} loads"
        if step.action in ("wait_for", "expect"):
            kind, value = next(iter(arg.items()))
            return {"url": f"URL containing {value!r}", "selector": f"element {value!r} visible",
                    "text": f"text {value!r} on the page", "title": f"title containing {value!r}"}.get(
                kind, f"element {describe(value if isinstance(value, dict) else {'css': value})} visible")
        if step.action == "press":
            return f"key {arg['key']} pressed"
        if step.action in ("click", "fill", "select", "check"):
            return f"{describe(arg)} to {step.action}"
        return step.action

    async def run(self) -> JourneyRecord:
        started = time.monotonic()
        audit_seconds = 0.0
        self.page.on("response", self.on_response)
        for index, step in enumerate(self.journey.steps):
            self.page.set_default_timeout(step.timeout * 1000)
            before = self.page.url
            try:
                if step.action == "audit":
                    await self.audit_here(forced=True)
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
        self.record.failed_step = FailedStep(index=index, step=step.text, expected=self.expected(step),
                                             url=self.page.url, error=message, screenshot=shot)


def describe(spec: dict[str, Any]) -> str:
    if "role" in spec:
        return f"{spec['role']} named {spec['name']!r}" if spec.get("name") else f"a {spec['role']}"
    for key in ("label", "text", "placeholder", "css"):
        if key in spec:
            return f"{'element' if key == 'css' else key} {spec[key]!r}"
    return "element"


async def run_steps(page: Page, journey: Journey, config: PortalConfig, store: PortalStore | None,
                    allow_submit: bool, blocked: list[str] | None = None) -> JourneyRecord:
    """Do a journey's steps in an open tab; with a store, audit and record what it meets."""
    record = JourneyRecord(name=journey.name, builtin=journey.builtin, steps_total=len(journey.steps))
    runner = Runner(page, journey, config, store, allow_submit, record, blocked=[] if blocked is None else blocked)
    return await runner.run()


async def run_journey(browser: Browser, journey: Journey, config: PortalConfig, store: PortalStore,
                      guard: BrowserGuard, storage_state: dict[str, Any] | None = None) -> JourneyRecord:
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
                                     guard.blocked)
        finally:
            await close_context(context)
    store.write_journey(journey.name, record_dict(record))
    return record


async def run_journeys(browser: Browser, config: PortalConfig, store: PortalStore, policy: RequestPolicy,
                       storage_state: dict[str, Any] | None = None) -> list[JourneyRecord]:
    """The portal's configured journeys, or the built-in ones when it has none.

    Run after the crawl: the built-in journeys start from the listing page the crawl found.
    """
    where = f"portal {config.name!r}"
    journeys = (parse_journeys(where, config.journeys, config.submit_forms) if config.journeys
                else builtin_journeys(store.pages(), config))
    # the crawl's budget is spent by now: a journey's page load waits no longer than a page load may take
    guard = BrowserGuard(policy, "page", lambda: time.monotonic() + config.page_timeout)
    return [await run_journey(browser, journey, config, store, guard, storage_state) for journey in journeys]


# ---------------------------------------------------------------------------------------------
# Built-in journeys, planned from what the crawl recorded
# ---------------------------------------------------------------------------------------------

NOTICE_URL = re.compile(r"notice|tender|opportunit|contract", re.I)
SEARCH_FIELD = re.compile(r"search|keyword|query|^q$|find", re.I)
STOPWORDS = frozenset("""about above after again against their there these those which while would could
should other under where notice notices tender tenders contract contracts opportunity opportunities
services service council borough county district supply supplies provision framework lot lots
published closing deadline value details""".split())


def _start_pages(pages: list[PageArtifact]) -> list[PageArtifact]:
    """Where a supplier starts: listing pages first (most notice-like links first), then the home page."""
    ok = [p for p in pages if not p.error and p.journey is None]
    listings = sorted((p for p in ok if p.page_type.type == "listing"),
                      key=lambda p: (-len(notice_links(p)), p.depth, p.url))
    home = sorted((p for p in ok if p.depth == 0), key=lambda p: p.url)
    return listings + home


def notice_links(page: PageArtifact) -> list[str]:
    """Names of links that look like a list of notices: several titled links sharing one URL template."""
    here = dedupe_key(page.final_url or page.url)
    links = [link for link in page.links
             if link.kind == "page" and len(link.text.split()) >= 2 and dedupe_key(link.url) != here]
    templates = Counter(url_template(url) for url in {dedupe_key(link.url) for link in links})
    chosen = [link for link in links if templates[url_template(link.url)] >= 3]
    if not chosen:
        chosen = [link for link in links if NOTICE_URL.search(link.url)]
    return list(dict.fromkeys(link.text for link in chosen))


def common_word(texts: list[str]) -> str | None:
    """A word suppliers would type: the commonest content word in the notice titles listed."""
    words = Counter(w for text in texts for w in {w.lower() for w in re.findall(r"[A-Za-z]{5,}", text)}
                    if w.lower() not in STOPWORDS)
    return min(words, key=lambda w: (-words[w], w)) if words else None


def search_field(page: PageArtifact) -> tuple[Form, FormField] | None:
    """A search box on the page (type=search, or labelled or named search / keyword / query) and its form."""
    for form in page.forms:
        for fld in form.fields:
            if fld.tag == "input" and (fld.type == "search" or SEARCH_FIELD.search(f"{fld.label} {fld.name}")) \
                    and fld.type not in ("password", "email", "checkbox", "radio"):
                return form, fld
    return None


def builtin_journeys(pages: list[PageArtifact], config: PortalConfig) -> list[Journey]:
    """Keyword search and open-the-first-result, planned from the crawled listing or home page."""
    starts = _start_pages(pages)
    if not starts:
        reason = "no listing or home page was gathered"
        return [Journey(SEARCH_JOURNEY, [], True, reason), Journey(FIRST_RESULT_JOURNEY, [], True, reason)]
    return [_search_journey(starts, config), _first_result_journey(starts)]


def _search_journey(starts: list[PageArtifact], config: PortalConfig) -> Journey:
    for page in starts:
        found = search_field(page)
        if found is None:
            continue
        form, box = found
        if form.method == "script":
            return Journey(SEARCH_JOURNEY, [], True,
                           "the search box is not part of a form (a script filter); not tried")
        if form.method != "get" and not config.submit_forms:
            return Journey(SEARCH_JOURNEY, [], True, f"the search form sends data (method {form.method.upper()}); "
                                                     f"not submitted without 'submit_forms: true'")
        titles = next((found for found in map(notice_links, starts) if found), [])
        word = common_word(titles) or common_word([link.text for link in page.links])
        if word is None:
            return Journey(SEARCH_JOURNEY, [], True, "no word to search for on the page")
        return Journey(SEARCH_JOURNEY, [
            Step("goto", page.final_url or page.url),
            Step("fill", {"css": box.selector, "value": word}),
            Step("press", {"key": "Enter", "css": box.selector}),
            Step("wait_for", {"url": word}),
            Step("expect", {"element": {"role": "link", "name": word}}),
            Step("click", {"role": "link", "name": word}),
        ], builtin=True)
    return Journey(SEARCH_JOURNEY, [], True, "no search box found")


def _first_result_journey(starts: list[PageArtifact]) -> Journey:
    for page in starts:
        titles = notice_links(page)
        if titles:
            return Journey(FIRST_RESULT_JOURNEY, [Step("goto", page.final_url or page.url),
                                                  Step("click", {"role": "link", "name": titles[0], "exact": True})],
                           builtin=True)
    return Journey(FIRST_RESULT_JOURNEY, [], True, "no notice-like link found on the listing or home page")


