"""Fetching document files: politely, once each, and never more than we need.

The crawler finds document links; this module asks the server what each one really is (HEAD,
then a capped streaming GET when the body is worth inspecting) and fills a DocumentArtifact with
raw facts: status, redirects, a few headers, the first bytes, whether a password field was served.
Whether that is a login wall is judged by the checks (checks/access.py), never here; the probe only
stops reading an answer that shows a wall's signs. Network trouble becomes `error` text, so one bad
link never stops an audit.
"""
from __future__ import annotations

import asyncio
import copy
from collections.abc import Awaitable, Callable

import httpx

from model.artifacts import DocumentArtifact
from auditor.documents.containers import MAX_MEMBERS_LISTED, OFFICE_FORMATS
from auditor.documents.formats import sniff_format
from auditor.documents.sandbox import Limits, inspect_untrusted
from auditor.documents.walls import password_field_served
from model.walls import login_wall_evidence
from auditor.netguard import Refused

BeforeRequest = Callable[[str], Awaitable[None]]

MAX_REDIRECTS = 10
SNIFF_BYTES = 8192               # enough for magic bytes and the start of a ZIP's local headers
HTML_BYTES = 1_000_000           # an HTML answer is read this far, looking for a sign-in form
INSPECTED_FORMATS = {"pdf", "zip", *OFFICE_FORMATS}
FIRST_BYTES = 64                 # stored as hex: a file's magic and the start of whatever came instead
# headers that say what was served (never cookies or other session data), each value cut to HEADER_CHARS
KEPT_HEADERS = ("content-type", "content-length", "content-encoding", "content-disposition",
                "www-authenticate", "last-modified")
HEADER_CHARS = 300


class TooManyRedirects(Exception):
    pass


