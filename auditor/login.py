"""Signing in for an authenticated audit, which only a portal's owner configures.

Credentials come from environment variables named in the config, never from the config itself.
The signed-in session (Playwright storage state) is kept in memory and handed to the crawl's
browser contexts; it is never written into the run directory, and no credential reaches a log,
an artifact, a screenshot or an error message.
"""
from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.async_api import Browser, Locator, Page
from playwright.async_api import Error as PlaywrightError
from playwright.async_api import TimeoutError as PlaywrightTimeoutError

from auditor.browser import close_context, open_tab
from auditor.config import PortalConfig
from auditor.crawler import new_context
from auditor.gather import PASSWORD_FIELDS
from auditor.journeys.runner import run_steps
from auditor.journeys.steps import Journey, Step, parse_journeys
from auditor.page_scripts import page_script
from auditor.policy import BrowserGuard, RequestPolicy, RunPolicy
from auditor.redaction import SECRETS
from model.urls import normalise_url

SIGN_IN = "Sign in"
SIGN_IN_TIMEOUT = 20.0
NAVIGATION_TIMEOUT = 15.0          # seconds a submitted sign-in form may take to answer
TEXT_BOXES = "input:not([type]), input[type=text], input[type=email], input[type=tel]"
# What a person takes for a sign-in button: real submit controls, and ASP.NET WebForms links and
# buttons that post the page back through __doPostBack.
SUBMIT_CONTROLS = ("button:not([type]), button[type=submit], input[type=submit], input[type=image], "
                   "a[href^='javascript:__doPostBack'], [onclick*='__doPostBack']")
# user name / e-mail / login / account in several languages' common spellings
USERNAME_WORDS = (r"user|e-?mail|log-?in|log-?on|account|benutzer|nutzer|anmelde|kennung|utilisateur|"
                  r"identifiant|courriel|usuario|correo|utente|gebruiker|inlog|anv[aä]ndar|brugernavn|k[aä]ytt[aä]j")
SUBMIT_WORDS = (r"log ?in|log ?on|sign ?in|continue|next|submit|anmelden|weiter|connexion|se connecter|"
                r"entrar|acceder|accedi|inloggen|verder")
NOT_SUBMIT_WORDS = r"forgot|reset|search|register|sign ?up|create|cancel|help"
ERROR_MESSAGES = "[role=alert], .error, .error-summary, .govuk-error-summary, .alert-danger"
USERNAME_RULES = ("autocomplete=username, type=email, a label, aria-label or placeholder naming a user, "
                  "e-mail, login or account, those words in its name or id, then the text box before "
                  "the password box in the same form")

# Finds the user name box and the submit control the way a person does (js/login_find.js).
_FIND_JS = page_script("login_find.js")


class SignInError(RuntimeError):
    """Sign-in could not be done; the message names what to fix and never holds a credential."""


def _env(config: PortalConfig, key: str) -> str:
    name = (config.login or {})[key]
    value = os.environ.get(name)
    if not value:
        raise SignInError(f"{config.name}: sign-in needs the environment variable {name} ('login.{key}'), "
                          f"which is not set")
    return value


async def _first_visible(page: Page, candidates: list[Locator]) -> Locator | None:
    for candidate in candidates:
        for i in range(min(await candidate.count(), 5)):
            if await candidate.nth(i).is_visible():
                return candidate.nth(i)
    return None


async def _still_signed_out(page: Page) -> str | None:
    """Why sign-in looks to have failed, or None: a password box still showing, or an error message.

    The page's words are redacted before they are tidied or cut, so an echoed password cannot
    survive as a collapsed or shortened copy."""
    if await _first_visible(page, [page.locator(PASSWORD_FIELDS)]) is None:
        return None
    return "still on the sign-in page" + await _page_says(page) + \
        " (if the wrong button was pressed, set 'login.submit_selector')"


@dataclass
class _Found:
    user: Locator | None
    submit: Locator | None


async def _find(page: Page, login: dict[str, Any], password: Locator | None) -> _Found:
    """The user name box and the submit control, by the config's selectors or as a person finds them."""
    handle = await password.element_handle() if password else None
    found = await page.evaluate(_FIND_JS, [handle, USERNAME_WORDS, TEXT_BOXES, SUBMIT_CONTROLS, SUBMIT_WORDS,
                                           NOT_SUBMIT_WORDS])
    if "username_selector" in login:
        user_box = await _first_visible(page, [page.locator(login["username_selector"])])
    else:
        user_box = None if found["user"] is None else page.locator(TEXT_BOXES).nth(found["user"])
    if "submit_selector" in login:
        submit = await _first_visible(page, [page.locator(login["submit_selector"])])
    else:
        submit = None if found["submit"] is None else page.locator(SUBMIT_CONTROLS).nth(found["submit"])
    return _Found(user_box, submit)


async def _submit(page: Page, field: Locator, control: Locator | None) -> None:
    """Send the form as a person would (its sign-in button, a WebForms postback link, else Enter) and
    wait for the answer; a form that does not navigate is judged by what the page then shows."""
    try:
        async with page.expect_navigation(wait_until="load", timeout=NAVIGATION_TIMEOUT * 1000):
            if control is None:
                await field.press("Enter")
            else:
                await control.click()
    except PlaywrightTimeoutError:
        pass


