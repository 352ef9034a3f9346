"""A plan for a large run: portals grouped by host, each group's work estimated, groups packed.

A host's politeness budget (`rate` requests per second) can only be kept if one worker holds it.
Within one process the run's shared per-host budget enforces it; across processes and machines
this plan does, by construction: every portal whose hosts share a registrable domain (a vendor
platform hosting hundreds of buyers under one domain, on one host or on subdomains) is in one
host group, and a host group is only ever given to one worker. Groups are packed largest first
(LPT), so the longest group starts first and shards end at about the same time.
"""
from __future__ import annotations

import argparse
import ipaddress
import os
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import psutil

from auditor.config import PortalConfig
from auditor.store import PortalStore

PAGE_CPU_SECONDS = 0.5          # browser work per page on one core (axe, screenshot, load): see README
PORTALS_PER_CORE = 2            # a polite crawl (one page a second per host) keeps about half a core busy
MEMORY_PER_PORTAL = 400 * 2**20 # a portal's browser context and its tabs


def parallel_portals(cpus: int | None = None, available_bytes: int | None = None) -> int:
    """Portals crawled at once in one process, sized from the cores and the free memory here."""
    if cpus is None:
        cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if available_bytes is None:
        available_bytes = psutil.virtual_memory().available
    return max(1, min(cpus * PORTALS_PER_CORE, available_bytes // MEMORY_PER_PORTAL))


@cache
def _extractor():  # type: ignore[no-untyped-def]
    import tldextract  # the bundled public suffix list snapshot; never fetched over the network
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def host_key(netloc: str) -> str:
    """The host group a host belongs to: its registrable domain (vendor subdomains share one),
    or the address itself for an IP address or a single-label name such as localhost."""
    host = (urlsplit(f"//{netloc}").hostname or netloc).lower().rstrip(".")
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        pass
    extracted = _extractor()(host)
    return extracted.top_domain_under_public_suffix or host


@dataclass
class HostGroup:
    key: str                                   # the registrable domain or address the group shares
    portals: list[PortalConfig]
    pages: int                                 # expected pages: budgets, or the last run's counts
    seconds: float                             # expected duration: the host's rate or browser work

    @property
    def hosts(self) -> list[str]:
        return sorted({urlsplit(p.url).netloc.lower() for p in self.portals})


@dataclass
class Shard:
    index: int                                 # 1-based, as on the command line (--shard I/N)
    count: int
    groups: list[HostGroup] = field(default_factory=list)

    @property
    def portals(self) -> list[PortalConfig]:
        return [p for g in self.groups for p in g.portals]

    @property
    def pages(self) -> int:
        return sum(g.pages for g in self.groups)

    @property
    def seconds(self) -> float:
        return sum(g.seconds for g in self.groups)


def expected_pages(config: PortalConfig, previous: Path | None = None) -> int:
    """The last run's page count for this portal if there is one, else what its budgets allow."""
    if previous is not None:
        store = PortalStore(previous, config.slug)
        if (store.root / "crawl.json").exists():
            return store.crawl().pages
    return int(min(config.max_pages, config.rate * config.time_budget))


def _group_seconds(portals: list[PortalConfig], pages: dict[str, int]) -> float:
    """The slower of the politeness bound (pages on each host at its rate; portals on one host
    share its budget) and the browser work of one worker."""
    per_host: dict[str, float] = {}
    for p in portals:
        netloc = urlsplit(p.url).netloc.lower()
        per_host[netloc] = per_host.get(netloc, 0.0) + pages[p.slug] / p.rate
    return max(max(per_host.values()), sum(pages.values()) * PAGE_CPU_SECONDS)


def host_groups(configs: list[PortalConfig], previous: Path | None = None) -> list[HostGroup]:
    """Portals sharing any host group key (their start host or a host in scope) form one group,
    largest expected duration first; portals keep the register's order within a group."""
    parent: dict[str, str] = {}

    def find(key: str) -> str:
        while parent.setdefault(key, key) != key:
            key = parent[key]
        return key

    keys = {c.slug: sorted({host_key(urlsplit(c.url).netloc), *(host_key(h) for h in c.scope.hosts)})
            for c in configs}
    for portal_keys in keys.values():
        for other in portal_keys[1:]:
            parent[find(other)] = find(portal_keys[0])
    members: dict[str, list[PortalConfig]] = {}
    for config in configs:
        members.setdefault(find(keys[config.slug][0]), []).append(config)
    groups = []
    for portals in members.values():
        pages = {p.slug: expected_pages(p, previous) for p in portals}
        # name a group by the key of its first portal, which is what a reader recognises
        groups.append(HostGroup(keys[portals[0].slug][0], portals, sum(pages.values()),
                                _group_seconds(portals, pages)))
    return sorted(groups, key=lambda g: (-g.seconds, g.key))


def make_plan(configs: list[PortalConfig], shards: int = 1, previous: Path | None = None) -> list[Shard]:
    """LPT: each group, longest first, goes to the shard with the least work so far."""
    plan = [Shard(i + 1, shards) for i in range(shards)]
    for group in host_groups(configs, previous):
        min(plan, key=lambda s: (s.seconds, s.index)).groups.append(group)
    return plan


def shard_spec(text: str) -> tuple[int, int]:
    """--shard I/N: the I-th (1-based) of N shards."""
    index, slash, count = text.partition("/")
    if not (slash and index.strip().isdigit() and count.strip().isdigit()):
        raise argparse.ArgumentTypeError(f"{text!r} is not I/N (for example 2/8)")
    i, n = int(index), int(count)
    if n < 1 or not 1 <= i <= n:
        raise argparse.ArgumentTypeError(f"shard {i} is out of range: shards are numbered 1 to {n}")
    return i, n


def _duration(seconds: float) -> str:
    minutes = round(seconds / 60)
    return f"{minutes // 60}h{minutes % 60:02d}m"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def format_plan(plan: list[Shard], source: str) -> str:
    """The plan as a person reads it: shards, their host groups and the expected work."""
    groups = [g for s in plan for g in s.groups]
    portals = sum(len(g.portals) for g in groups)
    longest = max((s.seconds for s in plan), default=0.0)
    lines = [f"{source}: {_count(portals, 'portal')} in {_count(len(groups), 'host group')}, "
             f"about {_count(sum(g.pages for g in groups), 'page')}; "
             f"with {_count(len(plan), 'worker')} about {_duration(longest)} "
             f"(the longest host group alone: {_duration(max((g.seconds for g in groups), default=0.0))})"]
    for shard in plan:
        lines.append(f"shard {shard.index}/{shard.count}: {_count(len(shard.groups), 'host group')}, "
                     f"{_count(len(shard.portals), 'portal')}, about {_count(shard.pages, 'page')}, "
                     f"{_duration(shard.seconds)}")
        for g in shard.groups:
            names = ", ".join(p.name for p in g.portals[:3]) + (f" and {len(g.portals) - 3} more" if len(g.portals) > 3 else "")
            lines.append(f"  {g.key:<32} {len(g.portals):>5} portals {g.pages:>7} pages {_duration(g.seconds):>7}  {names}")
    return "\n".join(lines)
