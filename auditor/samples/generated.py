"""A portal of any size, made in code, for the crawl throughput benchmark.

The shape is the common one (home, paginated listing, notice pages, a few information pages)
and each page weighs what a real portal page does (3-6 KB of HTML: header, navigation, a table,
footer), so pages per second measured here say something about real crawls.
"""
from __future__ import annotations

import html
import math

PER_PAGE = 20
INFO_PAGES = {"/about": "About this portal", "/how-to-bid": "How to bid",
              "/accessibility": "Accessibility statement", "/contact": "Contact the procurement team"}
SUBJECTS = ("Highway maintenance", "School catering", "Cleaning services", "ICT support",
            "Legal advice panel", "Fleet leasing", "Grounds maintenance", "Waste collection",
            "Building repairs", "Energy supply", "Care at home", "Library books")
BUYERS = ("Generated Borough Council", "Generated Fire Authority", "Generated Schools Trust",
          "Generated Housing Association")
PROCEDURES = ("Open", "Restricted", "Competitive flexible", "Direct award")

STYLE = """body{font-family:Arial,sans-serif;margin:0;color:#0b0c0c}header{background:#1d3557;color:#fff;padding:1rem}
header a{color:#fff}nav ul{list-style:none;display:flex;gap:1rem;padding:0}main{padding:1rem 2rem;max-width:60rem}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #b1b4b6;padding:.4rem;text-align:left}
footer{border-top:4px solid #1d3557;padding:1rem 2rem;font-size:.9rem}a{color:#1d4ed8}"""


