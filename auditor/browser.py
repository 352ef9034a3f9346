"""Finding and launching Chromium the way a user expects.

Order: --browser PATH, then $TENDER_AUDIT_BROWSER, then a system Chromium/Chrome on PATH or in
the usual places, then Playwright's own download. When none is there, the error says how to get one.
"""
from __future__ import annotations

import os
import shutil
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import AsyncIterator

from playwright.async_api import Browser, async_playwright

from auditor import HOMEPAGE, TOOL_NAME, __version__

ENV_VAR = "TENDER_AUDIT_BROWSER"
SYSTEM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
SYSTEM_PATHS = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome",
                "/snap/bin/chromium", "/opt/google/chrome/chrome",
                "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
                "/Applications/Chromium.app/Contents/MacOS/Chromium")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               "--disable-dev-shm-usage"]
USER_AGENT = f"Mozilla/5.0 (compatible; {TOOL_NAME}/{__version__}; +{HOMEPAGE})"

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
    """One headless Chromium for the whole run; contexts are made per worker."""
    choice = find_browser(explicit)
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=choice.path, headless=True, args=LAUNCH_ARGS)
        try:
            yield browser
        finally:
            await browser.close()
