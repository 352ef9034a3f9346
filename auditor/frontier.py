"""The crawl frontier: which page to fetch next.

Breadth-first by click depth, with links towards supplier journeys (opportunities, sign-in,
registration, the accessibility statement, open data) let in ahead of their depth, so a page
budget reaches them on a large portal. Exact click depths are computed later from the recorded
link graph, so fetching order never distorts them.
"""
from __future__ import annotations

import heapq
import itertools
from collections import Counter
from dataclasses import dataclass, field

from model.urls import dedupe_key
from auditor.urls import TrapGuard

# How many depth levels a top-priority link may jump ahead (priority 9 → about 2 levels).
PRIORITY_PER_LEVEL = 4


@dataclass(order=True)
class Entry:
    rank: float
    seq: int
    url: str = field(compare=False)
    depth: int = field(compare=False)
    parent: str | None = field(compare=False)


class Frontier:
    def __init__(self, max_depth: int, guard: TrapGuard | None = None) -> None:
        self.max_depth = max_depth
        self.guard = guard or TrapGuard()
        self.skipped: Counter[str] = Counter()
        self._heap: list[Entry] = []
        self._best: dict[str, Entry] = {}     # key -> live entry, for decrease-key
        self._done: set[str] = set()
        self._seq = itertools.count()

    def __len__(self) -> int:
        return len(self._best)

    def mark_done(self, url: str) -> None:
        key = dedupe_key(url)
        self._done.add(key)
        self._best.pop(key, None)

    def is_done(self, url: str) -> bool:
        return dedupe_key(url) in self._done

    def push(self, url: str, depth: int, parent: str | None, priority: int = 0) -> bool:
        """Queue a URL unless it is done, too deep or a trap; a shorter path replaces a longer one."""
        key = dedupe_key(url)
        if key in self._done:
            return False
        if depth > self.max_depth:
            self.skipped["beyond max_depth"] += 1
            return False
        rank = depth - priority / PRIORITY_PER_LEVEL
        queued = self._best.get(key)
        if queued is not None:
            if rank >= queued.rank:
                return False
        else:
            refusal = self.guard.admit(url)
            if refusal:
                self.skipped[refusal] += 1
                return False
        entry = Entry(rank, next(self._seq), url, depth, parent)
        self._best[key] = entry
        heapq.heappush(self._heap, entry)
        return True

    def pop(self) -> Entry | None:
        while self._heap:
            entry = heapq.heappop(self._heap)
            key = dedupe_key(entry.url)
            if self._best.get(key) is entry:
                del self._best[key]
                self._done.add(key)
                return entry
        return None