class GeneratedSite:
    """Exactly `pages` reachable HTML pages: home, info pages, listings, notices, guides."""

    def __init__(self, pages: int, prefix: str = "") -> None:
        """`prefix` ("/buyer-2") puts the portal under a path, as vendor platforms host their buyers."""
        self.prefix = prefix.rstrip("/")
        fixed = 1 + len(INFO_PAGES)
        if pages < fixed + 2:
            raise ValueError(f"a generated portal needs at least {fixed + 2} pages")
        rest = pages - fixed
        self.notices = max(m for m in range(1, rest) if m + math.ceil(m / PER_PAGE) <= rest)
        self.listings = math.ceil(self.notices / PER_PAGE)
        self.guides = rest - self.notices - self.listings
        self.pages = pages

    def truth(self) -> dict:
        return {"start_path": "/", "page_count": self.pages, "notices_found": self.notices,
                "listing_pages": self.listings, "external_requests": 0}

    def page(self, path: str) -> str | None:
        """The HTML for a path, or None if the portal has no such page."""
        if self.prefix:
            if path != self.prefix and not path.startswith(self.prefix + "/"):
                return None
            path = path[len(self.prefix):] or "/"
        body = self._page(path)
        return body.replace('href="/', f'href="{self.prefix}/') if body and self.prefix else body

    def _page(self, path: str) -> str | None:
        if path == "/":
            return self._home()
        if path in INFO_PAGES:
            return self._info(path)
        prefix, _, number = path.rpartition("/")
        if not number.isdigit():
            return None
        n = int(number)
        if prefix == "/opportunities/page" and 1 <= n <= self.listings:
            return self._listing(n)
        if prefix == "/notices" and 1 <= n <= self.notices:
            return self._notice(n)
        if prefix == "/guides" and 1 <= n <= self.guides:
            return self._layout(f"Buyer guide {n}", f"<h1>Buyer guide {n}</h1>" + filler(n, 8))
        return None

    def _layout(self, title: str, body: str) -> str:
        nav = "".join(f'<li><a href="{href}">{text}</a></li>' for href, text in (
            ("/", "Home"), ("/opportunities/page/1", "Opportunities"), ("/how-to-bid", "How to bid"),
            ("/about", "About"), ("/contact", "Contact")))
        foot = " | ".join(f'<a href="{href}">{text}</a>' for href, text in INFO_PAGES.items())
        return (f'<!DOCTYPE html>\n<html lang="en-GB"><head><meta charset="utf-8">'
                f'<meta name="viewport" content="width=device-width, initial-scale=1">'
                f"<title>{html.escape(title)} - Generated Borough Tenders</title><style>{STYLE}</style></head>\n"
                f'<body><a href="#main">Skip to main content</a><header><p>Generated Borough Tenders</p>'
                f'<nav aria-label="Main"><ul>{nav}</ul></nav></header>\n<main id="main">{body}</main>\n'
                f"<footer><p>{foot}</p><p>&copy; 2026 Generated Borough Council. All notices are "
                f"published under the Open Government Licence.</p></footer></body></html>\n")

    def _home(self) -> str:
        guides = "".join(f'<li><a href="/guides/{n}">Buyer guide {n}</a></li>'
                         for n in range(1, self.guides + 1))
        latest = "".join(f'<li><a href="/notices/{n}">{_subject(n)}</a></li>'
                         for n in range(1, min(self.notices, 5) + 1))
        return self._layout("Home", f"""<h1>Find and bid for council contracts</h1>
<p>We publish every opportunity worth more than &pound;5,000. There are {self.notices} open notices.</p>
<p><a href="/opportunities/page/1">Browse all opportunities</a></p>
<h2>Latest opportunities</h2><ul>{latest}</ul>{f'<h2>Guides</h2><ul>{guides}</ul>' if guides else ''}
{filler(0, 5)}""")

    def _info(self, path: str) -> str:
        title = INFO_PAGES[path]
        return self._layout(title, f"<h1>{title}</h1>" + filler(len(path), 8))

    def _listing(self, n: int) -> str:
        first = (n - 1) * PER_PAGE + 1
        rows = "".join(
            f'<tr><td><a href="/notices/{i}">{_subject(i)} (GB-2026-{i:05d})</a></td>'
            f"<td>{BUYERS[i % len(BUYERS)]}</td><td>&pound;{contract_value(i):,}</td><td>{_closing(i)}</td></tr>"
            for i in range(first, min(first + PER_PAGE, self.notices + 1)))
        pages = "".join(f'<li><a href="/opportunities/page/{k}">{k}</a></li>'
                        for k in range(max(1, n - 2), min(self.listings, n + 2) + 1) if k != n)
        next_link = f'<li><a href="/opportunities/page/{n + 1}">Next page</a></li>' if n < self.listings else ""
        return self._layout(f"Opportunities, page {n} of {self.listings}", f"""<h1>Opportunities</h1>
<p>Page {n} of {self.listings}</p>
<table><caption>Open opportunities</caption><thead><tr><th scope="col">Title</th><th scope="col">Buyer</th>
<th scope="col">Value</th><th scope="col">Closing date</th></tr></thead><tbody>{rows}</tbody></table>
<nav aria-label="Pagination"><ul>{pages}{next_link}</ul></nav>""")

    def _notice(self, i: int) -> str:
        listing = (i - 1) // PER_PAGE + 1
        facts = (("Reference", f"GB-2026-{i:05d}"), ("Buyer", BUYERS[i % len(BUYERS)]),
                 ("Contract value", f"&pound;{contract_value(i):,}"), ("Closing date", _closing(i)),
                 ("Procedure type", PROCEDURES[i % len(PROCEDURES)]),
                 ("CPV code", f"{45000000 + i * 1000 % 5000000:08d}"))
        rows = "".join(f'<tr><th scope="row">{k}</th><td>{v}</td></tr>' for k, v in facts)
        return self._layout(_subject(i), f"""<h1>{_subject(i)}</h1>
<table><caption>Notice details</caption><tbody>{rows}</tbody></table>
<h2>Description</h2>{filler(i, 6)}
<p><a href="/opportunities/page/{listing}">Back to opportunities</a></p>""")


def _subject(i: int) -> str:
    return f"{SUBJECTS[i % len(SUBJECTS)]} lot {i}"


def contract_value(i: int) -> int:
    return 25_000 + (i * 7919) % 2_000_000


def _closing(i: int) -> str:
    return f"{1 + i % 28} {('April', 'May', 'June', 'July')[i % 4]} 2026"


def filler(seed: int, paragraphs: int) -> str:
    """Plain paragraphs of procurement prose, the same for the same seed: pages differ, runs do not."""
    sentences = ("Suppliers of every size are welcome to bid.",
                 "Ask clarification questions through the portal before the deadline.",
                 "We assess bids on quality, price and social value.",
                 "Contracts above the threshold are also published on the national service.",
                 "Small and medium-sized enterprises may form consortia to bid together.",
                 "We pay undisputed invoices within 30 days.")
    return "".join("<p>" + " ".join(sentences[(seed + p + k) % len(sentences)] for k in range(4)) + "</p>"
                   for p in range(paragraphs))
