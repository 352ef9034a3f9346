"""The static probe: one read of the DOM and computed styles (see js/probe_dom.js)."""
from __future__ import annotations

from typing import Any

from playwright.async_api import Page

from auditor.page_scripts import page_script
from auditor.page_world import evaluate

DOM_JS = page_script("probe_dom.js")


async def probe_dom(page: Page) -> dict[str, dict[str, Any]]:
    return {"dom": await evaluate(page, DOM_JS)}
