"""The bundled sample portals as data: a portal's folder, its behaviours (walls, accounts, search,
faults), its companion hosts, and the small pages the server writes itself (sign-in form, calendar).

`server.py` serves them; keeping the data apart keeps each behaviour implemented once there.
"""
from __future__ import annotations

import calendar
import html
import json
import mimetypes
import re
import secrets
import threading
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path


SAMPLES_DIR = Path(__file__).resolve().parent
SESSION_COOKIE = "session"
MAX_FORM_BYTES = 10_000

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8", ".htm": "text/html; charset=utf-8", ".aspx": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
    ".json": "application/json", ".csv": "text/csv; charset=utf-8",
    ".atom": "application/atom+xml", ".xml": "application/xml", ".txt": "text/plain; charset=utf-8",
    ".pdf": "application/pdf", ".zip": "application/zip", ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".gif": "image/gif", ".png": "image/png", ".svg": "image/svg+xml", ".ico": "image/x-icon",
}

Request = tuple[str, str, dict[str, str]]
HOST_TOKEN = re.compile(rb"\{\{host:([a-z0-9-]+)\}\}")
ERROR_SLOT = b"<!-- sign-in error -->"   # where a site's own sign-in page shows a failed attempt
SSO_CALLBACK = "/sso/callback"
PENDING_COOKIE = "signin_pending"
PARALLEL_PORTALS = 2               # the demo and the tests crawl the bundled portals two at a time


@dataclass
class LoginWall:
    """Paths under `protect` need a session; without one the portal answers as `mode` says."""
    protect: list[str]
    login_path: str
    mode: str = "redirect"          # redirect | 401 | 403 | form
    return_param: str = "next"      # the query parameter carrying the return address (ASP.NET: ReturnUrl)


@dataclass
class Account:
    """The test account and the sign-in style: a plain form, an ASP.NET postback, or two steps."""
    username: str
    password: str
    username_field: str = "username"
    password_field: str = "password"
    postback: str | None = None          # WebForms: the __EVENTTARGET of the sign-in control; __VIEWSTATE required
    password_path: str | None = None     # two-step: the user name is posted to the login path, the password here


@dataclass
class Search:
    """A GET keyword search over the site's pages under `under`; `path` names the results template,
    whose <!-- results --> and <!-- query --> comments are filled in."""
    path: str
    under: str
    param: str = "q"


@dataclass
class Behaviour:
    """What portal.json declares; every key but `name` is optional."""
    name: str
    demo: bool = True
    redirects: dict[str, str] = field(default_factory=dict)
    status: dict[str, int] = field(default_factory=dict)
    redirect_loop: list[str] = field(default_factory=list)
    slow: dict[str, float] = field(default_factory=dict)
    calendar: dict[str, str] | None = None       # {path, start: "YYYY-MM", title}
    login_walls: list[LoginWall] = field(default_factory=list)
    account: Account | None = None
    logout_path: str = "/logout"
    sign_in_with: str | None = None              # a companion identity host: login paths redirect there
    identity_path: str | None = None             # on an identity host: where suppliers sign in
    search: Search | None = None

    @classmethod
    def load(cls, path: Path) -> Behaviour:
        data = json.loads(path.read_text())
        walls = data.pop("login_wall", [])
        walls = [walls] if isinstance(walls, dict) else walls
        account = Account(**data.pop("account")) if "account" in data else None
        search = Search(**data.pop("search")) if "search" in data else None
        return cls(**data, login_walls=[LoginWall(**w) for w in walls], account=account, search=search)


@dataclass
class SamplePortal:
    name: str
    slug: str
    url: str
    truth: dict
    requests: list[Request] = field(default_factory=list)
    hosts: dict[str, str] = field(default_factory=dict)     # companion host name -> base URL
    arrivals: list[float] = field(default_factory=list)     # time.monotonic() of each request

    def requested_paths(self) -> list[str]:
        return [path for _, path, _ in list(self.requests)]


