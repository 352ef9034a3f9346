"""The request policy's decisions, without a network: addresses come from a fake resolver."""
from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import stat
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from model.artifacts import CrawlSummary
from auditor.config import ConfigError, parse_config
from auditor.netguard import REFUSED_HEADER, GuardProxy
from auditor.pipeline import policy_note
from auditor.policy import AddressGuard, OutOfTime, Refused, RunPolicy, address_kind, crawl_facts
from auditor.politeness import MAX_CRAWL_DELAY
from auditor.store import PortalStore, write_json

DNS = {
    "portal.example": ["93.184.216.34"],
    "docs.example": ["93.184.216.35"],
    "evil.example": ["10.0.0.5"],                      # a public name pointing at an intranet address
    "mixed.example": ["93.184.216.36", "169.254.169.254"],
    "intranet-portal.example": ["10.0.0.7"],
}


async def fake_resolver(host: str, port: int) -> list[str]:
    if host in DNS:
        return DNS[host]
    try:
        address_kind(host)
        return [host]                                  # an address literal resolves to itself
    except ValueError:
        raise OSError("no such host") from None


def config(url: str, **extra):
    [portal] = parse_config({"portals": [{"name": "P", "url": url, "obey_robots": False, "rate": 1000, **extra}]},
                            Path("<tests>"))
    return portal


async def decisions(portal, requests: list[tuple[str, str]]) -> list[str]:
    """'ok' or the refusal's text for each (url, kind)."""
    async with RunPolicy([portal], resolver=fake_resolver) as run:
        policy = await run.portal(portal)
        out = []
        for url, kind in requests:
            try:
                await policy.admit(url, kind, time.monotonic() + 60)
                out.append("ok")
            except Refused as exc:
                out.append(str(exc))
        return out


@pytest.mark.parametrize("address, kind", [
    ("127.0.0.2", "loopback"), ("10.1.2.3", "private"), ("192.168.0.1", "private"),
    ("169.254.169.254", "link-local"), ("224.0.0.1", "multicast"), ("0.0.0.0", "unspecified"),
    ("::1", "loopback"), ("::ffff:10.0.0.1", "private"), ("fd00::1", "private"), ("100.64.0.1", "non-public"),
    ("93.184.216.34", None), ("2606:4700::1111", None),
])
def test_address_kinds(address, kind):
    assert address_kind(address) == kind


def test_a_public_name_pointing_at_a_private_address_is_refused():
    guard = AddressGuard(frozenset(), fake_resolver)
    assert asyncio.run(guard.check("portal.example", 443)) == ["93.184.216.34"]
    with pytest.raises(Refused, match=r"evil.example \(10.0.0.5\) is a private address"):
        asyncio.run(guard.check("evil.example", 443))
    with pytest.raises(Refused, match="link-local"):       # one bad address refuses the name
        asyncio.run(guard.check("mixed.example", 443))


def test_a_portal_on_a_private_address_may_reach_that_address_only():
    portal = config("http://127.0.0.1:8000/")
    refused = asyncio.run(decisions(portal, [
        ("http://127.0.0.1:8000/notice/1", "page"),
        ("http://127.0.0.1:9999/pack.pdf", "document"),       # another port, same address: the portal's
        ("http://127.0.0.2:8000/pack.pdf", "document"),
        ("http://evil.example/pack.pdf", "document"),
    ]))
    assert refused[:2] == ["ok", "ok"]
    assert refused[2].startswith("non-public address: 127.0.0.2 is a loopback address")
    assert refused[3].startswith("non-public address: evil.example (10.0.0.5) is a private address")

    intranet = config("http://intranet-portal.example/")
    assert asyncio.run(decisions(intranet, [("http://intranet-portal.example/a", "page"),
                                            ("http://10.0.0.8/x.pdf", "document")]))[1].startswith("non-public")


def test_pages_stay_in_scope_and_documents_may_leave_it_for_public_addresses_only():
    portal = config("https://portal.example/")
    assert asyncio.run(decisions(portal, [
        ("https://portal.example/tenders", "page"),
        ("https://docs.example/tenders", "page"),
        ("https://docs.example/pack.zip", "document"),
        ("https://evil.example/pack.zip", "document"),
        ("file:///etc/passwd", "document"),
        ("http://nowhere.example/x.pdf", "document"),
    ])) == ["ok", "outside the portal's scope: https://docs.example/tenders", "ok",
            "non-public address: evil.example (10.0.0.5) is a private address, not the portal's own",
            "not http(s): file:///etc/passwd", "unresolvable: nowhere.example (OSError)"]


