"""Sitemap discovery: parsing, hostile sitemaps kept bounded, and pages only a sitemap reaches crawled."""
from __future__ import annotations

import asyncio
import gzip
import time
import zlib

import httpx
import pytest

from auditor import sitemaps
from auditor.sitemaps import MAX_BYTES, MAX_DEPTH, MAX_FILES, discover, parse_sitemap

NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'


def urlset(*urls: str) -> str:
    return f'<?xml version="1.0"?><urlset {NS}>' + "".join(f"<url><loc>{u}</loc></url>" for u in urls) + "</urlset>"


def index(*urls: str) -> str:
    return f'<?xml version="1.0"?><sitemapindex {NS}>' + "".join(
        f"<sitemap><loc>{u}</loc></sitemap>" for u in urls) + "</sitemapindex>"


def test_a_sitemap_and_an_index_are_told_apart():
    assert parse_sitemap(urlset("http://h/a", " http://h/b ").encode(), 100) == (["http://h/a", "http://h/b"], [])
    assert parse_sitemap(index("http://h/s1.xml").encode(), 100) == ([], ["http://h/s1.xml"])
    assert parse_sitemap(urlset(*[f"http://h/{i}" for i in range(50)]).encode(), 10)[0][-1] == "http://h/9"


@pytest.mark.parametrize("hostile", [
    # billion laughs: entity expansion
    '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><urlset><url><loc>&c;</loc></url></urlset>',
    # an external entity reading a local file
    '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY x SYSTEM "file:///etc/passwd">]><urlset><url><loc>&x;</loc></url></urlset>',
    "<urlset><url><loc>http://h/a</loc>",            # cut off
])
def test_dtds_entities_and_broken_xml_are_refused(hostile):
    with pytest.raises(ValueError, match="not a readable sitemap"):
        parse_sitemap(hostile.encode(), 100)


def _bomb() -> bytes:
    """gzip of 64 MB of spaces: about 64 KB on the wire."""
    deflate = zlib.compressobj(wbits=31)
    block = b" " * (1024 * 1024)
    return b"".join(deflate.compress(block) for _ in range(64)) + deflate.flush()


def _client(routes: dict[str, bytes | str]) -> tuple[httpx.AsyncClient, list[str]]:
    asked: list[str] = []

    def handle(request: httpx.Request) -> httpx.Response:
        asked.append(str(request.url))
        path = request.url.path + (f"?{request.url.query.decode()}" if request.url.query else "")
        if path.startswith("/endless"):        # an index naming two more indexes, for ever
            n = int(request.url.params.get("n", "0"))
            body = index(f"http://h/endless?n={2 * n + 1}", f"http://h/endless?n={2 * n + 2}")
        else:
            body = routes.get(path)
        if body is None:
            return httpx.Response(404)
        return httpx.Response(200, stream=httpx.ByteStream(body.encode() if isinstance(body, str) else body))

    return httpx.AsyncClient(transport=httpx.MockTransport(handle)), asked


def _discover(routes: dict[str, bytes | str], roots: list[str], admit=None,
              guessed: frozenset[str] = frozenset()) -> tuple[sitemaps.SitemapFacts, list[str], list[str]]:
    found: list[str] = []

    async def allow(url: str) -> None:
        return None

    async def go() -> tuple[sitemaps.SitemapFacts, list[str]]:
        client, asked = _client(routes)
        async with client:
            facts = await discover(client, roots, admit or allow, time.monotonic() + 60, lambda u, s: found.append(u),
                                   guessed=guessed)
        return facts, asked

    facts, asked = asyncio.run(go())
    return facts, found, asked


def test_an_index_of_gzipped_sitemaps_is_followed():
    facts, found, _ = _discover({"/index.xml": index("http://h/a.xml.gz", "http://h/b.xml"),
                                 "/a.xml.gz": gzip.compress(urlset("http://h/notice/1").encode()),
                                 "/b.xml": urlset("http://h/notice/2")}, ["http://h/index.xml"])
    assert found == ["http://h/notice/1", "http://h/notice/2"]
    assert facts.sitemaps == ["http://h/index.xml", "http://h/a.xml.gz", "http://h/b.xml"] and not facts.errors


def test_a_gzip_bomb_stops_at_the_size_cap():
    started = time.monotonic()
    facts, found, _ = _discover({"/bomb.xml.gz": _bomb(), "/ok.xml": urlset("http://h/ok")},
                                ["http://h/bomb.xml.gz", "http://h/ok.xml"])
    assert "larger than" in facts.errors["http://h/bomb.xml.gz"] and found == ["http://h/ok"]
    assert time.monotonic() - started < 30
    assert MAX_BYTES < 64 * 1024 * 1024


def test_an_endless_index_stops_at_the_nesting_and_file_caps():
    facts, found, asked = _discover({}, ["http://h/endless?n=0"])
    assert len(asked) <= MAX_FILES and len(facts.sitemaps) <= MAX_FILES
    assert facts.limit and found == []
    # depth 0, its two children, their four: no deeper than MAX_DEPTH
    assert len(asked) == sum(2 ** d for d in range(MAX_DEPTH + 1))


def test_a_refused_sitemap_is_recorded_not_fetched():
    from auditor.netguard import Refused

    async def refuse(url: str) -> None:
        raise Refused(f"outside the portal's scope: {url}")

    facts, found, asked = _discover({"/s.xml": urlset("http://h/a")}, ["http://h/s.xml"], admit=refuse)
    assert asked == [] and found == [] and "outside the portal's scope" in facts.errors["http://h/s.xml"]


def test_no_file_at_the_usual_location_is_absent_not_an_error():
    roots = ["http://h/s.xml", "http://h/sitemap.xml", "http://h/named.xml"]
    facts, found, _ = _discover({"/s.xml": urlset("http://h/a")}, roots, guessed=frozenset({"http://h/sitemap.xml"}))
    assert found == ["http://h/a"] and facts.absent == ["http://h/sitemap.xml"]
    assert facts.errors == {"http://h/named.xml": "HTTP 404"}       # one the portal names is missing: an error
    assert facts.as_record()["absent"] == ["http://h/sitemap.xml"]
