"""The sample portals: the server's behaviours, and truth.json checked against the sites themselves.

Everything here talks only to servers this module starts on 127.0.0.1; no browser.
"""
from __future__ import annotations

import importlib.util
import io
import json
import re
import sys
import time
import urllib.error
import urllib.request
import zipfile
from collections import deque
from pathlib import Path
from urllib.parse import parse_qsl, quote, urlencode, urljoin, urlsplit, urlunsplit

import pikepdf
import pytest
from bs4 import BeautifulSoup
from protego import Protego

from auditor.samples.server import available, demo_slugs, serve_generated, serve_samples
from auditor.samples.site import SAMPLES_DIR

DOCUMENT_SUFFIXES = (".pdf", ".docx", ".doc", ".zip")
SLUGS = ["faults-portal", "legacy-portal", "legacy-walled", "notice-service", "open-portal", "spa-portal",
         "vendor-host", "walled-portal", "webforms-portal"]
# the samples whose truth.json is also checked by a plain link crawl of their one host
ONE_HOST = ["faults-portal", "legacy-portal", "open-portal", "spa-portal", "walled-portal"]
HOST_PATH = re.compile(r"\{\{host:([a-z0-9-]+)\}\}")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def fetch(url: str, method: str = "GET", data: bytes | None = None,
          headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    """One request, redirects not followed, HTTP errors returned rather than raised."""
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with _OPENER.open(request, timeout=10) as response:
            return response.status, dict(response.headers.items()), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers.items()), error.read()


@pytest.fixture(scope="module")
def portals():
    with serve_samples() as running:
        yield running


def base(portal) -> str:
    parts = urlsplit(portal.url)
    return f"{parts.scheme}://{parts.netloc}"


def site_dir(slug: str) -> Path:
    return SAMPLES_DIR / slug / "site"


def file_for(slug: str, path: str) -> Path:
    """The file behind a truth path, on the portal or on a companion host ({{host:name}}/...)."""
    if match := HOST_PATH.match(path):
        return SAMPLES_DIR / slug / "hosts" / match.group(1) / "site" / path[match.end():].lstrip("/")
    return site_dir(slug) / path.lstrip("/")


def test_every_portal_is_served_and_demo_leaves_out_the_faults_portal(portals):
    assert sorted(portals) == SLUGS == available()
    assert demo_slugs() == ["legacy-portal", "notice-service", "open-portal", "spa-portal", "walled-portal"]
    for slug, portal in portals.items():
        assert portal.url.startswith("http://127.0.0.1:")
        assert portal.truth["slug"] == slug
        status, headers, body = fetch(portal.url)
        assert status == 200, slug
        assert headers["Content-Type"].startswith("text/html"), slug
        assert b"<title>" in body
    assert portals["open-portal"].name == "Northshire Council Contracts"


def test_unknown_portal_is_refused():
    with pytest.raises(ValueError, match="no-such-portal"):
        with serve_samples(["no-such-portal"]):
            pass


def test_robots_txt(portals):
    for slug, portal in portals.items():
        status, headers, body = fetch(base(portal) + "/robots.txt")
        assert status == 200 and headers["Content-Type"].startswith("text/plain"), slug
    robots = fetch(base(portals["open-portal"]) + "/robots.txt")[2].decode()
    assert "Disallow: /admin/" in robots and "Disallow: /search?" in robots
    assert "Disallow: /private/" in fetch(base(portals["faults-portal"]) + "/robots.txt")[2].decode()


def test_content_types_and_head(portals):
    open_portal, legacy = base(portals["open-portal"]), base(portals["legacy-portal"])
    expected = {
        open_portal + "/documents/NS-2026-0042/specification.pdf": "application/pdf",
        open_portal + "/documents/NS-2026-0041/pricing-schedule.docx":
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        open_portal + "/api/ocds/releases.json": "application/json",
        open_portal + "/export/notices.csv": "text/csv",
        open_portal + "/feeds/notices.atom": "application/atom+xml",
        open_portal + "/assets/govuk.css": "text/css",
        open_portal + "/assets/crest.svg": "image/svg+xml",
        legacy + "/tenders/docs/wc-2026-017-form-of-tender.doc": "application/msword",
        legacy + "/images/spacer.gif": "image/gif",
        legacy + "/scripts/common.js": "text/javascript",
        legacy + "/business.htm": "text/html",
    }
    for url, content_type in expected.items():
        status, headers, _ = fetch(url)
        assert status == 200 and headers["Content-Type"].split(";")[0] == content_type, url
    pdf = site_dir("open-portal") / "documents/NS-2026-0042/specification.pdf"
    status, headers, body = fetch(open_portal + "/documents/NS-2026-0042/specification.pdf", "HEAD")
    assert (status, body) == (200, b"")
    assert int(headers["Content-Length"]) == pdf.stat().st_size


