"""The static probe: one read of the DOM and computed styles (see js/probe_dom.js)."""
from __future__ import annotations

from importlib import resources
from typing import Any

from playwright.async_api import Page

DOM_JS = resources.files("auditor").joinpath("js/probe_dom.js").read_text(encoding="utf-8")


async def probe_dom(page: Page) -> dict[str, Any]:
    return await page.evaluate(DOM_JS)
