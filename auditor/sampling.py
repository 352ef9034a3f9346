"""Spending the page budget on a sample of notices, spread across the listing.

A real portal lists thousands of notices; auditing the first fifty of page one says little about
the rest and leaves no budget for sign-in, registration or the accessibility statement. So links
that form a list on a page (many siblings sharing a URL pattern) are taken a few per page first,
and once `limit` notices are gathered, further links of a notice URL pattern are left alone.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from model.artifacts import Link, PageArtifact
from model.urls import url_template

LIST_SIZE = 3                      # siblings sharing a pattern that make a list
NOTICE_SHARE = 0.8                 # share of a pattern's pages that are notices for it to be a notice pattern


@dataclass
class NoticeSampler:
    limit: int
    notices: set[str] = field(default_factory=set)
    _pages: Counter[str] = field(default_factory=Counter)     # pattern -> pages gathered
    _notices: Counter[str] = field(default_factory=Counter)   # pattern -> notices gathered

    def record(self, page: PageArtifact) -> None:
        pattern = url_template(page.url)
        self._pages[pattern] += 1
        if page.page_type.type == "notice":
            self._notices[pattern] += 1
            self.notices.add(page.url)

    def is_surplus(self, url: str) -> bool:
        """True once the sample is full and the URL follows a pattern that has given notices."""
        if len(self.notices) < self.limit:
            return False
        pattern = url_template(url)
        return self._notices[pattern] >= 2 and self._notices[pattern] >= NOTICE_SHARE * self._pages[pattern]

    @staticmethod
    def list_positions(links: list[Link]) -> dict[str, int]:
        """For links that are items of a list on the page, their position in it (0, 1, 2, ...)."""
        patterns = [url_template(link.url) for link in links]
        sizes = Counter(patterns)
        seen: Counter[str] = Counter()
        positions = {}
        for link, pattern in zip(links, patterns):
            if sizes[pattern] >= LIST_SIZE and link.url not in positions:
                positions[link.url] = seen[pattern]
                seen[pattern] += 1
        return positions