def test_faults_portal_errors_redirects_and_loop(portals):
    root = base(portals["faults-portal"])
    assert fetch(root + "/error")[0] == 500
    assert fetch(root + "/missing.html")[0] == 404
    status, headers, _ = fetch(root + "/old-page")
    assert (status, headers["Location"]) == (301, "/clean.html")
    assert fetch(root + "/loop/a")[1]["Location"] == "/loop/b"
    assert fetch(root + "/loop/b")[1]["Location"] == "/loop/a"
    assert fetch(root + "/../../etc/passwd")[0] == 404
    for duplicate in ("/clean.html;jsessionid=0A1B2C3D4E5F", "/clean.html?utm_source=x", "/dup", "/dup/"):
        assert fetch(root + duplicate)[0] == 200, duplicate


def test_slow_page_is_slow(portals):
    started = time.monotonic()
    assert fetch(base(portals["faults-portal"]) + "/slow.html", "HEAD")[0] == 200
    assert time.monotonic() - started >= 2.9


def test_calendar_makes_a_new_url_every_month(portals):
    url = base(portals["legacy-portal"]) + "/events"
    seen = []
    for _ in range(14):
        status, _, body = fetch(url)
        assert status == 200
        seen.append(url)
        soup = BeautifulSoup(body, "html.parser")
        url = urljoin(url, soup.find("a", string="Next month")["href"])
    assert len(set(seen)) == len(seen)
    assert seen[-1].endswith("?month=2027-12")
    assert b"November 2026" in fetch(base(portals["legacy-portal"]) + "/events?month=junk")[2]


def _sign_in(root: str, path: str, password: str, next_path: str | None = None):
    account = json.loads((SAMPLES_DIR / "walled-portal/portal.json").read_text())["account"]
    query = f"?next={next_path}" if next_path else ""
    form = urlencode({"username": account["username"], "password": password}).encode()
    return fetch(root + path + query, "POST", form,
                 {"Content-Type": "application/x-www-form-urlencoded"})


def test_walled_portal_documents_need_the_test_account(portals):
    portal = portals["walled-portal"]
    root, document = base(portal), "/tender/docs/EM-0871/tender-pack.zip"
    status, headers, _ = fetch(root + document)
    assert status == 302 and headers["Location"] == "/login?next=%2Ftender%2Fdocs%2FEM-0871%2Ftender-pack.zip"
    assert fetch(root + "/tender/notice/EM-0871")[0] == 200

    status, headers, body = _sign_in(root, "/login", "wrong-password", document)
    assert status == 200 and "Set-Cookie" not in headers and b"incorrect" in body

    password = json.loads((SAMPLES_DIR / "walled-portal/portal.json").read_text())["account"]["password"]
    status, headers, _ = _sign_in(root, "/login", password, document)
    assert status == 303 and headers["Location"] == document
    cookie = headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    session = {"Cookie": cookie.split(";")[0]}
    status, headers, body = fetch(root + document, headers=session)
    assert status == 200 and headers["Content-Type"] == "application/zip"
    assert zipfile.ZipFile(io.BytesIO(body)).namelist()

    status, headers, _ = fetch(root + "/logout", headers=session)
    assert status == 302 and "Max-Age=0" in headers["Set-Cookie"]
    assert fetch(root + document, headers={"Cookie": "session=forged"})[0] == 302
    assert not any(password in json.dumps(request) for request in portal.requests)


