"""A small site made of Python functions on 127.0.0.1, for browser tests whose pages are built in code
(sign-in, sessions, hostile pages). Never any other address."""
from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, str]
    form: dict[str, str]
    cookies: dict[str, str]


@dataclass
class Answer:
    body: str | bytes = ""         # bytes are sent as they are (a gzip file)
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)


Route = Callable[[Request], Answer]


@dataclass
class Site:
    base: str
    log: list[str]                  # "GET /path?query", in the order asked

    def paths(self, prefix: str) -> list[str]:
        return [line.split(" ", 1)[1] for line in list(self.log) if line.split(" ", 1)[1].startswith(prefix)]


@contextmanager
def serve(routes: dict[str, Route]) -> Iterator[Site]:
    """Serve `routes` (path -> function); "/robots.txt" allows everything unless a route says otherwise."""
    log: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def answer(self, form: dict[str, str]) -> None:
            parts = urlsplit(self.path)
            log.append(f"{self.command} {self.path}")
            cookie = SimpleCookie(self.headers.get("Cookie", ""))
            request = Request(self.command, parts.path, dict(parse_qsl(parts.query)), form,
                              {k: m.value for k, m in cookie.items()})
            route = routes.get(parts.path)
            if route is not None:
                answer = route(request)
            elif parts.path == "/robots.txt":
                answer = Answer("User-agent: *\nAllow: /\n", headers={"Content-Type": "text/plain"})
            else:
                answer = Answer("<!doctype html><title>Not found</title><p>Not found", 404)
            body = answer.body if isinstance(answer.body, bytes) else answer.body.encode("utf-8")
            self.send_response(answer.status)
            headers = {"Content-Type": "text/html; charset=utf-8", **answer.headers}
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def do_GET(self) -> None:
            self.answer({})

        def do_POST(self) -> None:
            length = min(int(self.headers.get("Content-Length") or 0), 100_000)
            self.answer(dict(parse_qsl(self.rfile.read(length).decode("utf-8"))))

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield Site(f"http://127.0.0.1:{server.server_address[1]}", log)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