def test_refusals_are_counted_for_the_crawl_record():
    portal = config("https://portal.example/")

    async def go():
        async with RunPolicy([portal], resolver=fake_resolver) as run:
            policy = await run.portal(portal)
            for url in ("https://evil.example/a.pdf", "https://evil.example/b.pdf", "https://docs.example/x"):
                with pytest.raises(Refused):
                    await policy.admit(url, "document" if url.endswith(".pdf") else "page", time.monotonic() + 60)
            run.budget.slow_down("portal.example", 100000)
            return crawl_facts(policy, time_budget=60, max_pages=200)
    facts = asyncio.run(go())
    assert facts["refused"] == {"non-public address": 2, "outside the portal's scope": 1}
    assert facts["refused_examples"]["non-public address"] == "https://evil.example/a.pdf"
    assert facts["crawl_delay"] == {"requested": {"portal.example": 100000}, "cap": MAX_CRAWL_DELAY,
                                    "budget_allows_pages": 3}


def test_a_request_whose_turn_comes_after_the_deadline_is_out_of_time():
    portal = config("https://portal.example/", rate=0.01)

    async def go():
        async with RunPolicy([portal], resolver=fake_resolver) as run:
            policy = await run.portal(portal)
            await policy.admit("https://portal.example/", "page", time.monotonic() + 5)
            start = time.monotonic()
            with pytest.raises(OutOfTime):
                await policy.admit("https://portal.example/2", "page", time.monotonic() + 5)
            return time.monotonic() - start
    assert asyncio.run(go()) < 1


@pytest.mark.parametrize("slug", ["../../victim/pwned", "/tmp/abs", "same/", "Upper", "a.b", "..", "-", 7])
def test_an_unsafe_slug_is_a_config_error_naming_it(slug):
    with pytest.raises(ConfigError, match="'slug' must be lowercase letters") as err:
        parse_config({"portals": [{"name": "P", "url": "https://p.example/", "slug": slug}]}, Path("portals.yaml"))
    assert repr(slug) in str(err.value)


def test_slugs_are_compared_after_normalisation():
    with pytest.raises(ConfigError, match="share the slug"):
        parse_config({"portals": [{"name": "A", "url": "https://a.example/", "slug": "same"},
                                  {"name": "B", "url": "https://b.example/", "slug": "same-"}]}, Path("portals.yaml"))


def test_the_store_refuses_a_slug_that_is_not_one_path_component(tmp_path):
    for slug in ("../x", "a/b", ""):
        with pytest.raises(ValueError):
            PortalStore(tmp_path, slug)


def test_written_json_is_readable_as_a_published_site_needs(tmp_path):
    umask = os.umask(0o022)
    os.umask(umask)
    write_json(tmp_path / "deep" / "results.json", {"a": 1})
    assert stat.S_IMODE((tmp_path / "deep" / "results.json").stat().st_mode) == 0o666 & ~umask
    assert stat.S_IMODE((tmp_path / "deep").stat().st_mode) == 0o777 & ~umask


