"""The request policy: one ordered stack of small checks that every request passes through.

Pages, robots.txt, documents, journeys and sign-in alike, in the manner of Scrapy's downloader
middlewares. A portal is someone else's server, and may be broken or hostile: it must not make
the auditor reach addresses it has no business reaching (an intranet, a cloud metadata service),
leave the portal's scope unnoticed, wait past the portal's time budget, or read without limit.

    scheme  -> scope -> address -> robots.txt -> host budget (rate, Crawl-delay)

Each check applies to the request kinds it names (KINDS). Which kinds may leave the portal's
scope is one rule, LEAVES_SCOPE: a document linked from a page may be hosted elsewhere, and so may
a documents page, the page a notice's documents link leads to (the crawler's follow_for_documents
says which pages those are: a national notice site's documents sit on the buyer's e-tendering
system), but only on a public address (the address check refuses the rest, as for every kind).

The browser's own connections (redirect hops, subresources, frames) go through the address
check too, in the guard proxy (auditor/netguard.py); its first request of each navigation
goes through the whole stack (BrowserGuard). So do the crawler's own requests, robots.txt,
sitemaps and documents: the proxy connects only to the address it checked, so a name cannot
resolve to a public address for the check and a private one for the connection.
"""
from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import httpx
from playwright.async_api import BrowserContext, Route
from playwright.async_api import Request as BrowserRequest
from playwright.async_api import Error as PlaywrightError

from auditor.config import PortalConfig
from auditor.http_client import new_http_client
from auditor.netguard import GuardProxy, Refused, Unresolvable
from auditor.politeness import MAX_CRAWL_DELAY, HostBudget, HostFacts, OutOfTime, RobotsCache, RobotsRules
from model.urls import normalise_url
from auditor.urls import in_scope

RESOLVE_TIMEOUT = 10.0

KINDS = ("page", "documents_page", "document", "robots", "sitemap", "sign_in")
ALL = set(KINDS)
# kinds that may go beyond the portal's scope (public addresses only)
LEAVES_SCOPE = {"documents_page", "document", "sign_in"}

__all__ = ["AddressGuard", "BrowserGuard", "DisallowedByRobots", "OutOfTime", "Refused", "RequestPolicy", "RunPolicy",
           "crawl_facts"]


class DisallowedByRobots(Refused):
    """robots.txt keeps us out (or could not be read, which RFC 9309 says means the same)."""

    def __init__(self, rules: RobotsRules) -> None:
        if rules.network_error:    # no answer at all, not even for robots.txt: the host is down
            message = f"host unreachable: {rules.network_error} (fetching robots.txt)"
        else:
            message = f"disallowed by robots.txt: {rules.status}" if rules.disallow_all else "disallowed by robots.txt"
        super().__init__(message)
        self.rules = rules
        self.network_failure = bool(rules.network_error)


Resolver = Callable[[str, int], Awaitable[list[str]]]


async def system_resolver(host: str, port: int) -> list[str]:
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return sorted({str(info[4][0]) for info in infos})


def address_kind(address: str) -> str | None:
    """None for a public address, else what kind of non-public address it is."""
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for kind, flag in (("loopback", ip.is_loopback), ("link-local", ip.is_link_local),
                       ("multicast", ip.is_multicast), ("unspecified", ip.is_unspecified),
                       ("private", ip.is_private), ("reserved", ip.is_reserved)):
        if flag:
            return kind
    return None if ip.is_global else "non-public"


@dataclass
class AddressGuard:
    """Refuses non-public addresses, except those the configured portal itself is on.

    Names are resolved before connecting, so a public name pointing at a private address is
    refused too; a name with any refused address is refused whole."""
    allowed: frozenset[str] = frozenset()
    resolver: Resolver = system_resolver

    @classmethod
    async def for_portal(cls, config: PortalConfig, resolver: Resolver = system_resolver) -> AddressGuard:
        """The portal's own non-public addresses: those of its start URL's and scope's hosts."""
        hosts = {urlsplit(config.url).netloc.lower(), *config.scope.hosts}
        allowed: set[str] = set()
        for netloc in hosts:
            parts = urlsplit(f"//{netloc}")
            if parts.hostname:
                try:
                    addresses = await _resolve(resolver, parts.hostname, parts.port or 80)
                except Refused:
                    continue  # an unresolvable portal host fails on its own when fetched
                allowed.update(a for a in addresses if address_kind(a))
        return cls(frozenset(allowed), resolver)

    async def check(self, host: str, port: int) -> list[str]:
        """The addresses that may be connected to for host:port, or Refused."""
        addresses = await _resolve(self.resolver, host, port)
        for address in addresses:
            kind = address_kind(address)
            if kind and address not in self.allowed:
                shown = host if host == address else f"{host} ({address})"
                raise Refused(f"non-public address: {shown} is a {kind} address, not the portal's own")
        return addresses


