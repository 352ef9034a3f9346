"""A hostile portal for the tests: loopback only, every answer bounded in time and size.

Routes map a path to a function of the handler that writes the whole answer; every request is
logged (time, method, path) before it is answered, so a test can assert that an address was
never reached at all.
"""
from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MAX_SECONDS = 60.0                 # no answer of a hostile route lasts longer than this


@dataclass
class Hostile:
    host: str
    port: int
    log: list[tuple[float, str, str]] = field(default_factory=list)   # (monotonic time, method, path)
    sent: dict[str, int] = field(default_factory=dict)                  # path -> body bytes written

    @property
    def base(self) -> str:
        return f"http://{self.host}:{self.port}"

    def paths(self) -> list[str]:
        return [path for _, _, path in self.log]


Route = Callable[["_Handler"], None]


class _Handler(BaseHTTPRequestHandler):
    server: ThreadingHTTPServer

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        hostile: Hostile = self.server.hostile  # type: ignore[attr-defined]
        with self.server.lock:                  # type: ignore[attr-defined]
            hostile.log.append((time.monotonic(), "GET", self.path))
        route = self.server.routes.get(self.path.split("?")[0])  # type: ignore[attr-defined]
        try:
            if route is None:
                self.answer(404, "<title>Not found</title><p>Not found</p>")
            else:
                route(self)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up on us, as it should

    do_HEAD = do_GET

    def answer(self, status: int, body: str, content_type: str = "text/html; charset=utf-8",
               headers: dict[str, str] | None = None) -> None:
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def redirect(self, location: str) -> None:
        self.answer(302, "", headers={"Location": location})

    def drip(self, first: bytes, every: float) -> None:
        """Headers at once, then one byte every `every` seconds, for at most MAX_SECONDS."""
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        self.wfile.write(first)
        self.wfile.flush()
        stop = time.monotonic() + MAX_SECONDS
        while time.monotonic() < stop:
            time.sleep(every)
            self.wfile.write(b"#")
            self.wfile.flush()

    def stream(self, first: bytes, filler: bytes, total: int) -> None:
        """A body of `total` bytes made on the fly (never held in memory), counting what was sent."""
        hostile: Hostile = self.server.hostile  # type: ignore[attr-defined]
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(total))
        self.end_headers()
        sent = 0
        self.wfile.write(first)
        sent += len(first)
        chunk = filler * (65536 // len(filler))
        stop = time.monotonic() + MAX_SECONDS
        while sent < total and time.monotonic() < stop:
            self.wfile.write(chunk)
            sent += len(chunk)
            hostile.sent[self.path] = sent


@contextmanager
def serve_hostile(routes: dict[str, Route], host: str = "127.0.0.1", port: int = 0) -> Iterator[Hostile]:
    """Serve `routes` on a loopback address (127.0.0.0/8 only)."""
    assert host.startswith("127."), "tests talk to loopback only"
    server = ThreadingHTTPServer((host, port), _Handler)
    server.daemon_threads = True
    hostile = Hostile(host, server.server_address[1])
    server.hostile = hostile  # type: ignore[attr-defined]
    server.routes = routes    # type: ignore[attr-defined]
    server.lock = threading.Lock()  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield hostile
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
