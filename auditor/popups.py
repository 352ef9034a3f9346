"""Windows a portal's page opens (window.open, target=_blank): closed at once, noted on the page.

Left open, a popup holds memory for the rest of the crawl and keeps running its scripts, which can
go on calling the portal after the crawler has left the page that opened it. Each is closed when
Playwright reports it ("popup"); but that comes only once the popup has loaded, seconds late on a
busy machine, so before a page's record is closed the browser's own list of targets is swept too:
nothing a page opened outlives it. The crawler itself never wants a popup, so every page target
with an opener is closed. What a page asked to open is noted from its own Page.windowOpen event,
which carries the address at once.
"""
from __future__ import annotations

import asyncio
from typing import Any
from weakref import WeakKeyDictionary

from playwright.async_api import Browser, CDPSession, Page
from playwright.async_api import Error as PlaywrightError

MAX_NOTED = 10                     # addresses noted per page (every popup is closed)
MAX_URL = 1024                     # as js/cap.js
SWEEP_DEADLINE = 10.0              # seconds a sweep may take before the page's record is closed anyway

_BROWSER_SESSIONS: WeakKeyDictionary[Browser, asyncio.Future[CDPSession]] = WeakKeyDictionary()
_NOTED: WeakKeyDictionary[Page, list[str]] = WeakKeyDictionary()


async def watch_tab(page: Page) -> None:
    """From now on, close every window `page` opens and note where it was going."""
    browser = page.context.browser
    assert browser is not None, "tabs are opened in a launched browser"
    if browser not in _BROWSER_SESSIONS:
        _BROWSER_SESSIONS[browser] = asyncio.ensure_future(browser.new_browser_cdp_session())
    await _BROWSER_SESSIONS[browser]
    noted = _NOTED[page] = []

    def note(event: dict[str, Any]) -> None:
        if len(noted) < MAX_NOTED:
            noted.append(str(event.get("url", ""))[:MAX_URL])

    session = await page.context.new_cdp_session(page)
    session.on("Page.windowOpen", note)
    await session.send("Page.enable")
    page.on("popup", _close)


async def _close(popup: Page) -> None:
    try:
        await popup.close()
    except PlaywrightError:
        pass  # it closed itself, or the sweep closed it


async def close_opened_windows(page: Page) -> list[str]:
    """Close every popup still open; the addresses `page` asked to open since this was last asked
    (the first MAX_NOTED)."""
    session = _BROWSER_SESSIONS.get(page.context.browser) if page.context.browser else None
    if session is not None and session.done():
        try:
            await asyncio.wait_for(_sweep(session.result()), SWEEP_DEADLINE)
        except (asyncio.TimeoutError, PlaywrightError):
            pass  # the browser is going: nothing it runs outlives it
    noted = _NOTED.get(page, [])
    taken = list(noted)
    noted.clear()
    return taken


async def _sweep(session: CDPSession) -> None:
    targets = (await session.send("Target.getTargets"))["targetInfos"]
    popups = [info["targetId"] for info in targets if info.get("type") == "page" and info.get("openerId")]
    for popup in popups:
        try:
            await session.send("Target.closeTarget", {"targetId": popup})
        except PlaywrightError:
            pass  # it closed itself, or Playwright's handler closed it
