"""Serves the bundled sample portals on 127.0.0.1 for `demo` and the tests.

Each portal is a folder: `site/` holds its files, `portal.json` its name and the behaviours that
make real portals hard to crawl (redirects, error pages, slow pages, redirect loops, an endless
calendar, login walls, sign-in styles, a keyword search), `truth.json` what a correct audit must
find. The handler implements each behaviour once, generically, so a portal is data and a new
archetype needs no new code.

A portal may bring companion hosts (`hosts/<name>/host.json` and `hosts/<name>/site/`): a buyer's
e-tendering system its notices link to, or the identity service it signs in through. Each is served
on 127.0.0.1 on a port of its own, so it is another host (host:port) to the crawl's scope, and on
the portal's own address, which the request policy lets a portal on 127.0.0.1 reach;
`{{host:<name>}}` in a served HTML file becomes that host's base URL.

Every request is recorded (method, path with query, headers; never bodies) so tests can assert
what the crawler did not fetch, e.g. a robots.txt-disallowed path.
"""
from __future__ import annotations

import bisect
import html
import json
import re
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from http.cookies import SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, quote, unquote, urlsplit

from auditor.samples.generated import GeneratedSite
from auditor.samples.site import (ERROR_SLOT, MAX_FORM_BYTES, PENDING_COOKIE, SAMPLES_DIR, SESSION_COOKIE,
                                  SSO_CALLBACK, Behaviour, LoginWall, Request, SamplePortal, Search, Site,
                                  calendar_page, file_content_type, local_target, page_html, sign_in_form,
                                  strip_path_params, valid_month)


class _RecordingHandler(BaseHTTPRequestHandler):
    """Records each request and sends complete responses (HTTP/1.1, always a Content-Length)."""
    protocol_version = "HTTP/1.1"
    server_version = "SamplePortal/1"
    disable_nagle_algorithm = True      # headers and body go out as separate writes: no 40 ms stalls

    def log_message(self, format: str, *args: object) -> None:
        """Silent: tests and the demo need a clean terminal, and nothing sensitive is logged."""

    def record(self) -> None:
        requests, lock = self.server.requests, self.server.requests_lock  # type: ignore[attr-defined]
        with lock:
            requests.append((self.command, self.path, dict(self.headers.items())))
            self.server.arrivals.append(time.monotonic())  # type: ignore[attr-defined]

    def send(self, code: int, body: bytes = b"", content_type: str = "text/html; charset=utf-8",
             headers: dict[str, str] | None = None) -> None:
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def redirect(self, location: str, code: int = 302, headers: dict[str, str] | None = None) -> None:
        self.send(code, b"", headers={"Location": location, **(headers or {})})


