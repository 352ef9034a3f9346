"""Crawling politely: robots.txt (RFC 9309, parsed by protego) and one request budget per host.

A council's portal is production infrastructure; an auditor that hammers it or ignores its
robots.txt would be blocked, and rightly. Several portals often share one vendor's host, so the
budget is per host for the whole run, not per portal. A portal cannot defeat our own budgets
either: Crawl-delay is capped, robots.txt is read within a deadline and a size cap, and no wait
runs past the waiting portal's time budget.
"""
from __future__ import annotations

import asyncio
import os
import re
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx
from protego import Protego

from model import TOOL_NAME
from auditor.config import PortalConfig
from auditor.http_client import Admit, admitted_get
from auditor.netguard import REFUSED_HEADER, UNREACHABLE_HEADER, Refused

MAX_CRAWL_DELAY = 30.0             # seconds: a robots.txt Crawl-delay above this is capped (and recorded)
ROBOTS_MAX_BYTES = 500 * 1024      # RFC 9309 §2.5: a crawler may stop parsing robots.txt here
ROBOTS_DEADLINE = 20.0             # seconds for a whole robots.txt fetch, redirects and body included
ROBOTS_MAX_REDIRECTS = 5           # RFC 9309 §2.3.1.2



class OutOfTime(Exception):
    """Making this request would mean waiting past the portal's time budget."""


@dataclass
class HostFacts:
    """What politeness cost one portal, for its crawl record."""
    shared_waits: int = 0                  # requests that waited for another portal's turn on a shared host
    shared_wait_seconds: float = 0.0
    shared_with: set[str] = field(default_factory=set)


class HostBudget:
    """One request budget per host (netloc) for a whole run, shared by every portal, crawl
    worker, document probe, journey and sign-in. A host's rate is the lowest configured by the
    portals on it, so two buyers on one vendor host together never exceed it; a robots.txt
    Crawl-delay can only slow a host further, and is capped at MAX_CRAWL_DELAY. No wait ever
    runs past the waiting portal's deadline."""

    def __init__(self, configs: list[PortalConfig]) -> None:
        self._rates: dict[str, float] = {}
        for config in configs:
            for host in {urlsplit(config.url).netloc.lower(), *config.scope.hosts}:
                self._rates[host] = min(config.rate, self._rates.get(host, config.rate))
        self._next: dict[str, float] = {}
        self._last_portal: dict[str, str] = {}
        self._crawl_delay: dict[str, float] = {}
        self.crawl_delays: dict[str, float] = {}     # host -> what its robots.txt asked for
        self.facts: dict[str, HostFacts] = {}

    def interval(self, host: str, rate: float) -> float:
        """Seconds between two requests to `host`; `rate` is the asking portal's own setting."""
        return max(1.0 / min(rate, self._rates.get(host, rate)), self._crawl_delay.get(host, 0.0))

    def slow_down(self, host: str, requested: float) -> None:
        self.crawl_delays[host] = requested
        self._crawl_delay[host] = min(requested, MAX_CRAWL_DELAY)

    async def wait(self, url: str, portal: str, rate: float, deadline: float) -> None:
        """Take the host's next turn, or raise OutOfTime (taking nothing) if it comes after `deadline`."""
        host = urlsplit(url).netloc.lower()
        now = time.monotonic()
        start = max(now, self._next.get(host, now))
        if start > deadline:
            raise OutOfTime(f"the next turn on {host} is {start - now:.0f} s away, past the time budget")
        self._next[host] = start + self.interval(host, rate)
        previous, self._last_portal[host] = self._last_portal.get(host), portal
        if start > now:
            if previous is not None and previous != portal:
                facts = self.facts.setdefault(portal, HostFacts())
                facts.shared_waits += 1
                facts.shared_wait_seconds += start - now
                facts.shared_with.add(previous)
            await asyncio.sleep(start - now)


def network_reason(exc: BaseException) -> str:
    """An HTTP client's network failure in plain words: "connection refused", not a traceback.

    httpx wraps the socket's error ("all connection attempts failed"); the OS's words are in the chain.
    """
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, OSError) and (cause.errno or cause.strerror):
            return (os.strerror(cause.errno) if isinstance(cause.errno, int) and cause.errno > 0
                    else str(cause.strerror)).lower()
        cause = cause.__cause__ or cause.__context__
    text = re.sub(r"^\[Errno -?\d+\]\s*", "", str(exc).splitlines()[0] if str(exc) else "").strip()
    return (text[:1].lower() + text[1:]) if text else type(exc).__name__


