"""Finding and launching Chromium the way a user expects.

Order: --browser PATH, then $TENDER_AUDIT_BROWSER, then a system Chromium/Chrome on PATH or in
the usual places, then Playwright's own download. When none is there, the error says how to get one.
"""
from __future__ import annotations

import asyncio
import os
import shutil
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import AsyncIterator, Awaitable
from weakref import WeakKeyDictionary

import psutil
from playwright.async_api import Browser, BrowserContext, Page, async_playwright
from playwright.async_api import Error as PlaywrightError

from auditor.popups import watch_tab
from model import HOMEPAGE, TOOL_NAME, __version__

ENV_VAR = "TENDER_AUDIT_BROWSER"
SYSTEM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
SYSTEM_PATHS = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome",
                "/snap/bin/chromium", "/opt/google/chrome/chrome",
                "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
                "/Applications/Chromium.app/Contents/MacOS/Chromium")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               "--disable-dev-shm-usage"]
# Playwright turns off Chromium's guard against pages that navigate thousands of times a second
# (a history.pushState flood saturates the browser process, and then nothing answers); keep it.
IGNORED_DEFAULT_ARGS = ["--disable-ipc-flooding-protection"]
USER_AGENT = f"Mozilla/5.0 (compatible; {TOOL_NAME}/{__version__}; +{HOMEPAGE})"
CLOSE_DEADLINE = 10.0              # seconds to open or close a tab, or close a context or browser

_PIDS: WeakKeyDictionary[Browser, int] = WeakKeyDictionary()

INSTALL_HELP = (
    "No Chromium or Chrome was found. Install one of:\n"
    "  - Debian/Ubuntu: sudo apt-get install chromium\n"
    "  - Playwright's build: python -m playwright install chromium\n"
    f"or point {TOOL_NAME} at a browser with --browser PATH or {ENV_VAR}=PATH."
)


class BrowserNotFound(RuntimeError):
    pass


@dataclass(frozen=True)
class BrowserChoice:
    path: str
    source: str                    # option | environment | system | playwright


def _playwright_chromium() -> str | None:
    """Playwright's downloaded Chromium, if `playwright install chromium` was run."""
    root = Path(os.environ.get("PLAYWRIGHT_BROWSERS_PATH") or Path.home() / ".cache" / "ms-playwright")
    for pattern in ("chromium-*/chrome-linux*/chrome", "chromium-*/chrome-mac*/Chromium.app/Contents/MacOS/Chromium",
                    "chromium_headless_shell-*/chrome-*/headless_shell", "chromium-*/chrome-win/chrome.exe"):
        found = sorted(root.glob(pattern))
        if found:
            return str(found[-1])
    return None


def find_browser(explicit: str | None = None) -> BrowserChoice:
    for path, source in ((explicit, "option"), (os.environ.get(ENV_VAR), "environment")):
        if path:
            resolved = shutil.which(path) or path
            if not (os.path.isfile(resolved) and os.access(resolved, os.X_OK)):
                where = "--browser" if source == "option" else ENV_VAR
                raise BrowserNotFound(f"{where} names {path!r}, which is not an executable file.\n{INSTALL_HELP}")
            return BrowserChoice(resolved, source)
    for name in SYSTEM_NAMES:
        found = shutil.which(name)
        if found:
            return BrowserChoice(found, "system")
    for path in SYSTEM_PATHS:
        if os.path.isfile(path) and os.access(path, os.X_OK):
            return BrowserChoice(path, "system")
    bundled = _playwright_chromium()
    if bundled:
        return BrowserChoice(bundled, "playwright")
    raise BrowserNotFound(INSTALL_HELP)


@asynccontextmanager
async def launch(explicit: str | None = None) -> AsyncIterator[Browser]:
    """One headless Chromium for the whole run; contexts are made per portal."""
    choice = find_browser(explicit)
    async with async_playwright() as pw:
        known = _browser_processes()
        browser = await pw.chromium.launch(executable_path=choice.path, headless=True, args=LAUNCH_ARGS,
                                           ignore_default_args=IGNORED_DEFAULT_ARGS)
        started = _browser_processes() - known
        if len(started) == 1:
            _PIDS[browser] = started.pop()
        try:
            yield browser
        finally:
            await close_within(browser.close(), browser)


def _browser_processes() -> set[int]:
    """Our Chromium browser processes (not their renderers and helpers, which have --type=, nor
    a launcher script such as Debian's /usr/bin/chromium, whose child the browser is)."""
    found: dict[int, int] = {}
    for child in psutil.Process().children(recursive=True):
        try:
            cmdline, parent = child.cmdline(), child.ppid()
        except psutil.Error:
            continue
        if "--remote-debugging-pipe" in cmdline and not any(a.startswith("--type=") for a in cmdline):
            found[child.pid] = parent
    return set(found) - set(found.values())


def kill_browser(browser: Browser) -> None:
    """The last resort when a browser call outlives its deadline: kill the browser process, so
    every call waiting on it fails at once instead of hanging the run."""
    pid = _PIDS.pop(browser, None)
    if pid is None:
        return
    try:
        psutil.Process(pid).kill()
    except psutil.Error:
        pass   # already gone


async def close_within(closing: Awaitable[None], browser: Browser | None) -> None:
    """Await a close (of a tab, context or browser) for CLOSE_DEADLINE at most; past it the
    browser is killed."""
    try:
        await asyncio.wait_for(closing, CLOSE_DEADLINE)
    except PlaywrightError:
        pass       # already closed, or the browser went first
    except asyncio.TimeoutError:
        if browser is not None:
            kill_browser(browser)


async def close_tab(page: Page) -> None:
    """Close a tab, and its renderer with it, within CLOSE_DEADLINE."""
    await close_within(page.close(run_before_unload=False), page.context.browser)


async def close_context(context: BrowserContext) -> None:
    await close_within(context.close(), context.browser)


async def open_tab(context: BrowserContext) -> Page:
    """A new tab within CLOSE_DEADLINE (past it the browser is killed and PlaywrightError raised),
    whose popups are closed the moment they open (auditor/popups.py)."""
    try:
        page = await asyncio.wait_for(context.new_page(), CLOSE_DEADLINE)
        await asyncio.wait_for(watch_tab(page), CLOSE_DEADLINE)
    except asyncio.TimeoutError:
        if context.browser is not None:
            kill_browser(context.browser)
        raise PlaywrightError(f"no new tab within {CLOSE_DEADLINE:g} s: the browser was killed") from None
    return page
