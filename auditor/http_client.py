"""The HTTP client for what the crawler fetches outside the browser: robots.txt, sitemaps, documents."""
from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import urljoin

import httpx

from auditor.browser import USER_AGENT

# the request policy's word on one request: returns when it may be made, raises when it may not
Admit = Callable[[str], Awaitable[None]]


def new_http_client(storage_state: dict[str, Any] | None = None, proxy: str | None = None) -> httpx.AsyncClient:
    """Same identity (and session, if signed in) as the browser, and with `proxy` (the portal's
    guard proxy) the same address check at connect time as the browser's own connections."""
    cookies = httpx.Cookies()
    for cookie in (storage_state or {}).get("cookies", []):
        cookies.set(cookie["name"], cookie["value"], domain=cookie.get("domain", ""), path=cookie.get("path", "/"))
    # no keep-alive: the guard proxy answers one request per connection and then closes it, and a
    # server that does not say "Connection: close" would leave a dead connection in the pool (ReadError)
    return httpx.AsyncClient(headers={"User-Agent": USER_AGENT}, timeout=httpx.Timeout(20.0), cookies=cookies,
                             follow_redirects=False, limits=httpx.Limits(max_connections=8, max_keepalive_connections=0),
                             proxy=proxy, trust_env=False)


@asynccontextmanager
async def admitted_get(client: httpx.AsyncClient, url: str, admit: Admit,
                       max_redirects: int) -> AsyncIterator[httpx.Response | None]:
    """GET `url` as a stream, following redirects by hand so that `admit` passes every hop
    (scope, address, the host's rate) before it is requested; None past `max_redirects`."""
    for _ in range(max_redirects + 1):
        await admit(url)
        async with client.stream("GET", url, follow_redirects=False) as response:
            location = response.headers.get("location")
            if response.is_redirect and location:
                url = urljoin(url, location)
                continue
            yield response
            return
    yield None
