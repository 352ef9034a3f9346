"""A council's tender portal of any size, made in code, for the whole-job benchmark (`make bench`).

The throughput of a crawl of one template says little about an audit: the in-browser probes run
on a few pages of each template, so a real portal's dozen templates are what they cost. This
portal has the templates councils' portals have (home, paginated listing, notices, a documents
page per notice, search, registration and sign-in forms, accessibility statement, open data,
guidance, an events calendar, contact), pages of a real portal's weight, and real tender
documents: the bundled sample portals' files, which scripts/make_sample_documents.py builds
(a tagged and an untagged PDF, a DOCX pricing schedule, a ZIP tender pack).
"""
from __future__ import annotations

import calendar
import html
import math
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from urllib.parse import parse_qs, urlsplit

from auditor.samples.generated import contract_value, filler
from auditor.samples.server import _RecordingHandler, _running
from auditor.samples.site import SAMPLES_DIR, Request, SamplePortal, page_html

PER_PAGE = 10
FIXED = {"/search": "Search tenders", "/suppliers/register": "Register as a supplier",
         "/suppliers/sign-in": "Sign in", "/accessibility-statement": "Accessibility statement",
         "/open-data": "Open contracting data", "/contact": "Contact the procurement team"}
MONTHS = ("2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09")
SUBJECTS = ("Highway maintenance", "School catering", "Cleaning services", "ICT support", "Legal advice panel",
            "Fleet leasing", "Grounds maintenance", "Waste collection", "Building repairs", "Energy supply",
            "Care at home", "Library books", "Street lighting", "Leisure centre management")
GUIDES = ("How to bid", "Social value", "Selection questionnaire", "Lots and frameworks",
          "Clarification questions", "After the award", "Prompt payment", "Consortium bids")