def test_faults_portal_wall_modes(portals):
    root = base(portals["faults-portal"])
    status, headers, _ = fetch(root + "/members/basic/")
    assert status == 401 and "WWW-Authenticate" in headers
    assert fetch(root + "/members/basic")[0] == 401
    assert fetch(root + "/members/forbidden/")[0] == 403
    status, _, body = fetch(root + "/members/form/")
    assert status == 200 and b'type="password"' in body and b"Members area" not in body
    assert fetch(root + "/members/redirect/")[1]["Location"].startswith("/login?next=")

    account = json.loads((SAMPLES_DIR / "faults-portal/portal.json").read_text())["account"]
    form = urlencode(account).encode()
    status, headers, _ = fetch(root + "/login", "POST", form,
                               {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 303
    session = {"Cookie": headers["Set-Cookie"].split(";")[0]}
    for area in ("redirect", "basic", "forbidden", "form"):
        status, _, body = fetch(f"{root}/members/{area}/", headers=session)
        assert status == 200 and b"Members area" in body, area
    assert fetch(root + "/clean.html", "POST", b"x=1")[0] == 405


def test_requests_are_recorded_with_headers(portals):
    portal = portals["spa-portal"]
    fetch(base(portal) + "/api/notices.json?probe=1", headers={"X-Probe": "yes"})
    method, path, headers = portal.requests[-1]
    assert (method, path, headers["X-Probe"]) == ("GET", "/api/notices.json?probe=1", "yes")


def _links(html: bytes, page_url: str) -> list[tuple[str, str]]:
    """(tag, absolute URL or raw href) for every reference in a page."""
    soup = BeautifulSoup(html, "html.parser")
    found = []
    for tag, attribute in (("a", "href"), ("link", "href"), ("img", "src"), ("script", "src"),
                           ("form", "action")):
        for element in soup.find_all(tag):
            value = element.get(attribute)
            if value is not None:
                found.append((tag, urljoin(page_url, value) if ":" not in value.split("/")[0] else value))
    return found


def test_every_link_in_every_static_page_resolves(portals):
    for slug, portal in portals.items():
        truth, root = portal.truth, base(portal)
        slow = json.loads((SAMPLES_DIR / slug / "portal.json").read_text()).get("slow", {})
        allowed_errors = truth.get("error_pages", {})
        hosts = {urlsplit(b).netloc for b in portal.hosts.values()}
        files = [f for f in site_dir(slug).rglob("*") if f.suffix in (".html", ".htm", ".aspx")]
        assert files, slug
        for file in files:
            relative = "/" + file.relative_to(site_dir(slug)).as_posix()
            page = HOST_PATH.sub(lambda m: portal.hosts[m.group(1)], file.read_text())
            for tag, url in _links(page.encode(), root + relative):
                parts = urlsplit(url)
                if parts.scheme in ("javascript", "mailto"):
                    continue
                if parts.netloc in hosts:
                    assert fetch(url, "HEAD")[0] in (200, 302), (file, url)
                    continue
                if parts.netloc != urlsplit(root).netloc:
                    assert url == "http://example.invalid/" and slug == "faults-portal", (file, url)
                    continue
                if parts.path in slow or (tag == "form" and parts.path == "/search"):
                    continue
                status = fetch(urlunsplit(("http", parts.netloc, parts.path, parts.query, "")), "HEAD")[0]
                assert status != 404 or allowed_errors.get(parts.path) == 404, (file, url)
                assert status != 500 or allowed_errors.get(parts.path) == 500, (file, url)
    notices = json.loads((site_dir("spa-portal") / "api/notices.json").read_text())["notices"]
    for document in (d for n in notices for d in n["documents"]):
        assert fetch(base(portals["spa-portal"]) + document["url"], "HEAD")[0] == 200


_URL = re.compile(r"(xmlns(?::\w+)?=\")?https?://([^/\s\"'<>)]+)")


def test_no_page_or_file_references_another_host():
    """Only XML namespace names and the .invalid test domain may name a host."""
    for slug in SLUGS:
        for file in site_dir(slug).rglob("*"):
            if file.suffix not in (".html", ".htm", ".css", ".js", ".json", ".csv", ".atom", ".svg", ".txt"):
                continue
            for namespace, host in _URL.findall(file.read_text()):
                assert namespace or host == "example.invalid", (file, host)


def _key(url: str) -> str:
    """Same page, same key: no fragment, session id, tracking parameter or trailing slash."""
    parts = urlsplit(url)
    path = re.sub(r";jsessionid=[^/?#]*", "", parts.path, flags=re.I).rstrip("/") or "/"
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if not k.startswith("utm_")])
    return path + ("?" + query if query else "")