class _PortalHandler(_RecordingHandler):
    @property
    def site(self) -> Site:
        return self.server.site  # type: ignore[attr-defined]

    def do_GET(self) -> None:
        self.record()
        self.answer()

    def do_HEAD(self) -> None:
        self.record()
        self.answer()

    def do_POST(self) -> None:
        self.record()
        path, query = self.split()
        behaviour, account = self.site.behaviour, self.site.behaviour.account
        if account is None or path not in self.site.login_paths() | {behaviour.identity_path, account.password_path}:
            self.send(405, b"", headers={"Allow": "GET, HEAD"})
            return
        length = min(int(self.headers.get("Content-Length") or 0), MAX_FORM_BYTES)
        form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode("utf-8", "replace")).items()}
        user_ok = form.get(account.username_field) == account.username
        if account.password_path and path != account.password_path:      # two-step: the user name first
            if not user_ok:
                self.refuse_sign_in(path, "We do not recognise that user name.")
                return
            token = self.site.new_token(self.site.pending)
            return_query = urlsplit(self.path).query       # the return address goes on to the password page
            self.redirect(account.password_path + (f"?{return_query}" if return_query else ""),
                          303, {"Set-Cookie": f"{PENDING_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax"})
            return
        if account.password_path:
            user_ok = self.site.take(self.cookie(PENDING_COOKIE), self.site.pending)
        if account.postback and (not form.get("__VIEWSTATE") or form.get("__EVENTTARGET") != account.postback):
            self.refuse_sign_in(path, "The page was not submitted by its sign-in control.")
            return
        if not user_ok or form.get(account.password_field) != account.password:
            self.refuse_sign_in(path, "The username or password is incorrect.")
            return
        target = self.return_address(form, query)
        if path == behaviour.identity_path:          # an identity host hands a ticket back to the portal
            ticket = self.site.new_token(self.site.tickets)
            self.redirect(target + ("&" if "?" in target else "?") + f"ticket={ticket}", 303)
            return
        self.start_session(local_target(target))

    def return_address(self, form: dict[str, str], query: dict[str, list[str]]) -> str:
        """Where a successful sign-in goes: the wall's return parameter, or an identity host's return_to
        (only to one of the portal's own hosts)."""
        if self.site.behaviour.identity_path:
            target = query.get("return_to", [""])[0]
            return target if any(target.startswith(b + "/") for b in self.site.hosts.values()) else "/"
        names = {w.return_param for w in self.site.behaviour.login_walls} | {"next"}
        return next((form.get(n) or query.get(n, [""])[0] for n in sorted(names) if form.get(n) or query.get(n)), "/")

    def start_session(self, target: str) -> None:
        token = self.site.new_token(self.site.sessions)
        self.redirect(target, 303, {
            "Set-Cookie": f"{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax"})

    def refuse_sign_in(self, path: str, error: str) -> None:
        """The site's own sign-in page again, with the error where it shows errors; else a plain form."""
        file = self.site.resolve(path)
        if file is None or ERROR_SLOT not in file.read_bytes():
            self.send(200, sign_in_form(error))
            return
        alert = f'<p role="alert" class="error">{html.escape(error)}</p>'.encode()
        self.send(200, self.site.expand(file.read_bytes().replace(ERROR_SLOT, alert)))

    def split(self) -> tuple[str, dict[str, list[str]]]:
        parts = urlsplit(self.path)
        return strip_path_params(unquote(parts.path)) or "/", parse_qs(parts.query)

    def cookie(self, name: str) -> str:
        morsel = SimpleCookie(self.headers.get("Cookie", "")).get(name)
        return morsel.value if morsel is not None else ""

    def signed_in(self) -> bool:
        return self.cookie(SESSION_COOKIE) in self.site.sessions

    def answer(self) -> None:
        path, query = self.split()
        behaviour = self.site.behaviour
        if path == behaviour.logout_path:
            self.redirect("/", 302, {"Set-Cookie": f"{SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly"})
            return
        if path in behaviour.redirects:
            self.redirect(behaviour.redirects[path], 301)
            return
        if path in behaviour.redirect_loop:
            loop = behaviour.redirect_loop
            self.redirect(loop[(loop.index(path) + 1) % len(loop)])
            return
        if path in behaviour.slow:
            time.sleep(behaviour.slow[path])
        if behaviour.sign_in_with and path == SSO_CALLBACK:
            if self.site.take(query.get("ticket", [""])[0], self.site.tickets):
                self.start_session(local_target(query.get("next", ["/"])[0]))
            else:
                self.send(403, page_html("Sign-in failed", "<h1>Sign-in failed</h1><p>The sign-in ticket is not valid.</p>"))
            return
        if behaviour.sign_in_with and path in self.site.login_paths():
            back = f"{self.site.base}{SSO_CALLBACK}?next={quote(self.return_address({}, query), safe='')}"
            identity = self.site.hosts.get(behaviour.sign_in_with, "")
            self.redirect(f"{identity}/authorize?return_to={quote(back, safe='')}")
            return
        wall = self.site.wall_for(path)
        if wall and path != wall.login_path and not self.signed_in():
            self.refuse(wall)
            return
        if behaviour.calendar and path == behaviour.calendar["path"]:
            month = query.get("month", [""])[0]
            month = month if valid_month(month) else behaviour.calendar["start"]
            self.send(200, calendar_page(month, behaviour.calendar["title"], path))
            return
        if behaviour.search and path == behaviour.search.path:
            self.send(200, self.search_results(behaviour.search, query.get(behaviour.search.param, [""])[0]))
            return
        file = self.site.resolve(path)
        code = behaviour.status.get(path, 200 if file else 404)
        if file:
            body = file.read_bytes()
            content_type = file_content_type(file)
            self.send(code, self.site.expand(body) if content_type.startswith("text/html") else body, content_type)
        else:
            self.send(code, page_html("Page not found" if code == 404 else "Error",
                                  f"<h1>{code}</h1><p>Sorry, something went wrong.</p>"))

    def search_results(self, search: Search, words: str) -> bytes:
        """The results template with the pages under `search.under` whose text holds every word."""
        template = self.site.resolve(search.path)
        assert template is not None, f"search template {search.path} is missing"
        wanted = words.lower().split()[:10]
        items = []
        for file in sorted((self.site.root / search.under.strip("/")).glob("*.htm*")):
            text = file.read_text(encoding="utf-8")
            plain = html.unescape(re.sub(r"<[^>]+>", " ", text)).lower()
            if all(word in plain for word in wanted):
                heading = re.search(r"<h1[^>]*>(.*?)</h1>", text, re.S)
                title = html.unescape(re.sub(r"<[^>]+>", "", heading.group(1))).strip() if heading else file.stem
                href = f"{search.under.rstrip('/')}/{file.stem}"
                items.append(f'<li class="app-result"><h2 class="govuk-heading-s"><a class="govuk-link" href="{href}">'
                             f'{html.escape(title)}</a></h2></li>')
        results = (f'<p class="govuk-body">{len(items)} results found</p><ul class="govuk-list">{"".join(items)}</ul>'
                   if items else '<p class="govuk-body">No opportunities match your search.</p>')
        body = template.read_bytes().replace(b"<!-- results -->", results.encode())
        return self.site.expand(body.replace(b"<!-- query -->", html.escape(words, quote=True).encode()))

    def refuse(self, wall: LoginWall) -> None:
        """Answer an anonymous request for a protected path the way the wall's mode says."""
        if wall.mode == "redirect":
            self.redirect(f"{wall.login_path}?{wall.return_param}={quote(self.path, safe='')}")
        elif wall.mode == "form":
            self.send(200, sign_in_form())
        else:
            link = f'<p><a href="{wall.login_path}">Sign in</a> to continue.</p>'
            headers = {"WWW-Authenticate": 'Session realm="suppliers"'} if wall.mode == "401" else {}
            self.send(int(wall.mode), page_html("Sign in required", f"<h1>Sign in required</h1>{link}"),
                      headers=headers)