async def _resolve(resolver: Resolver, host: str, port: int) -> list[str]:
    try:
        async with asyncio.timeout(RESOLVE_TIMEOUT):
            addresses = await resolver(host, port)
    except (OSError, TimeoutError) as exc:
        raise Unresolvable(f"unresolvable: {host} ({type(exc).__name__})") from exc
    if not addresses:
        raise Unresolvable(f"unresolvable: {host} has no address")
    return addresses


# ---------------------------------------------------------------------------------------------
# The policy
# ---------------------------------------------------------------------------------------------

@dataclass
class PolicyFacts:
    """What the policy refused or slowed for one portal: its crawl record says so."""
    refused: Counter[str] = field(default_factory=Counter)    # why -> count
    refused_examples: dict[str, str] = field(default_factory=dict)   # why -> the first URL refused

    def refuse(self, url: str, why: str) -> None:
        kind = why.split(":", 1)[0]
        self.refused[kind] += 1
        self.refused_examples.setdefault(kind, url)


@dataclass
class Request:
    url: str
    kind: str                      # one of KINDS
    deadline: float                # time.monotonic() past which nothing may wait


class RequestPolicy:
    """One portal's view of the run's policy: its scope and addresses, the run's robots.txt
    cache and host budget. `admit` runs the checks in order; it returns when the request may be
    made now, or raises Refused or OutOfTime."""

    def __init__(self, config: PortalConfig, addresses: AddressGuard, robots: RobotsCache | None,
                 budget: HostBudget) -> None:
        self.config = config
        self.addresses = addresses
        self.robots = robots if config.obey_robots else None
        self.budget = budget
        self.facts = PolicyFacts()
        self._proxy: GuardProxy
        self._robots_client: httpx.AsyncClient | None = None     # through the proxy, once it runs
        self.checks: list[tuple[set[str], Callable[[Request], Awaitable[None]]]] = [
            (ALL, self._scheme),
            (ALL - {"robots"}, self._scope),
            (ALL, self._address),
            ({"page", "documents_page", "document", "sitemap"}, self._robots),
            (ALL, self._rate),
        ]

    async def admit(self, url: str, kind: str, deadline: float) -> None:
        request = Request(url, kind, deadline)
        try:
            for kinds, check in self.checks:
                if kind in kinds:
                    await check(request)
        except Refused as exc:
            self.facts.refuse(url, str(exc))
            raise

    async def _robots_rules(self, url: str, deadline: float) -> RobotsRules | None:
        """robots.txt of the URL's origin (fetched through this policy), None if not obeyed."""
        if self.robots is None:
            return None
        assert self._robots_client is not None, "a portal's policy is entered (async with) before it is asked"
        return await self.robots.rules_for(url, lambda u: self.admit(u, "robots", deadline), deadline,
                                           self._robots_client)

    async def sitemaps_named(self, url: str, deadline: float) -> list[str]:
        """The sitemaps robots.txt names for the URL's origin (its `Sitemap:` lines); none when
        robots.txt is not obeyed or could not be read."""
        rules = await self._robots_rules(url, deadline)
        return list(rules.parser.sitemaps) if rules is not None and rules.parser is not None else []

    async def _scheme(self, request: Request) -> None:
        if urlsplit(request.url).scheme not in ("http", "https"):
            raise Refused(f"not http(s): {request.url[:100]}")

    async def _scope(self, request: Request) -> None:
        if request.kind not in LEAVES_SCOPE and not in_scope(normalise_url(request.url) or request.url, self.config.scope):
            raise Refused(f"outside the portal's scope: {request.url[:200]}")

    async def _address(self, request: Request) -> None:
        parts = urlsplit(request.url)
        if not parts.hostname:
            raise Refused(f"no host: {request.url[:100]}")
        await self.addresses.check(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))

    async def _robots(self, request: Request) -> None:
        rules = await self._robots_rules(request.url, request.deadline)
        if rules is not None and not rules.allowed(request.url):
            raise DisallowedByRobots(rules)

    async def _rate(self, request: Request) -> None:
        host = urlsplit(request.url).netloc.lower()
        rules = await self._robots_rules(request.url, request.deadline) if request.kind != "robots" else None
        delay = rules.crawl_delay() if rules else None
        if delay and host not in self.budget.crawl_delays:
            self.budget.slow_down(host, delay)
        await self.budget.wait(request.url, self.config.slug, self.config.rate, request.deadline)

    async def __aenter__(self) -> RequestPolicy:
        """Start the guard proxy that this portal's browser contexts connect through."""
        self._proxy = await GuardProxy(self.addresses.check, on_refused=self.facts.refuse).__aenter__()
        self._robots_client = new_http_client(proxy=self._proxy.settings["server"])
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._robots_client is not None:
            await self._robots_client.aclose()
        await self._proxy.__aexit__(*exc)

    @property
    def proxy(self) -> dict[str, str]:
        """Playwright proxy settings for this portal's browser contexts."""
        return self._proxy.settings

    def host_facts(self) -> HostFacts:
        return self.budget.facts.get(self.config.slug, HostFacts())


