import asyncio
import time
from pathlib import Path

import httpx
import pytest

from auditor import politeness
from auditor.config import parse_config
from auditor.politeness import MAX_CRAWL_DELAY, ROBOTS_MAX_BYTES, HostBudget, OutOfTime, RobotsCache
from tests.hostile import serve_hostile

FAR = 10 ** 9                                    # a deadline that never matters


def configs(*portals: dict):
    return parse_config({"portals": [{"name": f"P{i}", **p} for i, p in enumerate(portals)]}, Path("<tests>"))


async def admit_only(url: str) -> None:
    pass


def test_rate_limiter_spaces_requests_per_host_not_across_hosts():
    async def go():
        budget = HostBudget([])
        start = time.monotonic()
        await asyncio.gather(*(budget.wait("http://a.test/x", "p", 20, FAR) for _ in range(5)))   # 50 ms apart
        one_host = time.monotonic() - start
        start = time.monotonic()
        await asyncio.gather(*(budget.wait(f"http://h{i}.test/", "p", 20, FAR) for i in range(5)))
        return one_host, time.monotonic() - start
    one_host, many_hosts = asyncio.run(go())
    assert one_host >= 0.19                      # four gaps of 50 ms: a lower bound, never flaky
    assert many_hosts < one_host


def test_portals_on_one_host_share_its_lowest_rate_and_record_waiting_for_each_other():
    [slow, fast] = configs({"url": "http://vendor.test/a/", "rate": 10}, {"url": "http://vendor.test/b/", "rate": 1000})
    budget = HostBudget([slow, fast])
    assert budget.interval("vendor.test", fast.rate) == pytest.approx(0.1)   # the slow portal's rate binds both

    async def go():
        start = time.monotonic()
        await asyncio.gather(*(budget.wait(f"http://vendor.test/{p.name}", p.name, p.rate, FAR)
                               for _ in range(3) for p in (slow, fast)))
        return time.monotonic() - start
    assert asyncio.run(go()) >= 0.45             # six requests, five gaps of 100 ms
    waited = {name: facts.shared_with for name, facts in budget.facts.items()}
    assert waited and all(others for others in waited.values())


def test_a_wait_past_the_deadline_is_refused_at_once_and_takes_no_turn():
    async def go():
        budget = HostBudget([])
        await budget.wait("http://p.test/", "p", 0.01, FAR)          # next turn in 100 s
        start = time.monotonic()
        with pytest.raises(OutOfTime):
            await budget.wait("http://p.test/", "p", 0.01, time.monotonic() + 5)
        return time.monotonic() - start
    assert asyncio.run(go()) < 1


def test_crawl_delay_is_capped_and_its_request_kept():
    budget = HostBudget([])
    budget.slow_down("p.test", 100000)
    assert budget.interval("p.test", 1000) == MAX_CRAWL_DELAY
    assert budget.crawl_delays == {"p.test": 100000}


def _robots(handler):
    async def go(urls):
        transport = httpx.MockTransport(handler)
        async with httpx.AsyncClient(transport=transport) as client:
            cache = RobotsCache(HostBudget([]))
            return [(await cache.rules_for(u, admit_only, FAR, client)).allowed(u) for u in urls], cache
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


def test_robots_redirects_are_followed_through_admit():
    admitted = []

    async def admit(url: str) -> None:
        admitted.append(url)

    def handler(request):
        if request.url.path == "/robots.txt":
            return httpx.Response(301, headers={"Location": "/moved/robots.txt"})
        return httpx.Response(200, text="User-agent: *\nDisallow: /x\n")

    async def go():
        async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as client:
            return await RobotsCache(HostBudget([])).rules_for("http://p.test/x", admit, FAR, client)
    rules = asyncio.run(go())
    assert not rules.allowed("http://p.test/x")
    assert admitted == ["http://p.test/robots.txt", "http://p.test/moved/robots.txt"]


def test_a_dripping_robots_txt_ends_at_its_deadline_and_never_holds_the_lock_longer(monkeypatch):
    """Issue 11.1: one byte every second. The fetch stops at ROBOTS_DEADLINE (shortened here),
    says so, and stays out; a second portal waiting on the lock waits only its own budget."""
    monkeypatch.setattr(politeness, "ROBOTS_DEADLINE", 2.0)
    with serve_hostile({"/robots.txt": lambda h: h.drip(b"User-agent: *\n", every=1.0)}) as site:
        async def go():
            async with httpx.AsyncClient() as client:
                cache = RobotsCache(HostBudget([]))
                start = time.monotonic()
                first = asyncio.create_task(cache.rules_for(site.base + "/", admit_only, FAR, client))
                await asyncio.sleep(0.2)
                assert not first.done(), first.result().status
                with pytest.raises(OutOfTime):       # its budget ends before the first fetch does
                    await cache.rules_for(site.base + "/a", admit_only, time.monotonic() + 0.5, client)
                impatient = time.monotonic() - start
                rules = await first
                return rules, impatient, time.monotonic() - start
        rules, impatient, total = asyncio.run(go())
    assert impatient < 1.5
    assert rules.disallow_all and "not read within 2 s" in rules.status
    assert total < 2.0 + 3                        # the deadline plus a grace for a loaded machine


def test_a_huge_robots_txt_is_read_to_500_kib_and_parsed_as_far_as_read():
    """Issue 11.2: a 600 MB robots.txt. We stop at RFC 9309's 500 KiB and parse what was read;
    the server never gets to send more than a few socket buffers beyond it."""
    first = b"User-agent: *\nDisallow: /private/\n"
    total = 600_000_000
    with serve_hostile({"/robots.txt": lambda h: h.stream(first, b"# filler line\n", total)}) as site:
        async def go():
            async with httpx.AsyncClient() as client:
                cache = RobotsCache(HostBudget([]))
                start = time.monotonic()
                rules = await cache.rules_for(site.base + "/", admit_only, FAR, client)
                return rules, time.monotonic() - start
        rules, seconds = asyncio.run(go())
        time.sleep(0.5)
        sent = site.sent.get("/robots.txt", 0)
    assert not rules.allowed(site.base + "/private/x") and rules.allowed(site.base + "/tenders")
    assert "500 KiB" in rules.status
    assert seconds < 15
    assert sent < ROBOTS_MAX_BYTES + 20_000_000   # stopped long before 600 MB


def test_crawl_delay_slows_the_host():
    async def go():
        budget = HostBudget([])
        transport = httpx.MockTransport(lambda r: httpx.Response(200, text="User-agent: *\nCrawl-delay: 0.2\n"))
        async with httpx.AsyncClient(transport=transport) as client:
            rules = await RobotsCache(budget).rules_for("http://p.test/", admit_only, FAR, client)
        budget.slow_down("p.test", rules.crawl_delay())
        start = time.monotonic()
        for _ in range(3):
            await budget.wait("http://p.test/x", "p", 100, FAR)
        return time.monotonic() - start
    assert asyncio.run(go()) >= 0.35
