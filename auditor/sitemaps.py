"""Sitemap discovery: pages a portal lists in its sitemaps, which its links may never reach.

Portals often link notices only from a search form or a script, but list them in a sitemap for
search engines. The sitemaps named by robots.txt's `Sitemap:` lines and `/sitemap.xml` are read,
sitemap indexes followed, gzip decoded, and the page URLs handed to the crawl's frontier, where
scope, the trap guard and the page budget apply to them as to any link.

A sitemap is hostile input like any byte from a portal. Every fetch passes the request policy
(the "sitemap" kind: in scope, public or the portal's own address, robots.txt, the host's rate);
each file is read to at most MAX_BYTES after decompression (a gzip bomb stops there); the XML is
parsed by defusedxml, which refuses DTDs and entities (no "billion laughs", no external
entities), as a stream, never as a whole tree; indexes nest at most MAX_DEPTH deep, at most
MAX_FILES files are read and MAX_URLS URLs kept, all within DEADLINE and the portal's budget.
What stopped the reading is recorded.
"""
from __future__ import annotations

import asyncio
import io
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit, urlunsplit
from xml.etree.ElementTree import ParseError

import httpx
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from auditor.http_client import Admit, admitted_get
from auditor.netguard import Refused
from auditor.politeness import OutOfTime

if TYPE_CHECKING:
    from auditor.policy import RequestPolicy

MAX_BYTES = 10 * 1024 * 1024       # per sitemap file, after decompression (the protocol allows 50 MB)
MAX_FILES = 20                     # sitemap files read per portal, indexes included
MAX_DEPTH = 2                      # an index, the indexes it names: no deeper
MAX_URLS = 10_000                  # page URLs kept per portal (the frontier's budgets then apply)
MAX_REDIRECTS = 5
DEADLINE = 60.0                    # seconds for the whole discovery, never past the portal's budget
GZIP_MAGIC = b"\x1f\x8b"



class TooBig(Exception):
    """A sitemap file ran past MAX_BYTES."""


class Absent(ValueError):
    """No file there (HTTP 404 or 410)."""


@dataclass
class SitemapFacts:
    """What discovery read and found, for the crawl record."""
    sitemaps: list[str] = field(default_factory=list)     # files read
    urls: int = 0                                         # page URLs found
    errors: dict[str, str] = field(default_factory=dict)  # sitemap URL -> why it could not be read
    absent: list[str] = field(default_factory=list)       # guessed locations with no file: no error
    limit: str = ""                                       # the cap that stopped discovery, if one did

    def as_record(self) -> dict[str, Any]:
        record: dict[str, Any] = {"read": self.sitemaps, "urls": self.urls}
        if self.errors:
            record["errors"] = self.errors
        if self.absent:
            record["absent"] = self.absent
        if self.limit:
            record["limit"] = self.limit
        return record


def _local(tag: str) -> str:
    """An XML tag without its namespace: sitemaps in the wild use several, or none."""
    return tag.rsplit("}", 1)[-1]


def parse_sitemap(data: bytes, max_urls: int) -> tuple[list[str], list[str]]:
    """(page URLs, child sitemap URLs) of one sitemap or sitemap index, parsed as a stream; at most
    `max_urls` in all. Raises ValueError for XML that is malformed or uses DTDs or entities."""
    pages: list[str] = []
    children: list[str] = []
    is_index = False
    try:
        for event, element in iterparse(io.BytesIO(data), events=("start", "end"), forbid_dtd=True):
            name = _local(element.tag)
            if event == "start":
                is_index = is_index or name == "sitemapindex"
                continue
            if name == "loc" and element.text and element.text.strip():
                (children if is_index else pages).append(element.text.strip())
                if len(pages) + len(children) >= max_urls:
                    break
            if name in ("url", "sitemap"):
                element.clear()
    except (ParseError, DefusedXmlException) as exc:
        raise ValueError(f"not a readable sitemap: {type(exc).__name__}") from None
    return pages, children


def decode(chunks: list[bytes]) -> bytes:
    """The body, gunzipped if it is gzip (a .xml.gz file, or Content-Encoding read raw), to at most
    MAX_BYTES: decompression stops there, so a bomb costs no more than that."""
    data = b"".join(chunks)
    if not data.startswith(GZIP_MAGIC):
        if len(data) > MAX_BYTES:
            raise TooBig(f"larger than {MAX_BYTES // 1024 // 1024} MB")
        return data
    inflater = zlib.decompressobj(wbits=31)
    try:
        out = inflater.decompress(data, MAX_BYTES + 1)
    except zlib.error as exc:
        raise ValueError(f"bad gzip: {exc}") from None
    if len(out) > MAX_BYTES:
        raise TooBig(f"larger than {MAX_BYTES // 1024 // 1024} MB once decompressed")
    return out