@dataclass
class Site:
    """One running portal: its files, behaviours and live sessions."""
    root: Path
    behaviour: Behaviour
    sessions: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)
    base: str = ""                                          # this host's own base URL
    hosts: dict[str, str] = field(default_factory=dict)     # the portal's companion hosts, by name
    tickets: set[str] = field(default_factory=set)          # single sign-on tickets, shared with the companions
    pending: set[str] = field(default_factory=set)          # two-step sign-ins past their first step

    def wall_for(self, path: str) -> LoginWall | None:
        """The wall over a path; /area and /area/ are both behind a wall that protects /area/."""
        return next((w for w in self.behaviour.login_walls
                     if any((path + "/").startswith(p) for p in w.protect)), None)

    def login_paths(self) -> set[str]:
        return {w.login_path for w in self.behaviour.login_walls}

    def expand(self, body: bytes) -> bytes:
        """`{{host:name}}` in a page becomes the companion host's base URL."""
        return HOST_TOKEN.sub(lambda m: self.hosts.get(m.group(1).decode(), "").encode(), body)

    def new_token(self, into: set[str]) -> str:
        token = secrets.token_hex(16)
        with self.lock:
            into.add(token)
        return token

    def take(self, token: str, source: set[str]) -> bool:
        """Use a one-time token (an SSO ticket, a pending two-step sign-in) if it is valid."""
        with self.lock:
            if token in source:
                source.discard(token)
                return True
        return False

    def resolve(self, path: str) -> Path | None:
        """The file a URL path names: as is, with .html added, or a folder's index.html.

        A trailing slash is ignored, so /about and /about/ are the same page, as on many servers.
        """
        stem = path.rstrip("/")
        for candidate in (stem, stem + ".html", stem + "/index.html"):
            file = (self.root / candidate.lstrip("/")).resolve()
            if file.is_file() and file.is_relative_to(self.root):
                return file
        return None


def strip_path_params(path: str) -> str:
    """Drop ;jsessionid=... style parameters, as Java servlet containers do."""
    return "/".join(segment.split(";", 1)[0] for segment in path.split("/"))


def local_target(target: str) -> str:
    """A return address on this host, else the home page: never an open redirect."""
    return target if target.startswith("/") and not target.startswith("//") else "/"


def file_content_type(file: Path) -> str:
    return CONTENT_TYPES.get(file.suffix.lower()) or mimetypes.guess_type(file.name)[0] \
        or "application/octet-stream"


def page_html(title: str, body: str) -> bytes:
    return (f'<!DOCTYPE html>\n<html lang="en-GB"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<title>{html.escape(title)}</title></head>\n<body><main>\n{body}\n</main></body></html>\n'
            ).encode()


def sign_in_form(error: str = "") -> bytes:
    message = f'<p role="alert">{html.escape(error)}</p>' if error else ""
    return page_html("Sign in", f"""<h1>Sign in</h1>{message}
<p>You need to sign in to see this page.</p>
<form method="post">
<p><label for="username">Username</label> <input id="username" name="username" autocomplete="username" required></p>
<p><label for="password">Password</label> <input id="password" name="password" type="password" autocomplete="current-password" required></p>
<p><button type="submit">Sign in</button></p>
</form>""")


def calendar_page(month: str, title: str, path: str) -> bytes:
    """A month view whose previous/next links always lead to a month not seen before."""
    year, number = int(month[:4]), int(month[5:7])
    first = date(year, number, 1)
    previous = date(year - 1, 12, 1) if number == 1 else date(year, number - 1, 1)
    following = date(year + 1, 1, 1) if number == 12 else date(year, number + 1, 1)
    weeks = "".join("<tr>" + "".join(f"<td>{day or ''}</td>" for day in week) + "</tr>"
                    for week in calendar.Calendar().monthdayscalendar(year, number))
    heads = "".join(f'<th scope="col">{d}</th>' for d in calendar.day_abbr)
    label = first.strftime("%B %Y")
    return page_html(f"{title}: {label}", f"""<h1>{html.escape(title)}: {label}</h1>
<p><a href="{path}?month={previous:%Y-%m}">Previous month</a> |
<a href="{path}?month={following:%Y-%m}">Next month</a></p>
<table><caption>Events in {label}</caption><thead><tr>{heads}</tr></thead><tbody>{weeks}</tbody></table>
<p><a href="/">Home</a></p>""")


def valid_month(value: str) -> bool:
    try:
        return len(value) == 7 and 1 <= int(value[5:7]) <= 12 and value[4] == "-" \
            and 1 <= int(value[:4]) <= 9999
    except ValueError:
        return False