class RunPolicy:
    """What a run's portals share: one host budget and one robots.txt cache. Create once per run
    (`async with`, for the run's span); `portal(config)` gives a portal's policy, to use as
    `async with` too (it runs the portal's guard proxy, through which robots.txt is fetched)."""

    def __init__(self, configs: list[PortalConfig], resolver: Resolver = system_resolver) -> None:
        self.budget = HostBudget(configs)
        self.resolver = resolver
        self.robots = RobotsCache(self.budget)

    async def __aenter__(self) -> RunPolicy:
        return self

    async def __aexit__(self, *_: object) -> None:
        return None

    async def portal(self, config: PortalConfig) -> RequestPolicy:
        return RequestPolicy(config, await AddressGuard.for_portal(config, self.resolver), self.robots, self.budget)


@dataclass
class BrowserGuard:
    """Passes a browser context's navigations through the policy (Playwright routing).

    Subresources are left to the guard proxy's address check: they are part of the page, not
    requests of ours to pace. A navigation the crawler has already admitted (`prepaid`) is not
    charged twice. Refused navigations are aborted (the policy's facts count them)."""
    policy: RequestPolicy
    kind: str                                  # "page" (crawl, journeys) or "sign_in"
    deadline: Callable[[], float]
    prepaid: Counter[str] = field(default_factory=Counter)
    blocked: list[str] = field(default_factory=list)        # navigations robots.txt refused

    async def attach(self, context: BrowserContext) -> None:
        await context.route("**/*", self.route)

    def pay(self, url: str) -> None:
        self.prepaid[url] += 1

    async def route(self, route: Route) -> None:
        request = route.request
        if not _top_level_navigation(request):
            await _settle(route.continue_())
            return
        if self.prepaid[request.url] > 0:
            self.prepaid[request.url] -= 1
            await _settle(route.continue_())
            return
        try:
            await self.policy.admit(request.url, self.kind, self.deadline())
        except (Refused, OutOfTime) as exc:      # a refusal is counted in the policy's facts
            if isinstance(exc, DisallowedByRobots):
                self.blocked.append(request.url)
            await _settle(route.abort("blockedbyclient"))
            return
        await _settle(route.continue_())


def _top_level_navigation(request: BrowserRequest) -> bool:
    """A navigation of a tab's main frame, a popup's first one included: Playwright has no frame
    for that yet and raises, and a popup's page load must pass the policy like any other."""
    if not request.is_navigation_request():
        return False
    try:
        return request.frame.parent_frame is None
    except PlaywrightError:
        return True


async def _settle(action: Awaitable[None]) -> None:
    """Abort or continue a routed request whose tab may have closed meanwhile."""
    try:
        await action
    except PlaywrightError:
        pass  # the tab went first: nothing is waiting for this request any more


def crawl_facts(policy: RequestPolicy, time_budget: float, max_pages: int) -> dict[str, Any]:
    """The politeness and safety facts of one portal's crawl, for its record."""
    facts: dict[str, Any] = {}
    if policy.facts.refused:
        facts["refused"] = dict(policy.facts.refused)
        facts["refused_examples"] = dict(policy.facts.refused_examples)
    hosts = {urlsplit(policy.config.url).netloc.lower(), *policy.config.scope.hosts}
    delays = {h: d for h, d in policy.budget.crawl_delays.items() if h in hosts}
    if delays:
        facts["crawl_delay"] = {"requested": delays, "cap": MAX_CRAWL_DELAY}
        slowest = max(min(d, MAX_CRAWL_DELAY) for d in delays.values())
        affordable = int(time_budget // slowest) + 1
        if affordable < max_pages:
            facts["crawl_delay"]["budget_allows_pages"] = affordable
    shared = policy.host_facts()
    if shared.shared_waits:
        facts["shared_host"] = {"waits": shared.shared_waits, "seconds": round(shared.shared_wait_seconds, 1),
                                "with": sorted(shared.shared_with)}
    return facts
