"""Crawling politely: robots.txt (RFC 9309, parsed by protego) and a request rate per host.

A council's portal is production infrastructure; an auditor that hammers it or ignores its
robots.txt would be blocked, and rightly.
"""
from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx
from protego import Protego

from auditor import TOOL_NAME


class RateLimiter:
    """At most `rate` requests per second to each host (netloc), across all workers."""

    def __init__(self, rate: float) -> None:
        self.interval = 1.0 / rate
        self._next: dict[str, float] = {}
        self._locks: dict[str, asyncio.Lock] = {}
        self._crawl_delay: dict[str, float] = {}

    def slow_down(self, host: str, seconds: float) -> None:
        """A robots.txt Crawl-delay can only make us slower than configured, never faster."""
        self._crawl_delay[host] = seconds

    async def wait(self, url: str) -> None:
        host = urlsplit(url).netloc
        lock = self._locks.setdefault(host, asyncio.Lock())
        interval = max(self.interval, self._crawl_delay.get(host, 0.0))
        async with lock:
            now = time.monotonic()
            start = max(now, self._next.get(host, now))
            self._next[host] = start + interval
        if start > now:
            await asyncio.sleep(start - now)


@dataclass
class RobotsRules:
    parser: Protego | None         # None: everything allowed (no robots.txt)
    status: str                    # what we found, for the crawl record
    disallow_all: bool = False     # robots.txt unreachable (5xx, network error): RFC 9309 says stay out

    def allowed(self, url: str, agent: str = TOOL_NAME) -> bool:
        if self.disallow_all:
            return False
        return self.parser is None or self.parser.can_fetch(url, agent)

    def crawl_delay(self, agent: str = TOOL_NAME) -> float | None:
        if self.parser is None:
            return None
        delay = self.parser.crawl_delay(agent)
        return float(delay) if delay else None


class RobotsCache:
    """robots.txt per origin, fetched once, through the rate limiter like any other request."""

    def __init__(self, client: httpx.AsyncClient, limiter: RateLimiter, obey: bool = True) -> None:
        self.client = client
        self.limiter = limiter
        self.obey = obey
        self._rules: dict[str, RobotsRules] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def rules_for(self, url: str) -> RobotsRules:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if not self.obey:
            return RobotsRules(None, "ignored by configuration")
        async with self._locks.setdefault(origin, asyncio.Lock()):
            if origin not in self._rules:
                self._rules[origin] = await self._fetch(origin)
                delay = self._rules[origin].crawl_delay()
                if delay:
                    self.limiter.slow_down(parts.netloc, delay)
        return self._rules[origin]

    async def allowed(self, url: str) -> bool:
        return (await self.rules_for(url)).allowed(url)

    async def _fetch(self, origin: str) -> RobotsRules:
        robots_url = f"{origin}/robots.txt"
        await self.limiter.wait(robots_url)
        try:
            response = await self.client.get(robots_url, follow_redirects=True, timeout=15.0)
        except httpx.HTTPError as exc:
            return RobotsRules(None, f"unreachable ({type(exc).__name__}): staying out", disallow_all=True)
        if response.status_code >= 500:
            return RobotsRules(None, f"HTTP {response.status_code}: staying out", disallow_all=True)
        if response.status_code >= 400:
            return RobotsRules(None, f"HTTP {response.status_code}: no robots.txt, all allowed")
        return RobotsRules(Protego.parse(response.text), "obeyed")
