import asyncio
import time

import httpx

from auditor.politeness import RateLimiter, RobotsCache


def test_rate_limiter_spaces_requests_per_host_not_across_hosts():
    async def go():
        limiter = RateLimiter(rate=20)           # one request every 50 ms per host
        start = time.monotonic()
        await asyncio.gather(*(limiter.wait("http://a.test/x") for _ in range(5)))
        one_host = time.monotonic() - start
        start = time.monotonic()
        await asyncio.gather(*(limiter.wait(f"http://h{i}.test/") for i in range(5)))
        return one_host, time.monotonic() - start
    one_host, many_hosts = asyncio.run(go())
    assert one_host >= 0.19                      # four gaps of 50 ms: a lower bound, never flaky
    assert many_hosts < one_host


def _robots(handler):
    async def go(urls):
        transport = httpx.MockTransport(handler)
        async with httpx.AsyncClient(transport=transport) as client:
            cache = RobotsCache(client, RateLimiter(1000))
            return [await cache.allowed(u) for u in urls], cache
    return go


def test_robots_rules_are_obeyed_and_fetched_once():
    fetched = []

    def handler(request):
        fetched.append(request.url.path)
        return httpx.Response(200, text="User-agent: *\nDisallow: /private/\nDisallow: /search?\n")
    allowed, _ = asyncio.run(_robots(handler)(["http://p.test/", "http://p.test/private/a", "http://p.test/search?q=x",
                                               "http://p.test/tenders"]))
    assert allowed == [True, False, False, True]
    assert fetched == ["/robots.txt"]


def test_missing_robots_allows_and_unreachable_robots_forbids():
    allowed, _ = asyncio.run(_robots(lambda r: httpx.Response(404))(["http://p.test/a"]))
    assert allowed == [True]
    allowed, _ = asyncio.run(_robots(lambda r: httpx.Response(503))(["http://p.test/a"]))
    assert allowed == [False]


def test_crawl_delay_slows_the_limiter():
    async def go():
        limiter = RateLimiter(100)
        transport = httpx.MockTransport(lambda r: httpx.Response(200, text="User-agent: *\nCrawl-delay: 0.2\n"))
        async with httpx.AsyncClient(transport=transport) as client:
            await RobotsCache(client, limiter).allowed("http://p.test/")
        start = time.monotonic()
        for _ in range(3):
            await limiter.wait("http://p.test/x")
        return time.monotonic() - start
    assert asyncio.run(go()) >= 0.35