def crawl(portal) -> tuple[dict[str, int], dict[str, BeautifulSoup], dict[str, int]]:
    """Breadth-first over real <a href> links, as truth.json defines depth; HTML pages only.

    Returns page depths, parsed pages and, for each document linked, its fewest clicks.
    """
    truth, root = portal.truth, base(portal)
    robots = Protego.parse(fetch(root + "/robots.txt")[2].decode())
    skip = {truth.get("traps", {}).get("calendar")} | set(truth.get("login_walls", {}))
    depths, pages, documents = {_key(truth["start_path"]): 0}, {}, {}
    queue = deque([(root + truth["start_path"], 0)])
    while queue and len(depths) < 200:
        url, depth = queue.popleft()
        status, headers, body = fetch(url)
        if status != 200 or not headers["Content-Type"].startswith("text/html"):
            continue
        pages[_key(url)] = BeautifulSoup(body, "html.parser")
        for anchor in pages[_key(url)].find_all("a", href=True):
            target = urljoin(url, anchor["href"])
            parts = urlsplit(target)
            if parts.netloc != urlsplit(root).netloc or not robots.can_fetch(target, "*"):
                continue
            if parts.path.endswith(DOCUMENT_SUFFIXES):
                documents.setdefault(parts.path, depth + 1)
            elif _key(target) not in depths and parts.path not in skip \
                    and (parts.path.rstrip("/") + "/") not in skip:
                depths[_key(target)] = depth + 1
                queue.append((target, depth + 1))
    return {k: d for k, d in depths.items() if k in pages}, pages, documents


@pytest.mark.parametrize("slug", ONE_HOST)
def test_truth_matches_the_site(portals, slug):
    portal = portals[slug]
    truth, root = portal.truth, base(portal)
    depths, pages, documents = crawl(portal)
    static_pages = [p for p in truth["pages"] if "#" not in p["path"]]
    assert depths == {_key(p["path"]): p["depth"] for p in static_pages}

    notices = [p for p in truth["pages"] if p["type"] == "notice"]
    assert truth["notices_found"] == len(notices)
    assert truth["clicks_to_notice"] == min((p["depth"] for p in notices), default=None)
    for path in truth["unreachable_by_links"]:
        assert "#" in path or _key(path) not in depths
        assert "#" in path or fetch(root + path)[0] == 200

    if "#" not in "".join(p["path"] for p in notices):
        linked = {url for p in notices for a in pages[_key(p["path"])].find_all("a", href=True)
                  if (url := urlsplit(urljoin(root + p["path"], a["href"])).path).endswith(DOCUMENT_SUFFIXES)}
        assert linked == set(truth["documents"]["paths"])
    public = [d for path, d in documents.items() if fetch(root + path, "HEAD")[0] == 200]
    if not truth.get("hash_routes"):
        assert truth["clicks_to_documents"] == min(public, default=None)
    assert truth["documents_require_login"] == any(
        fetch(root + path, "HEAD")[0] == 302 for path in truth["documents"]["paths"])

    for disallowed in truth["robots_disallowed"]:
        assert not Protego.parse(fetch(root + "/robots.txt")[2].decode()).can_fetch(root + disallowed, "*")
    for kind in ("accessibility_statement", "registration"):
        if truth[kind]["found"]:
            assert _key(truth[kind]["path"]) in depths, kind
    for path in truth["open_data"]["paths"]:
        assert fetch(root + path)[0] == 200


def _pdf_kind(data: bytes) -> str:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        if "/StructTreeRoot" in pdf.Root and pdf.Root.get("/MarkInfo", {}).get("/Marked"):
            assert "/Lang" in pdf.Root and "/Title" in pdf.docinfo
            return "tagged"
        content = b"".join(page.obj.Contents.read_bytes() for page in pdf.pages)
        return "untagged" if b"BT" in content else "scanned"