class _GeneratedHandler(_RecordingHandler):
    def do_GET(self) -> None:
        self.record()
        path = urlsplit(self.path).path
        sites = self.server.generated  # type: ignore[attr-defined]
        body = next((page for site in sites if (page := site.page(path)) is not None), None)
        if body is None:
            self.send(404, page_html("Page not found", "<h1>Page not found</h1>"))
        else:
            self.send(200, body.encode())

    do_HEAD = do_GET


def available() -> list[str]:
    """Slugs of the bundled portals, in a stable order."""
    return sorted(p.parent.name for p in SAMPLES_DIR.glob("*/portal.json"))


def demo_slugs() -> list[str]:
    """The portals the `demo` command audits (faults-portal is for crawler tests only)."""
    return [s for s in available() if Behaviour.load(SAMPLES_DIR / s / "portal.json").demo]


@contextmanager
def _running(handler: type[BaseHTTPRequestHandler], address: str = "127.0.0.1",
             **attributes: object) -> Iterator[str]:
    server = ThreadingHTTPServer((address, 0), handler)
    server.daemon_threads = True
    server.requests_lock = threading.Lock()  # type: ignore[attr-defined]
    server.arrivals = []  # type: ignore[attr-defined]
    for name, value in attributes.items():
        setattr(server, name, value)
    thread = threading.Thread(target=server.serve_forever, name=f"sample-{handler.__name__}",
                              daemon=True)
    thread.start()
    try:
        yield f"http://{address}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@contextmanager