async def _page_says(page: Page) -> str:
    alert = await _first_visible(page, [page.locator(ERROR_MESSAGES)])
    said = " ".join(SECRETS.redact_text(await alert.inner_text()).split())[:200] if alert else ""
    return f"; the page says: {said!r}" if said else ""


async def _fill_form(page: Page, config: PortalConfig, secrets: list[str]) -> None:
    """Fill and send the sign-in form: on one page, or in two steps (the user name, then the password)."""
    login = config.login or {}
    password_css = login.get("password_selector", PASSWORD_FIELDS)
    password = await _first_visible(page, [page.locator(password_css)])
    found = await _find(page, login, password)
    if found.user is None:
        what = "username field" if password else "username or password field"
        keys = "'login.username_selector'" + ("" if password else " and 'login.password_selector'")
        raise SignInError(f"{config.name}: no {what} found on the sign-in page {SECRETS.redact_text(page.url)} (looked for "
                          f"{USERNAME_RULES}); set {keys}")
    await found.user.fill(secrets[0])
    if password is None:                          # two-step sign-in: send the user name first
        await _submit(page, found.user, found.submit)
        password = await _first_visible(page, [page.locator(password_css)])
        if password is None:
            raise SignInError(f"{config.name}: sent the user name, but no password field followed on "
                              f"{SECRETS.redact_text(page.url)} "
                              f"(two-step sign-in){await _page_says(page)}; set 'login.password_selector', "
                              f"or give 'login.steps'")
        found = await _find(page, login, password)
    await password.fill(secrets[1])
    await _submit(page, password, found.submit)


def _with_sign_in_host(config: PortalConfig) -> PortalConfig:
    """The owner named the sign-in page, so it may be on another host (a single sign-on service, the
    buyer's e-tendering system): that host is in scope for signing in, not for the crawl."""
    url = normalise_url((config.login or {}).get("url", ""), config.url)
    host = urlsplit(url).netloc if url else ""
    if not host or host in config.scope.hosts:
        return config
    return replace(config, scope=replace(config.scope, hosts=[*config.scope.hosts, host]))


async def sign_in(browser: Browser, config: PortalConfig, policy: RequestPolicy | None = None) -> dict[str, Any]:
    """Sign in as the portal's config says and return the session's storage state (in memory only).

    Nothing is written: the sign-in page itself is audited by the crawl like any other page.
    Its page loads pass through `policy` (the run's; without one, a policy for this portal alone).
    """
    if policy is None:
        async with RunPolicy([config]) as run, await run.portal(config) as own:
            return await sign_in(browser, config, own)
    login = config.login or {}
    if "storage_state" in login:
        path = Path(login["storage_state"])
        try:
            state = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise SignInError(f"{config.name}: cannot read 'login.storage_state' {path}: {exc}") from exc
        SECRETS.add_session(state)
        return state
    if "steps" in login:
        [journey] = parse_journeys(f"portal {config.name!r}", [{"name": SIGN_IN, "steps": login["steps"]}],
                                   submit_forms=True)
        secrets = [os.environ.get(s["fill"]["value_env"], "") for s in login["steps"]
                   if isinstance(s.get("fill"), dict) and "value_env" in s["fill"]]
    else:
        journey = Journey(SIGN_IN, [Step("goto", login["url"], SIGN_IN_TIMEOUT)])
        secrets = [_env(config, "username_env"), _env(config, "password_env")]
    SECRETS.add_all(secrets)
    context = await new_context(browser, proxy=policy.proxy)
    await BrowserGuard(policy, "sign_in", lambda: time.monotonic() + SIGN_IN_TIMEOUT).attach(context)
    try:
        page = await open_tab(context)
        record = await run_steps(page, journey, _with_sign_in_host(config), None, allow_submit=True)
        if record.failed_step is not None:
            failed = record.failed_step
            raise SignInError(SECRETS.redact_text(f"{config.name}: sign-in failed at step {failed.index + 1} "
                                                  f"({failed.step}): {failed.error}"))
        page.set_default_timeout(SIGN_IN_TIMEOUT * 1000)
        if "steps" not in login:
            try:
                await _fill_form(page, config, secrets)
            except PlaywrightError as exc:
                raise SignInError(SECRETS.redact_text(f"{config.name}: sign-in failed: {exc.message}").splitlines()[0]) \
                    from None
        try:
            await page.wait_for_load_state("networkidle", timeout=2000)
        except PlaywrightError:
            pass  # pages that poll never go idle
        if any(s and s in page.url for s in secrets):
            raise SignInError(f"{config.name}: sign-in failed: the portal put a credential in the URL; stopped")
        why = await _still_signed_out(page)
        if why:
            raise SignInError(f"{config.name}: sign-in failed: {why}")
        state = await context.storage_state()
        SECRETS.add_session(state)
        return state
    finally:
        await close_context(context)