@pytest.mark.parametrize("slug", SLUGS)
def test_document_counts_in_truth_match_the_files(slug):
    truth = json.loads((SAMPLES_DIR / slug / "truth.json").read_text())["documents"]
    paths = truth["paths"]
    assert truth["count"] == len(paths)
    formats: dict[str, int] = {}
    for path in paths:
        formats[path.rsplit(".", 1)[1]] = formats.get(path.rsplit(".", 1)[1], 0) + 1
    assert formats == truth["formats"]
    assert truth["zip_bundles"] == formats.get("zip", 0)
    kinds = [_pdf_kind(file_for(slug, p).read_bytes()) for p in paths if p.endswith(".pdf")]
    assert truth["pdf_tagged"] == kinds.count("tagged")
    assert truth["pdf_scanned"] == kinds.count("scanned")
    assert truth["pdf_untagged"] == kinds.count("untagged") + kinds.count("scanned")
    for path in paths:
        assert file_for(slug, path).stat().st_size < 50_000


@pytest.mark.parametrize("slug", ["open-portal", "walled-portal"])
def test_registration_truth_matches_the_form(slug):
    truth = json.loads((SAMPLES_DIR / slug / "truth.json").read_text())["registration"]
    soup = BeautifulSoup((site_dir(slug) / (truth["path"].lstrip("/") + ".html")).read_text(), "html.parser")
    fields = [f for f in soup.form.find_all(["input", "select", "textarea"])
              if f.get("type") not in ("hidden", "submit", "reset", "button", "image")]

    def label(field) -> str:
        element = soup.find("label", attrs={"for": field.get("id")})
        return element.get_text() if element else ""

    required = [f for f in fields if f.has_attr("required") or f.get("aria-required") == "true"
                or "*" in label(f)]
    assert (truth["fields"], truth["required_fields"]) == (len(fields), len(required))
    has_captcha = bool(soup.select(".g-recaptcha")) or any("captcha" in f.get("name", "") for f in fields)
    assert truth["captcha"] == has_captcha


