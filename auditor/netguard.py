"""The address guard: a small forward proxy in front of the browser, on 127.0.0.1.

Playwright's request routing sees the first request of a navigation but not its redirects, nor
every request of a page's frames and workers. The browser's connections therefore go through
this proxy, which resolves each host itself, refuses the addresses the request policy refuses
(loopback, private, link-local, ... unless the portal itself is on one), and connects to the
very address it checked, so a name cannot resolve to one address for the check and another for
the connection. A refused plain-HTTP request is answered 403 with REFUSED_HEADER saying why, so
the gatherer records the refusal instead of the page; a refused HTTPS tunnel fails to open. A host
that does not answer is a 502 whose reason phrase (and, for plain HTTP, UNREACHABLE_HEADER) says
why, so the crawler's own requests can tell a portal that is down from one that refuses us.
"""
from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

REFUSED_HEADER = "x-tender-audit-refused"
UNREACHABLE_HEADER = "x-tender-audit-unreachable"
MAX_HEAD_BYTES = 64 * 1024          # a request line and headers beyond this are not a browser's
HEAD_TIMEOUT = 30.0                 # seconds for the browser to send a request's head
CONNECT_TIMEOUT = 15.0
IDLE_TIMEOUT = 120.0                # a tunnel or response with no byte for this long is closed
_HOP_BY_HOP = {"proxy-connection", "proxy-authorization", "connection", "keep-alive"}

class Refused(Exception):
    """The request policy will not make this request; the message says what was refused and why."""

    network_failure = False        # True: the host did not answer at all, which is no refusal of ours


class Unresolvable(Refused):
    """The host has no address we could find: a network failure more than a refusal."""

    network_failure = True


# host, port -> the addresses that may be connected to; raises Refused (its message says why)
AddressCheck = Callable[[str, int], Awaitable[list[str]]]


class GuardProxy:
    """One proxy per portal: `check` decides, per connection, which addresses it may reach.

    Use as `async with GuardProxy(check) as proxy:` and give the browser context `proxy.settings`.
    `on_refused(target, reason)` is told of every refusal, for the crawl's record.
    """

    def __init__(self, check: AddressCheck, on_refused: Callable[[str, str], None] | None = None) -> None:
        self.check = check
        self.on_refused = on_refused
        self._server: asyncio.AbstractServer | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    @property
    def settings(self) -> dict[str, str]:
        """Playwright proxy settings. `<-loopback>` stops Chromium sending loopback traffic
        around the proxy, which it does by default."""
        assert self._server is not None, "the proxy is not running"
        port = self._server.sockets[0].getsockname()[1]
        return {"server": f"http://127.0.0.1:{port}", "bypass": "<-loopback>"}

    async def __aenter__(self) -> GuardProxy:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0, limit=MAX_HEAD_BYTES)
        return self

    async def __aexit__(self, *_: object) -> None:
        assert self._server is not None
        self._server.close()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self._server.wait_closed()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        try:
            await self._handle(reader, writer)
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError, TimeoutError):
            pass  # a connection the browser or the server dropped, or a malformed request
        except asyncio.CancelledError:
            pass  # the proxy is closing: end quietly, as Python 3.11's stream callback logs a traceback
                  # for a connection task that ends cancelled (it calls task.exception() on it)
        finally:
            self._tasks.discard(task)
            writer.close()
            with contextlib.suppress(OSError):
                await writer.wait_closed()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        async with asyncio.timeout(HEAD_TIMEOUT):
            head = await reader.readuntil(b"\r\n\r\n")
        request_line, *header_lines = head.decode("latin-1").split("\r\n")
        method, target, version = request_line.split(" ", 2)
        if method == "CONNECT":
            host, _, port = target.rpartition(":")
            upstream = await self._open(host.strip("[]"), int(port), target, writer)
            if upstream is None:
                return
            writer.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
            await writer.drain()
            await _pipe_both(reader, writer, *upstream)
            return
        parts = urlsplit(target)
        if parts.scheme != "http" or not parts.hostname:
            await _refuse(writer, "only absolute http URLs can be proxied")
            return
        upstream = await self._open(parts.hostname, parts.port or 80, target, writer)
        if upstream is None:
            return
        path = parts.path or "/"
        headers = [h for h in header_lines if h and h.split(":", 1)[0].strip().lower() not in _HOP_BY_HOP]
        # one request per connection: the next request may be for another host, and is checked anew
        up_writer = upstream[1]
        up_writer.write(f"{method} {path}{'?' + parts.query if parts.query else ''} {version}\r\n".encode("latin-1")
                        + "".join(f"{h}\r\n" for h in headers).encode("latin-1") + b"Connection: close\r\n\r\n")
        await up_writer.drain()
        await _pipe_both(reader, writer, *upstream)

    async def _open(self, host: str, port: int, target: str, writer: asyncio.StreamWriter) -> tuple[asyncio.StreamReader, asyncio.StreamWriter] | None:
        try:
            addresses = await self.check(host, port)
        except Unresolvable as exc:       # as a network failure: not a refusal for the record
            await _bad_gateway(writer, str(exc))
            return None
        except Refused as exc:
            if self.on_refused:
                self.on_refused(target, str(exc))
            await _refuse(writer, str(exc))
            return None
        reason = "no address to connect to"
        for address in addresses:     # the checked addresses, never a fresh lookup
            try:
                async with asyncio.timeout(CONNECT_TIMEOUT):
                    return await asyncio.open_connection(address, port)
            except TimeoutError:
                reason = f"no answer within {CONNECT_TIMEOUT:g} s"
            except OSError as exc:
                reason = os.strerror(exc.errno).lower() if exc.errno else (str(exc) or type(exc).__name__)
        await _bad_gateway(writer, reason)
        return None


async def _bad_gateway(writer: asyncio.StreamWriter, reason: str) -> None:
    safe = _header_safe(reason)[:200] or "Bad Gateway"
    writer.write(f"HTTP/1.1 502 {safe}\r\n{UNREACHABLE_HEADER}: {safe}\r\nContent-Length: 0\r\n"
                 "Connection: close\r\n\r\n".encode())
    await writer.drain()


def _header_safe(text: str) -> str:
    return text.encode("ascii", "replace").decode("ascii").replace("\r", " ").replace("\n", " ")


async def _refuse(writer: asyncio.StreamWriter, reason: str) -> None:
    body = f"Refused by tender-audit: {reason}\n".encode()
    safe = _header_safe(reason)
    # the reason phrase too: an HTTPS client sees only the status line of a refused tunnel
    writer.write(f"HTTP/1.1 403 {safe[:200] or 'Forbidden'}\r\n{REFUSED_HEADER}: {safe}\r\nContent-Type: text/plain\r\n"
                 f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode() + body)
    await writer.drain()


async def _pipe_both(client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter,
                     up_reader: asyncio.StreamReader, up_writer: asyncio.StreamWriter) -> None:
    """Copy both ways until either side is done: the server has answered and closed, or the
    browser has given up (a side idle for IDLE_TIMEOUT counts as done)."""
    async def copy(source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
        while True:
            async with asyncio.timeout(IDLE_TIMEOUT):
                chunk = await source.read(65536)
            if not chunk:
                return
            sink.write(chunk)
            await sink.drain()

    directions = [asyncio.create_task(copy(client_reader, up_writer)),
                  asyncio.create_task(copy(up_reader, client_writer))]
    try:
        await asyncio.wait(directions, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in directions:
            task.cancel()
        await asyncio.gather(*directions, return_exceptions=True)
        up_writer.close()