def serve_samples(names: list[str] | None = None) -> Iterator[dict[str, SamplePortal]]:
    """Serve the named portals (all bundled ones if None), each on its own random port."""
    names = available() if names is None else list(names)
    unknown = sorted(set(names) - set(available()))
    if unknown:
        raise ValueError(f"unknown sample portal(s) {unknown}; available: {available()}")
    portals: dict[str, SamplePortal] = {}
    with ExitStack() as stack:
        for slug in names:
            folder = SAMPLES_DIR / slug
            truth = json.loads((folder / "truth.json").read_text())
            requests: list[Request] = []
            hosts: dict[str, str] = {}                 # shared by the portal and its companions
            tickets: set[str] = set()
            companions = sorted(p.parent for p in folder.glob("hosts/*/host.json"))
            sites = [(Site(root=(where / "site").resolve(), behaviour=Behaviour.load(where / config),
                            hosts=hosts, tickets=tickets), name)
                     for where, config, name in [(folder, "portal.json", "portal"),
                                                 *((c, "host.json", c.name) for c in companions)]]
            for site, name in sites:
                site.base = hosts[name] = stack.enter_context(_running(_PortalHandler, site=site, requests=requests))
            portals[slug] = SamplePortal(sites[0][0].behaviour.name, slug, hosts["portal"] + truth["start_path"],
                                         truth, requests, {n: b for n, b in hosts.items() if n != "portal"})
        yield portals


@contextmanager
def serve_generated(pages: int) -> Iterator[SamplePortal]:
    """A portal of exactly `pages` HTML pages made in code, for the throughput benchmark."""
    generated = GeneratedSite(pages)
    requests: list[Request] = []
    with _running(_GeneratedHandler, generated=[generated], requests=requests) as base:
        yield SamplePortal("Generated Borough Tenders", "generated", base + "/",
                           generated.truth(), requests)


def busiest_second(arrivals: list[float]) -> int:
    """The most requests that arrived within any one second (a host's observed peak rate)."""
    times = sorted(arrivals)
    return max((bisect.bisect_left(times, t + 1.0) - i for i, t in enumerate(times)), default=0)


@contextmanager
def serve_generated_hosts(hosts: int, portals: int, pages: int) -> Iterator[list[SamplePortal]]:
    """`portals` generated portals of `pages` pages spread round-robin over `hosts` loopback
    addresses (127.0.0.2, 127.0.0.3, ...: distinct hosts), each host one server with a path per
    portal, as a vendor platform hosts its buyers. Every portal of one host shares its request log
    (the host's), so a test can see the rate each host was sent requests at."""
    if not 1 <= hosts <= 250:
        raise ValueError("between 1 and 250 loopback hosts")
    sites: list[list[GeneratedSite]] = [[] for _ in range(hosts)]
    for n in range(portals):
        sites[n % hosts].append(GeneratedSite(pages, prefix=f"/buyer-{n + 1}"))
    logs: list[list[Request]] = [[] for _ in range(hosts)]
    arrivals: list[list[float]] = [[] for _ in range(hosts)]
    with ExitStack() as stack:
        bases = [stack.enter_context(_running(_GeneratedHandler, address=f"127.0.0.{h + 2}", generated=sites[h],
                                              requests=logs[h], arrivals=arrivals[h])) for h in range(hosts)]
        yield [SamplePortal(f"Generated buyer {n + 1}", f"buyer-{n + 1}", f"{bases[n % hosts]}/buyer-{n + 1}/",
                            GeneratedSite(pages).truth(), logs[n % hosts], arrivals=arrivals[n % hosts])
               for n in range(portals)]