def test_committed_documents_match_the_generator():
    spec = importlib.util.spec_from_file_location(
        "make_sample_documents", Path(__file__).resolve().parent.parent / "scripts/make_sample_documents.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module     # dataclasses look their module up while being defined
    spec.loader.exec_module(module)
    generated = module.documents()
    assert generated == module.documents()
    for relative, data in generated.items():
        assert (SAMPLES_DIR / relative).read_bytes() == data, relative


def test_generated_portal_has_exactly_the_pages_asked_for():
    with serve_generated(60) as portal:
        depths, pages, _ = crawl(portal)
        assert len(pages) == 60 == portal.truth["page_count"]
        assert sum(1 for key in pages if key.startswith("/notices/")) == portal.truth["notices_found"]
        sizes = [len(fetch(base(portal) + path)[2]) for path in ("/", "/notices/1", "/opportunities/page/1")]
        assert all(2_500 < size < 7_000 for size in sizes), sizes
        assert {urlsplit(portal.url).netloc} == {r[2]["Host"] for r in portal.requests}


def _post(url: str, form: dict[str, str], cookie: str = "") -> tuple[int, dict[str, str], bytes]:
    return fetch(url, "POST", urlencode(form).encode(), {"Content-Type": "application/x-www-form-urlencoded",
                                                         **({"Cookie": cookie} if cookie else {})})


def _account(slug: str, host: str | None = None) -> dict[str, str]:
    where = SAMPLES_DIR / slug / ("portal.json" if host is None else f"hosts/{host}/host.json")
    return json.loads(where.read_text())["account"]


def test_legacy_walled_documents_page_redirects_to_a_sign_in_form_without_labels(portals):
    root = base(portals["legacy-walled"])
    status, headers, _ = fetch(root + "/tenders/docs/WM101.htm")
    assert status == 302 and headers["Location"] == "/logon.htm?ReturnUrl=%2Ftenders%2Fdocs%2FWM101.htm"
    form = BeautifulSoup(fetch(root + "/logon.htm")[2], "html.parser").form
    assert not form.find("label") and not form.find("input", attrs={"id": True, "autocomplete": True})
    account = _account("legacy-walled")
    status, _, body = _post(root + headers["Location"], {"u": account["username"], "p": "wrong"})
    assert status == 200 and b'role="alert"' in body and b"User name" in body   # the site's own page again
    status, headers, _ = _post(root + "/logon.htm?ReturnUrl=%2Ftenders%2Fdocs%2FWM101.htm",
                               {"u": account["username"], "p": account["password"]})
    assert status == 303 and headers["Location"] == "/tenders/docs/WM101.htm"


def test_webforms_sign_in_needs_the_postback_of_its_sign_in_control(portals):
    root, account = base(portals["webforms-portal"]), _account("webforms-portal")
    fields = {account["username_field"]: account["username"], account["password_field"]: account["password"]}
    assert b"Log in" in _post(root + "/Login.aspx", fields)[2]                      # Enter alone: refused
    status, headers, _ = _post(root + "/Login.aspx", {**fields, "__VIEWSTATE": "x", "__EVENTTARGET": account["postback"]})
    assert status == 303 and "session=" in headers["Set-Cookie"]


def test_two_step_sign_in_on_the_buyer_host(portals):
    portal = portals["notice-service"]
    buyer, account = portal.hosts["buyer"], _account("notice-service", "buyer")
    assert buyer.startswith("http://127.0.0.1:") and buyer != base(portal)        # another host:port
    status, headers, _ = fetch(buyer + "/tender/102/documents")
    assert status == 302 and headers["Location"] == "/signin?next=%2Ftender%2F102%2Fdocuments"
    status, headers, _ = _post(buyer + headers["Location"], {"email": account["username"]})
    assert status == 303 and headers["Location"] == "/signin/password?next=%2Ftender%2F102%2Fdocuments"
    pending = headers["Set-Cookie"].split(";")[0]
    status, headers, _ = _post(buyer + headers["Location"], {"password": account["password"]}, pending)
    assert status == 303 and headers["Location"] == "/tender/102/documents"
    session = headers["Set-Cookie"].split(";")[0]
    assert fetch(buyer + "/files/102/specification.pdf", headers={"Cookie": session})[0] == 200
    # the pending step is used up, and a password alone never signs in
    assert "Set-Cookie" not in _post(buyer + "/signin/password", {"password": account["password"]}, pending)[1]


def test_single_sign_on_through_the_identity_host_returns_to_the_portal(portals):
    portal = portals["vendor-host"]
    root, identity, account = base(portal), portal.hosts["identity"], _account("vendor-host", "identity")
    status, headers, _ = fetch(root + "/ashby/documents/AS-301")
    assert status == 302 and headers["Location"] == "/ashby/login?returnUrl=%2Fashby%2Fdocuments%2FAS-301"
    status, headers, _ = fetch(root + headers["Location"])
    assert status == 302 and headers["Location"].startswith(identity + "/authorize?return_to=")
    page = fetch(headers["Location"])[2]
    assert b"approval can take up to 5 working days" in page
    status, headers, _ = _post(headers["Location"], {"ident": account["username"], "secret": account["password"]})
    assert status == 303 and headers["Location"].startswith(root + "/sso/callback?next=%2Fashby%2Fdocuments%2FAS-301")
    callback = headers["Location"]
    status, headers, _ = fetch(callback)
    assert status == 303 and headers["Location"] == "/ashby/documents/AS-301" and "session=" in headers["Set-Cookie"]
    assert fetch(callback)[0] == 403                                              # a ticket works once
    evil = identity + "/authorize?return_to=" + quote("http://example.invalid/steal", safe="")
    assert _post(evil, {"ident": account["username"], "secret": account["password"]})[1]["Location"].startswith("/?")


def test_keyword_search_lists_the_matching_notices(portals):
    root = base(portals["notice-service"])
    status, _, body = fetch(root + "/search?q=roads")
    links = [a.get_text() for a in BeautifulSoup(body, "html.parser").select("li.app-result a")]
    assert status == 200 and links == ["Highway resurfacing", "Highway drainage maintenance"]
    page = fetch(root + "/search?q=%3Cscript%3E")[2]
    assert b"<script>" not in page and b"No opportunities match" in page
    assert len(BeautifulSoup(fetch(root + "/search")[2], "html.parser").select("li.app-result a")) == 4
