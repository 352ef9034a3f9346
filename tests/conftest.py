"""Shared fixtures: sample portals served on 127.0.0.1 and crawls of them into temporary run dirs."""
from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from auditor.config import PortalConfig, parse_config
from auditor.pipeline import GatherOutcome, gather
from auditor.progress import Progress
from auditor.samples.site import PARALLEL_PORTALS

FAST = {"rate": 100, "concurrency": 3, "time_budget": 120}


def configs_for(portals: dict, **overrides: Any) -> list[PortalConfig]:
    """Portal configs for locally served sample portals, fast politeness settings for tests."""
    return parse_config({"portals": [{"name": p.name, "url": p.url, "slug": p.slug, **FAST, **overrides}
                                     for p in portals.values()]}, Path("<tests>"))


def crawl(configs: list[PortalConfig], out: Path) -> GatherOutcome:
    return asyncio.run(gather(configs, out, Progress(quiet=True), parallel=PARALLEL_PORTALS))