def test_the_guard_proxy_tunnels_to_allowed_addresses_and_refuses_the_rest():
    """HTTPS goes through CONNECT: the tunnel opens only to an address the check allows, and a
    plain-HTTP request for a refused address is answered 403 with the reason in a header."""
    refused: list[tuple[str, str]] = []

    async def check(host: str, port: int) -> list[str]:
        if host != "127.0.0.1":
            raise Refused(f"{host} is a loopback address, not the portal's own")
        return [host]

    async def echo(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(await reader.read(100))
        await writer.drain()
        writer.close()

    async def ask(proxy: GuardProxy, head: bytes) -> bytes:
        port = int(proxy.settings["server"].rsplit(":", 1)[1])
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(head)
        await writer.drain()
        answer = await asyncio.wait_for(reader.read(1000), 10)
        if answer.startswith(b"HTTP/1.1 200"):
            writer.write(b"hello through the tunnel")
            answer += await asyncio.wait_for(reader.read(1000), 10)
        writer.close()
        return answer

    async def go():
        server = await asyncio.start_server(echo, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        async with GuardProxy(check, on_refused=lambda target, why: refused.append((target, why))) as proxy:
            tunnel = await ask(proxy, f"CONNECT 127.0.0.1:{port} HTTP/1.1\r\n\r\n".encode())
            denied = await ask(proxy, f"CONNECT 127.0.0.2:{port} HTTP/1.1\r\n\r\n".encode())
            plain = await ask(proxy, f"GET http://127.0.0.2:{port}/meta HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        server.close()
        return tunnel, denied, plain
    tunnel, denied, plain = asyncio.run(go())
    assert tunnel.startswith(b"HTTP/1.1 200") and tunnel.endswith(b"hello through the tunnel")
    assert denied.startswith(b"HTTP/1.1 403") and plain.startswith(b"HTTP/1.1 403")
    assert f"{REFUSED_HEADER}: 127.0.0.2 is a loopback address".encode() in plain
    assert [why for _, why in refused] == ["127.0.0.2 is a loopback address, not the portal's own"] * 2


def test_the_progress_line_says_when_a_portal_waited_for_a_shared_host():
    summary = CrawlSummary(pages=6, policy={"shared_host": {"waits": 5, "seconds": 2.5, "with": ["buyer-b"]},
                                            "refused": {"non-public address": 2},
                                            "crawl_delay": {"requested": {"p.example": 100000}, "cap": 30,
                                                            "budget_allows_pages": 31}})
    assert policy_note(summary) == ("; waited 5 times (2.5 s) for a host shared with buyer-b"
                                     "; refused 2 non-public address"
                                     "; robots.txt Crawl-delay allows only about 31 pages in the time budget")
    assert policy_note(CrawlSummary()) == ""


@contextlib.contextmanager
def socket_closed_port() -> Iterator[int]:
    """A loopback port nothing listens on (bound, not listening: connections are refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]


def test_robots_txt_is_fetched_through_the_portals_guard_proxy_at_the_address_it_checked():
    """A name only the policy's resolver knows (as a rebinding name is known to the check and not
    to a second lookup): robots.txt is still read, so it went through the guard proxy, which
    connects to the address it checked, never to a fresh lookup's."""
    asked: list[bytes] = []

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        asked.append(await reader.readuntil(b"\r\n\r\n"))
        body = b"User-agent: *\nDisallow: /private/\n"
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body))
        await writer.drain()
        writer.close()

    async def resolver(host: str, port: int) -> list[str]:
        return ["127.0.0.1"] if host == "portal.invalid" else await fake_resolver(host, port)

    async def go() -> tuple[str, str]:
        server = await asyncio.start_server(serve, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        portal = config(f"http://portal.invalid:{port}/", obey_robots=True)
        async with RunPolicy([portal], resolver=resolver) as run, await run.portal(portal) as policy:
            deadline = time.monotonic() + 30
            await policy.admit(f"http://portal.invalid:{port}/notices", "page", deadline)
            try:
                await policy.admit(f"http://portal.invalid:{port}/private/x", "page", deadline)
                refusal = "none"
            except Refused as exc:
                refusal = str(exc)
        server.close()
        return refusal, asked[0].decode("latin-1")
    refusal, request = asyncio.run(go())
    assert refusal == "disallowed by robots.txt"
    assert request.startswith("GET /robots.txt HTTP/1.1") and "tender-audit" in request


@pytest.mark.parametrize("scheme", ["http", "https"])     # a plain request, and a tunnel that cannot open
def test_a_host_that_does_not_answer_is_unreachable_through_the_guard_proxy_not_a_refusal(scheme):
    with socket_closed_port() as port:
        portal = config(f"{scheme}://127.0.0.1:{port}/", obey_robots=True)

        async def go() -> Refused:
            async with RunPolicy([portal], resolver=fake_resolver) as run, await run.portal(portal) as policy:
                with pytest.raises(Refused) as caught:
                    await policy.admit(f"{scheme}://127.0.0.1:{port}/", "page", time.monotonic() + 30)
            return caught.value
        refused = asyncio.run(go())
    assert refused.network_failure
    assert str(refused) == "host unreachable: connection refused (fetching robots.txt)"