class DocumentProber:
    """Probes document URLs for one run, each URL once: later calls get a copy of the result.

    `before_request(url)` is awaited before every request, redirects included (the crawler's
    request policy: a Refused it raises is the document's error; anything else propagates).
    `timeout` bounds each request's connect/read/write/pool phases; `deadline` bounds a whole
    probe, slow trickling downloads included.

    What the fields mean:
    - redirects: the URLs that answered with a redirect, the requested one first; final_url is
      where the chain ended.
    - error: the file could not be had (network failure, HTTP 4xx/5xx other than 401/403, a
      damaged ZIP). A 401/403 or a sign-in answer is not an error: the checks judge it a wall.
    - headers, first_bytes, password_field: the final answer's raw facts (artifacts.py).
    - format: what the server actually sent; when it sent an error or sign-in page instead,
      the link's claim, with "(file not served: ...)" in format_evidence.
    - bytes: the file's size (Content-Length or the whole body read), None if unknown;
      probed_bytes: how much was actually downloaded.
    - a file over max_bytes is not downloaded; format_evidence ends "not inspected: ...".
    - a file that is downloaded is inspected in a worker process within `limits`
      (sandbox.py); limit names the limit or cap that cut its inspection short.
    """

    def __init__(self, client: httpx.AsyncClient, *, max_bytes: int = 15_000_000,
                 before_request: BeforeRequest | None = None, timeout: float = 30.0,
                 deadline: float = 120.0, limits: Limits = Limits()) -> None:
        self.client = client
        self.limits = limits
        self.max_bytes = max_bytes
        self.before_request = before_request
        self.timeout = timeout
        self.deadline = deadline
        self._probes: dict[str, asyncio.Task[DocumentArtifact]] = {}

    async def probe(self, url: str) -> DocumentArtifact:
        """The probe fields of a DocumentArtifact (found_on, link_text, depth are the caller's)."""
        task = self._probes.get(url)
        if task is None:
            task = self._probes[url] = asyncio.create_task(self._probe(url))
        return copy.deepcopy(await asyncio.shield(task))

    async def _probe(self, url: str) -> DocumentArtifact:
        artifact = DocumentArtifact(url=url)
        try:
            async with asyncio.timeout(self.deadline):
                await self._fetch(artifact)
        except TimeoutError:
            artifact.error = f"timed out: probe took longer than {self.deadline:g} s"
        except httpx.TimeoutException as exc:
            artifact.error = f"timed out: {type(exc).__name__}"
        except TooManyRedirects as exc:
            artifact.error = str(exc)
        except Refused as exc:     # the request policy's, from before_request: a redirect hop included
            artifact.error = str(exc) if exc.network_failure else f"refused: {exc}"
        except (httpx.HTTPError, httpx.InvalidURL, OSError) as exc:
            artifact.error = f"{type(exc).__name__}: {exc}"[:300] if str(exc) else type(exc).__name__
        return artifact

    async def _fetch(self, artifact: DocumentArtifact) -> None:
        try:
            head, chain = await self._send("HEAD", artifact.url)
            await head.aclose()
        except (httpx.RemoteProtocolError, httpx.ReadError):
            head = None              # some servers hang up on HEAD; a GET still works
        get_url, prior_chain = artifact.url, []
        if head and head.status_code < 400:   # HEAD rejected (405, 501, even 403): try a GET
            _record(artifact, head, chain)
            if self._finished_by_headers(artifact, head):
                return
            get_url, prior_chain = artifact.final_url, chain
        response, chain = await self._send("GET", get_url)
        try:
            _record(artifact, response, prior_chain + chain)
            if self._finished_by_headers(artifact, response):
                return
            body, complete = await self._read(artifact, response)
        finally:
            await response.aclose()
        artifact.probed_bytes = response.num_bytes_downloaded
        await self._conclude(artifact, response, bytes(body), complete)

    async def _send(self, method: str, url: str) -> tuple[httpx.Response, list[str]]:
        """A streaming response after following redirects by hand, so each hop is rate-limited
        and recorded. The chain lists the URLs that redirected, the first one first."""
        chain: list[str] = []
        for _ in range(MAX_REDIRECTS + 1):
            if self.before_request:
                await self.before_request(url)
            request = self.client.build_request(method, url, timeout=self.timeout)
            response = await self.client.send(request, stream=True, follow_redirects=False)
            if not (response.has_redirect_location and response.next_request):
                return response, chain
            await response.aclose()
            chain.append(url)
            url = str(response.next_request.url)
        raise TooManyRedirects(f"more than {MAX_REDIRECTS} redirects")

    def _finished_by_headers(self, artifact: DocumentArtifact, response: httpx.Response) -> bool:
        """Settle what the headers alone can settle: a wall's signs, an HTTP error, a file too large."""
        evidence = login_wall_evidence(artifact.status, artifact.final_url, artifact.redirects, False)
        if evidence:
            _not_served(artifact, evidence)
            return True
        if response.status_code >= 400:
            artifact.error = f"HTTP {response.status_code} {response.reason_phrase}".strip()
            _not_served(artifact, artifact.error)
            return True
        if artifact.bytes is not None and artifact.bytes > self.max_bytes:
            artifact.format, artifact.format_evidence = _sniff(artifact, response, b"")
            self._not_inspected(artifact)
            return True
        return False

    def _not_inspected(self, artifact: DocumentArtifact) -> None:
        """Too large to inspect is not an error: the file is there for a supplier to download.
        (DocumentArtifact has no note field, so the format evidence carries the remark.)"""
        artifact.format_evidence += f"; not inspected: larger than {self.max_bytes / 1_000_000:g} MB"

    async def _read(self, artifact: DocumentArtifact,
                    response: httpx.Response) -> tuple[bytearray, bool]:
        """The body up to what its format deserves, and whether it was read to the end.

        The first bytes decide: inspected formats up to max_bytes, HTML far enough to find a
        sign-in form, anything else only as far as its magic bytes."""
        body, limit = bytearray(), None
        async for chunk in response.aiter_bytes():
            body += chunk
            if limit is None and len(body) >= SNIFF_BYTES:
                limit = self._read_limit(_sniff(artifact, response, bytes(body[:SNIFF_BYTES]))[0])
            if len(body) > (limit or SNIFF_BYTES):
                return body, False
        return body, True

    def _read_limit(self, fmt: str) -> int:
        if fmt in INSPECTED_FORMATS:
            return self.max_bytes
        return min(HTML_BYTES, self.max_bytes) if fmt == "html" else SNIFF_BYTES

    async def _conclude(self, artifact: DocumentArtifact, response: httpx.Response, body: bytes,
                        complete: bool) -> None:
        # A whole ZIP has a central directory, which names every member: sniff all of it.
        head = body if complete else body[:SNIFF_BYTES]
        artifact.first_bytes = body[:FIRST_BYTES].hex()
        artifact.format, artifact.format_evidence = _sniff(artifact, response, head)
        if complete:
            artifact.bytes = len(body)
        if artifact.format == "html":
            text = body[:HTML_BYTES].decode(response.encoding or "utf-8", "replace")
            artifact.password_field = password_field_served(artifact.content_type, text)
            if evidence := login_wall_evidence(artifact.status, artifact.final_url, artifact.redirects,
                                               artifact.password_field):
                _not_served(artifact, evidence)
            return
        if artifact.format not in INSPECTED_FORMATS:
            return
        if not complete:
            self._not_inspected(artifact)
        else:
            await self._inspect(artifact, body)

    async def _inspect(self, artifact: DocumentArtifact, body: bytes) -> None:
        """The file's structure, from a worker process that a hostile file cannot hang or bloat."""
        if artifact.format == "pdf":
            inspection = await inspect_untrusted("pdf", body, limits=self.limits)
            artifact.pdf = inspection.value
            artifact.limit = inspection.limit or (inspection.value or {}).get("limit")
        elif artifact.format in OFFICE_FORMATS:
            inspection = await inspect_untrusted("office", body, artifact.format, limits=self.limits)
            artifact.office, artifact.limit = inspection.value, inspection.limit
        else:
            inspection = await inspect_untrusted("zip", body, limits=self.limits)
            artifact.error, artifact.limit = inspection.error, inspection.limit
            if inspection.value is not None:
                artifact.zip_members = inspection.value["members"]
                artifact.zip_members_total = inspection.value["members_total"]
                if artifact.zip_members_total > MAX_MEMBERS_LISTED:
                    artifact.limit = (f"more than {MAX_MEMBERS_LISTED} members: the first "
                                      f"{MAX_MEMBERS_LISTED} of {artifact.zip_members_total} listed")


