"""In-browser probes: what a keyboard or magnifier user meets, which axe's rules cannot see.

`run_probes(page)` records raw measurements in the page artifact; checks judge them later.
"""
from __future__ import annotations

from typing import Any

from playwright.async_api import Page


async def run_probes(page: Page) -> dict[str, Any]:
    return {}