# name in the portal -> (bundled sample file, content type); each notice offers all three
DOCUMENT_FILES = {
    "specification.pdf": ("open-portal/site/documents/NS-2026-0042/specification.pdf", "application/pdf"),
    "invitation-to-tender.pdf": ("legacy-portal/site/tenders/docs/wc-2026-017-spec.pdf", "application/pdf"),
    "pricing-schedule.docx": ("open-portal/site/documents/NS-2026-0041/pricing-schedule.docx",
                              "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "tender-pack.zip": ("walled-portal/site/tender/docs/EM-0871/tender-pack.zip", "application/zip"),
}
CSV_PATH = "/open-data/contracts.csv"

STYLE = """body{font-family:Arial,sans-serif;margin:0;color:#0b0c0c;line-height:1.4}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fd0;color:#0b0c0c}
header{background:#1d3557;color:#fff;padding:1rem 2rem}header a{color:#fff}
nav ul{list-style:none;display:flex;flex-wrap:wrap;gap:1rem;padding:0;margin:.5rem 0 0}
form.search{margin:.5rem 0}main{padding:1rem 2rem;max-width:60rem}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #b1b4b6;padding:.4rem;text-align:left}
.calendar td{height:3rem;vertical-align:top}label{display:block;font-weight:bold;margin-top:1rem}
input,select{font-size:1rem;padding:.3rem;max-width:100%}button{font-size:1rem;padding:.4rem 1rem;margin-top:1rem}
footer{border-top:4px solid #1d3557;padding:1rem 2rem;font-size:.9rem}a{color:#1d4ed8}a:focus{outline:3px solid #fd0}"""


@dataclass(frozen=True)
class Response:
    """A page or a document, as the portal sends it."""
    body: bytes
    content_type: str


@cache
def _document(name: str) -> bytes:
    return (SAMPLES_DIR / DOCUMENT_FILES[name][0]).read_bytes()


class CouncilSite:
    """Exactly `pages` reachable HTML pages over twelve templates, and three documents per notice.

    The size is shared out as a council's portal is: the single pages first, then a few calendar
    months and guidance pages, then as many notices (each with its documents page) as fit.
    """

    def __init__(self, pages: int) -> None:
        self.months = min(len(MONTHS), 3 + pages // 100)  # previous / next: the sixth is six clicks deep
        self.guides = 4 + pages // 50
        rest = pages - 1 - len(FIXED) - self.months - self.guides
        self.notices = max((m for m in range(1, rest) if 2 * m + math.ceil(m / PER_PAGE) <= rest), default=0)
        if self.notices < 2:
            raise ValueError("a council portal needs at least 19 pages")
        self.listings = math.ceil(self.notices / PER_PAGE)
        self.guides += rest - 2 * self.notices - self.listings      # what is left over is guidance
        self.pages = pages

    def truth(self) -> dict:
        return {"start_path": "/", "page_count": self.pages, "notices_found": self.notices,
                "listing_pages": self.listings, "documents": len(self.document_paths()), "external_requests": 0}

    def templates(self) -> dict[str, list[str]]:
        """Every HTML page's path, by template: the crawl's whole work list."""
        return {
            "home": ["/"], "listing": [self._listing_path(n) for n in range(1, self.listings + 1)],
            "notice": [f"/tenders/{_ref(i)}" for i in range(1, self.notices + 1)],
            "documents page": [f"/tenders/{_ref(i)}/documents" for i in range(1, self.notices + 1)],
            "search": ["/search"], "registration": ["/suppliers/register"], "sign-in": ["/suppliers/sign-in"],
            "statement": ["/accessibility-statement"], "open data": ["/open-data"], "contact": ["/contact"],
            "guidance": [f"/guidance/{n}" for n in range(1, self.guides + 1)],
            "calendar": [_month_path(n) for n in range(self.months)],
        }

    def document_paths(self) -> list[str]:
        return [CSV_PATH] + [f"/documents/{_ref(i)}/{name}" for i in range(1, self.notices + 1)
                             for name in self._documents_of(i)]

    def respond(self, target: str) -> Response | None:
        """The response for a request target (path and query), or None: the portal has no such page."""
        parts = urlsplit(target)
        path, query = parts.path.rstrip("/") or "/", parse_qs(parts.query)
        if path.startswith("/documents/") or path == CSV_PATH:
            return self._file(path)
        body = self._page(path, query)
        return Response(body.encode(), "text/html; charset=utf-8") if body is not None else None

    def _file(self, path: str) -> Response | None:
        if path == CSV_PATH:
            rows = "".join(f"{_ref(i)},{_subject(i)},{contract_value(i)},{_closing(i)}\n" for i in range(1, self.notices + 1))
            return Response(("reference,title,value_gbp,closing\n" + rows).encode(), "text/csv; charset=utf-8")
        _, _, ref, name = path.split("/", 3)
        number = _number(ref)
        if number is None or not 1 <= number <= self.notices or name not in self._documents_of(number):
            return None
        return Response(_document(name), DOCUMENT_FILES[name][1])

    def _page(self, path: str, query: dict[str, list[str]]) -> str | None:
        if path == "/":
            return self._home()
        if path == "/tenders" or path.startswith("/tenders/page/"):
            number = path.rpartition("/")[2]
            n = 1 if path == "/tenders" else int(number) if number.isdigit() else 0
            return self._listing(n) if 1 <= n <= self.listings and path == self._listing_path(n) else None
        if path.startswith("/tenders/"):
            ref, _, rest = path.removeprefix("/tenders/").partition("/")
            i = _number(ref)
            if i is None or not 1 <= i <= self.notices or rest not in ("", "documents"):
                return None
            return self._documents_page(i) if rest else self._notice(i)
        if path.startswith("/guidance/"):
            n = path.rpartition("/")[2]
            return self._guide(int(n)) if n.isdigit() and 1 <= int(n) <= self.guides else None
        if path == "/calendar":
            month = query.get("month", [MONTHS[0]])[0]
            return self._calendar(MONTHS.index(month)) if month in MONTHS[:self.months] else None
        if path == "/search":
            return self._search(query.get("q", [""])[0])
        pages = {"/suppliers/register": self._register, "/suppliers/sign-in": self._sign_in,
                 "/accessibility-statement": self._statement, "/open-data": self._open_data, "/contact": self._contact}
        return pages[path]() if path in pages else None

    @staticmethod
    def _listing_path(n: int) -> str:
        return "/tenders" if n == 1 else f"/tenders/page/{n}"

    @staticmethod
    def _documents_of(i: int) -> tuple[str, ...]:
        """Three files a notice: the specification (tagged or not, in turn), pricing schedule, tender pack."""
        spec = "specification.pdf" if i % 2 else "invitation-to-tender.pdf"
        return spec, "pricing-schedule.docx", "tender-pack.zip"

    def _layout(self, title: str, body: str, query: str = "") -> str:
        nav = "".join(f'<li><a href="{href}">{text}</a></li>' for href, text in (
            ("/", "Home"), ("/tenders", "Find tenders"), ("/calendar", "Events"), ("/guidance/1", "Guidance"),
            ("/open-data", "Open data"), ("/suppliers/register", "Register"), ("/suppliers/sign-in", "Sign in")))
        foot = " | ".join(f'<a href="{href}">{text}</a>' for href, text in (
            ("/accessibility-statement", "Accessibility statement"), ("/contact", "Contact us"),
            ("/search", "Search"), ("/open-data", "Open data")))
        return (f'<!DOCTYPE html>\n<html lang="en-GB"><head><meta charset="utf-8">'
                f'<meta name="viewport" content="width=device-width, initial-scale=1">'
                f"<title>{html.escape(title)} - Benchmark Borough Council tenders</title><style>{STYLE}</style></head>\n"
                f'<body><a class="skip" href="#main">Skip to main content</a><header>'
                f'<p><a href="/">Benchmark Borough Council</a> tenders</p><nav aria-label="Main"><ul>{nav}</ul></nav>'
                f'<form class="search" role="search" method="get" action="/search"><label for="q">Search tenders</label>'
                f'<input id="q" name="q" type="search" value="{html.escape(query, quote=True)}">'
                f'<button type="submit">Search</button></form></header>\n<main id="main">{body}</main>\n'
                f"<footer><p>{foot}</p><p>&copy; 2026 Benchmark Borough Council. Notices are published "
                f"under the Open Government Licence.</p></footer></body></html>\n")

    def _home(self) -> str:
        latest = "".join(f'<li><a href="/tenders/{_ref(i)}">{_subject(i)}</a></li>'
                         for i in range(1, min(self.notices, 5) + 1))
        return self._layout("Home", f"""<h1>Find and bid for council contracts</h1>
<p>We publish every opportunity worth more than &pound;5,000. There are {self.notices} open tenders.</p>
<p><a href="/tenders">Browse all tenders</a></p><h2>Latest tenders</h2><ul>{latest}</ul>
<h2>New to bidding?</h2><p><a href="/suppliers/register">Register as a supplier</a> to be told of new tenders.</p>
{filler(0, 4)}""")

    def _rows(self, numbers: Iterable[int]) -> str:
        return "".join(f'<tr><td><a href="/tenders/{_ref(i)}">{_subject(i)}</a></td><td>{_ref(i)}</td>'
                       f"<td>&pound;{contract_value(i):,}</td><td>{_closing(i)}</td></tr>" for i in numbers)

    def _table(self, caption: str, numbers: Iterable[int]) -> str:
        return (f'<table><caption>{caption}</caption><thead><tr><th scope="col">Title</th><th scope="col">Reference'
                f'</th><th scope="col">Value</th><th scope="col">Closing date</th></tr></thead>'
                f"<tbody>{self._rows(numbers)}</tbody></table>")

    def _listing(self, n: int) -> str:
        first = (n - 1) * PER_PAGE + 1
        numbers = range(first, min(first + PER_PAGE, self.notices + 1))
        # the pages either side and every tenth, as portals' page pickers do: every page a few clicks away
        near = set(range(max(1, n - 3), min(self.listings, n + 3) + 1)) | set(range(10, self.listings + 1, 10))
        links = "".join(f'<li><a href="{self._listing_path(k)}">{k}</a></li>' for k in sorted(near - {n}))
        following = f'<li><a href="{self._listing_path(n + 1)}">Next page</a></li>' if n < self.listings else ""
        return self._layout(f"Tenders, page {n} of {self.listings}", f"""<h1>Current tenders</h1>
<p>Page {n} of {self.listings}</p>{self._table("Open tenders", numbers)}
<nav aria-label="Pagination"><ul>{links}{following}</ul></nav>""")

    def _notice(self, i: int) -> str:
        facts = (("Reference", _ref(i)), ("Buyer", "Benchmark Borough Council"),
                 ("Contract value", f"&pound;{contract_value(i):,}"), ("Closing date", _closing(i)),
                 ("Procedure", ("Open", "Restricted", "Competitive flexible")[i % 3]),
                 ("CPV code", f"{45000000 + i * 1000 % 5000000:08d}"))
        rows = "".join(f'<tr><th scope="row">{k}</th><td>{v}</td></tr>' for k, v in facts)
        spec = self._documents_of(i)[0]
        listing = self._listing_path((i - 1) // PER_PAGE + 1)
        return self._layout(_subject(i), f"""<h1>{_subject(i)}</h1>
<table><caption>Tender details</caption><tbody>{rows}</tbody></table>
<h2>Description</h2>{filler(i, 5)}
<h2>Documents</h2><p><a href="/documents/{_ref(i)}/{spec}">Specification (PDF)</a></p>
<p><a href="/tenders/{_ref(i)}/documents">View all tender documents</a></p>
<p><a href="{listing}">Back to tenders</a></p>""")

    def _documents_page(self, i: int) -> str:
        names = {"specification.pdf": "Specification (PDF)", "invitation-to-tender.pdf": "Invitation to tender (PDF)",
                 "pricing-schedule.docx": "Pricing schedule (Word)", "tender-pack.zip": "Tender pack (ZIP)"}
        items = "".join(f'<li><a href="/documents/{_ref(i)}/{name}">{names[name]}, '
                        f"{math.ceil(len(_document(name)) / 1024)} KB</a></li>" for name in self._documents_of(i))
        return self._layout(f"Documents: {_subject(i)}", f"""<h1>Tender documents: {_subject(i)}</h1>
<p>Download every document before you bid. Ask questions through the portal.</p><ul>{items}</ul>
<p><a href="/tenders/{_ref(i)}">Back to the tender</a></p>""")

    def _search(self, words: str) -> str:
        wanted = words.lower().split()[:10]
        found = [i for i in range(1, self.notices + 1) if wanted and all(w in _subject(i).lower() for w in wanted)]
        results = (f"<p>{len(found)} results found</p>" + self._table("Search results", found)
                   if found else "<p>Enter words to search the open tenders.</p>" if not wanted
                   else "<p>No tenders match your search.</p>")
        return self._layout("Search tenders", f"<h1>Search tenders</h1>{results}", words)

    def _register(self) -> str:
        fields = (("company", "Company name", "text", "organization"), ("email", "Email address", "email", "email"),
                  ("phone", "Telephone", "tel", "tel"), ("postcode", "Postcode", "text", "postal-code"),
                  ("password", "Create a password", "password", "new-password"))
        inputs = "".join(f'<label for="{n}">{label}</label><input id="{n}" name="{n}" type="{t}" autocomplete="{a}" '
                         f"required>" for n, label, t, a in fields)
        return self._layout("Register as a supplier", f"""<h1>Register as a supplier</h1>
<p>Registration is free. You need an account to submit a bid, not to read tenders or documents.</p>
<form method="post" action="/suppliers/register">{inputs}
<label for="size">Organisation size</label><select id="size" name="size"><option>Micro</option><option>Small</option>
<option>Medium</option><option>Large</option></select><button type="submit">Create account</button></form>""")

    def _sign_in(self) -> str:
        return self._layout("Sign in", """<h1>Sign in</h1><form method="post" action="/suppliers/sign-in">
<label for="username">Email address</label><input id="username" name="username" autocomplete="username" required>
<label for="password">Password</label><input id="password" name="password" type="password"
 autocomplete="current-password" required><button type="submit">Sign in</button></form>
<p><a href="/suppliers/register">Register as a supplier</a></p>""")

    def _statement(self) -> str:
        return self._layout("Accessibility statement", f"""<h1>Accessibility statement</h1>
<p>Benchmark Borough Council is committed to making its tender portal accessible, in accordance with the
Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018.</p>
<h2>Compliance status</h2><p>This website is partially compliant with the Web Content Accessibility Guidelines
version 2.2 AA standard.</p>{filler(3, 3)}<p>This statement was prepared on 1 March 2026.</p>""")

    def _open_data(self) -> str:
        return self._layout("Open contracting data", f"""<h1>Open contracting data</h1>
<p>Every notice is published as open data under the Open Government Licence.</p>
<p><a href="{CSV_PATH}">All open tenders (CSV)</a></p>{filler(4, 2)}""")

    def _contact(self) -> str:
        return self._layout("Contact", f"""<h1>Contact the procurement team</h1>
<p>Email <a href="mailto:procurement@example.invalid">procurement@example.invalid</a> or call 0300 000 0000.</p>
{filler(5, 2)}""")

    def _guide(self, n: int) -> str:
        others = "".join(f'<li><a href="/guidance/{k}">{_guide_title(k)}</a></li>'
                         for k in range(1, self.guides + 1) if k != n)
        return self._layout(_guide_title(n), f"""<h1>{_guide_title(n)}</h1>{filler(n, 6)}
<h2>More guidance</h2><ul>{others}</ul>""")

    def _calendar(self, index: int) -> str:
        month = MONTHS[index]
        year, number = int(month[:4]), int(month[5:])
        label = f"{calendar.month_name[number]} {year}"
        days = "".join("<tr>" + "".join(f"<td>{day if 1 <= day <= 28 else ''}</td>" for day in range(w * 7 - 2, w * 7 + 5))
                       + "</tr>" for w in range(5))
        heads = "".join(f'<th scope="col">{d}</th>' for d in ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"))
        moves = [f'<a href="{_month_path(index - 1)}">Previous month</a>' if index > 0 else "",
                 f'<a href="{_month_path(index + 1)}">Next month</a>' if index + 1 < self.months else ""]
        return self._layout(f"Events: {label}", f"""<h1>Supplier events: {label}</h1>
<p>{' | '.join(m for m in moves if m)}</p>
<table class="calendar"><caption>Events in {label}</caption><thead><tr>{heads}</tr></thead><tbody>{days}</tbody></table>
<p>Meet the buyer: 12 {label}, 10:00, Council Offices.</p>""")


def _month_path(index: int) -> str:
    """The first month is the calendar's own page: one URL for it, as a crawl must see it."""
    return "/calendar" if index == 0 else f"/calendar?month={MONTHS[index]}"


def _ref(i: int) -> str:
    return f"BBC-{i:04d}"


def _number(ref: str) -> int | None:
    digits = ref.removeprefix("BBC-")
    return int(digits) if ref.startswith("BBC-") and digits.isdigit() else None


def _subject(i: int) -> str:
    return f"{SUBJECTS[i % len(SUBJECTS)]} lot {i}"


def _guide_title(n: int) -> str:
    return GUIDES[(n - 1) % len(GUIDES)] + (f" (part {(n - 1) // len(GUIDES) + 1})" if n > len(GUIDES) else "")


def _closing(i: int) -> str:
    return f"{1 + i % 28} {('May', 'June', 'July', 'August')[i % 4]} 2026"


class _CouncilHandler(_RecordingHandler):
    def do_GET(self) -> None:
        self.record()
        found = self.server.council.respond(self.path)  # type: ignore[attr-defined]
        if found is None:
            self.send(404, page_html("Page not found", "<h1>Page not found</h1>"))
        else:
            self.send(200, found.body, found.content_type)

    do_HEAD = do_GET


@contextmanager
def serve_council(pages: int) -> Iterator[SamplePortal]:
    """The council portal of exactly `pages` HTML pages on 127.0.0.1, for the benchmark."""
    site = CouncilSite(pages)
    requests: list[Request] = []
    with _running(_CouncilHandler, council=site, requests=requests) as base:
        yield SamplePortal("Benchmark Borough Council", "council", base + "/", site.truth(), requests)