async def probe_document(client: httpx.AsyncClient, url: str, *, max_bytes: int = 15_000_000,
                         before_request: BeforeRequest | None = None) -> DocumentArtifact:
    """Probe one URL without a shared cache; a crawl should share one DocumentProber instead."""
    prober = DocumentProber(client, max_bytes=max_bytes, before_request=before_request)
    return await prober.probe(url)


def _record(artifact: DocumentArtifact, response: httpx.Response, chain: list[str]) -> None:
    artifact.status = response.status_code
    artifact.final_url = str(response.url)
    artifact.redirects = chain
    artifact.content_type = response.headers.get("content-type", "")
    artifact.headers = {name: response.headers[name][:HEADER_CHARS] for name in KEPT_HEADERS
                        if name in response.headers}
    length = response.headers.get("content-length", "")
    encoded = "content-encoding" in response.headers   # then Content-Length is the encoded size
    artifact.bytes = int(length) if length.isdigit() and not encoded else None


def _sniff(artifact: DocumentArtifact, response: httpx.Response, body: bytes) -> tuple[str, str]:
    return sniff_format(body, artifact.content_type,
                        response.headers.get("content-disposition", ""), artifact.final_url)


def _not_served(artifact: DocumentArtifact, why: str) -> None:
    """What was served is an error or sign-in page, not the file (`why` says what it was): the
    link's claim is all we have."""
    fmt, evidence = sniff_format(b"", url=artifact.url)
    artifact.format, artifact.format_evidence = fmt, f"{evidence} (file not served: {why})"