async def fetch(client: httpx.AsyncClient, url: str, admit: Admit) -> bytes:
    """One sitemap's body: every redirect hop admitted by the policy, read raw (so gzip is decoded
    by `decode`, within its cap) to at most MAX_BYTES on the wire."""
    async with admitted_get(client, url, admit, MAX_REDIRECTS) as response:
        if response is None:
            raise ValueError("too many redirects")
        if response.status_code in (404, 410):
            raise Absent(f"HTTP {response.status_code}")
        if response.status_code != 200:
            raise ValueError(f"HTTP {response.status_code}")
        chunks, size = [], 0
        async for chunk in response.aiter_raw():
            chunks.append(chunk)
            size += len(chunk)
            if size > MAX_BYTES:
                raise TooBig(f"larger than {MAX_BYTES // 1024 // 1024} MB")
        return decode(chunks)


def default_sitemap(start_url: str) -> str:
    parts = urlsplit(start_url)
    return urlunsplit((parts.scheme, parts.netloc, "/sitemap.xml", "", ""))


async def discover(client: httpx.AsyncClient, roots: list[str], admit: Admit, deadline: float,
                   found: Callable[[str, str], None], stop: Callable[[], bool] = lambda: False,
                   guessed: frozenset[str] = frozenset()) -> SitemapFacts:
    """Read the sitemaps `roots` and the indexes below them, breadth-first; `found(url, sitemap)`
    is called for each page URL as it is read; `stop()` true (the crawl has ended) ends it before
    the next file. A root in `guessed` (the usual location, named by nobody) that is not there is
    `absent`, not an error: most portals have no sitemap. Never raises for what a portal serves."""
    facts = SitemapFacts()
    queue = [(url, 0) for url in dict.fromkeys(roots)]
    seen = set(u for u, _ in queue)
    end = min(deadline, time.monotonic() + DEADLINE)
    try:
        async with asyncio.timeout(max(0.0, end - time.monotonic())):
            while queue and not stop():
                if len(facts.sitemaps) >= MAX_FILES:
                    facts.limit = f"{MAX_FILES} sitemap files read"
                    break
                url, depth = queue.pop(0)
                facts.sitemaps.append(url)
                try:
                    pages, children = parse_sitemap(await fetch(client, url, admit), MAX_URLS - facts.urls)
                except Absent as exc:
                    if url in guessed:
                        facts.absent.append(url)
                    else:
                        facts.errors[url] = str(exc)
                    continue
                except (ValueError, TooBig, httpx.HTTPError) as exc:
                    facts.errors[url] = str(exc)[:300] or type(exc).__name__
                    continue
                except (Refused, OutOfTime) as exc:    # the request policy's word: this file is not read
                    facts.errors[url] = (str(exc) or type(exc).__name__)[:300]
                    continue
                for page in pages:
                    found(page, url)
                facts.urls += len(pages)
                if facts.urls >= MAX_URLS:
                    facts.limit = f"{MAX_URLS} URLs read"
                    break
                for child in children:
                    if child in seen:
                        continue
                    if depth + 1 > MAX_DEPTH:
                        facts.limit = f"sitemap indexes nested deeper than {MAX_DEPTH}"
                        continue
                    seen.add(child)
                    queue.append((child, depth + 1))
    except TimeoutError:
        facts.limit = "time: discovery stopped at its deadline"
    return facts


async def portal_sitemaps(policy: RequestPolicy, client: httpx.AsyncClient, start: str, deadline: float,
                          found: Callable[[str, str], None], stop: Callable[[], bool]) -> SitemapFacts:
    """Discovery for one portal: the sitemaps its robots.txt names, then /sitemap.xml, each fetch
    through the portal's request policy as the "sitemap" kind."""
    try:
        named = [urljoin(start, u) for u in await policy.sitemaps_named(start, deadline)]
    except (Refused, OutOfTime):
        named = []
    usual = default_sitemap(start)
    return await discover(client, [*named, usual], lambda u: policy.admit(u, "sitemap", deadline),
                          deadline, found, stop, guessed=frozenset({usual} - set(named)))