@dataclass
class RobotsRules:
    parser: Protego | None         # None: everything allowed (no robots.txt)
    status: str                    # what we found, for the crawl record
    disallow_all: bool = False     # robots.txt unreachable (5xx, network error, too slow): RFC 9309 says stay out
    network_error: str = ""        # the host did not answer at all: the portal is down, not refusing us

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
    """robots.txt per origin for the whole run, fetched once; `admit(url)` (the asking portal's
    request policy) is awaited before each request, redirects included.

    The fetch has an overall deadline (ROBOTS_DEADLINE, and never past the asking portal's own
    deadline) and reads at most ROBOTS_MAX_BYTES, so the per-origin lock is never held longer;
    every portal waiting for the lock waits only as long as its own budget allows."""

    def __init__(self, budget: HostBudget) -> None:
        self.budget = budget
        self._rules: dict[str, RobotsRules] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def rules_for(self, url: str, admit: Admit, deadline: float, client: httpx.AsyncClient) -> RobotsRules:
        """`client`: the asking portal's, through its guard proxy (which connects only to the
        address it checked)."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin in self._rules:
            return self._rules[origin]
        try:
            async with asyncio.timeout_at(_loop_time(deadline)):
                async with self._locks.setdefault(origin, asyncio.Lock()):
                    if origin not in self._rules:
                        self._rules[origin] = await self._fetch(origin, admit, client)
        except TimeoutError:
            raise OutOfTime(f"robots.txt of {origin} not settled within the time budget") from None
        return self._rules[origin]

    async def _fetch(self, origin: str, admit: Admit, client: httpx.AsyncClient) -> RobotsRules:
        try:
            async with asyncio.timeout(ROBOTS_DEADLINE):
                async with admitted_get(client, f"{origin}/robots.txt", admit, ROBOTS_MAX_REDIRECTS) as response:
                    if response is None:
                        return RobotsRules(None, "too many redirects: no robots.txt, all allowed")
                    return await self._read(response)
        except TimeoutError:
            return RobotsRules(None, f"not read within {ROBOTS_DEADLINE:g} s: staying out", disallow_all=True,
                               network_error=f"no answer within {ROBOTS_DEADLINE:g} s")
        except Refused as exc:
            return RobotsRules(None, f"refused ({exc}): staying out", disallow_all=True)
        except httpx.InvalidURL as exc:
            return RobotsRules(None, f"unreachable ({type(exc).__name__}): staying out", disallow_all=True)
        except httpx.ProxyError as exc:     # an HTTPS tunnel the guard proxy would not or could not open
            status, _, reason = str(exc).partition(" ")
            if status == "403":
                return RobotsRules(None, f"refused ({reason}): staying out", disallow_all=True)
            return RobotsRules(None, "unreachable (no connection): staying out", disallow_all=True,
                               network_error=reason or network_reason(exc))
        except httpx.HTTPError as exc:
            return RobotsRules(None, f"unreachable ({type(exc).__name__}): staying out", disallow_all=True,
                               network_error=network_reason(exc))

    async def _read(self, response: httpx.Response) -> RobotsRules:
        if REFUSED_HEADER in response.headers:          # the guard proxy's refusal, not the portal's answer
            return RobotsRules(None, f"refused ({response.headers[REFUSED_HEADER]}): staying out", disallow_all=True)
        if UNREACHABLE_HEADER in response.headers:      # the guard proxy could not reach the host
            return RobotsRules(None, "unreachable (no connection): staying out", disallow_all=True,
                               network_error=response.headers[UNREACHABLE_HEADER])
        if response.status_code >= 500:
            return RobotsRules(None, f"HTTP {response.status_code}: staying out", disallow_all=True)
        if response.status_code >= 400:
            return RobotsRules(None, f"HTTP {response.status_code}: no robots.txt, all allowed")
        body = bytearray()
        async for chunk in response.aiter_bytes():
            body += chunk
            if len(body) >= ROBOTS_MAX_BYTES:
                break
        cut = len(body) >= ROBOTS_MAX_BYTES
        text = bytes(body[:ROBOTS_MAX_BYTES]).decode("utf-8", "replace")
        return RobotsRules(Protego.parse(text), f"obeyed (its first {ROBOTS_MAX_BYTES // 1024} KiB)" if cut else "obeyed")


def _loop_time(deadline: float) -> float:
    """A time.monotonic() deadline on the event loop's clock."""
    loop = asyncio.get_running_loop()
    return loop.time() + (deadline - time.monotonic())


