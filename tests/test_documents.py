"""Document probing: pure analysis on documents built in memory, then the network probe
against a small HTTP server on 127.0.0.1 that plays a tender portal's document store."""
from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections import Counter
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from auditor.documents import (DamagedArchive, DocumentProber, inspect_office, inspect_pdf,
                               inspect_zip, login_wall_evidence, probe_document, sniff_format)
from auditor.documents import containers
from auditor.documents.walls import password_field_served
from auditor.documents.pdf import PAGES_CHECKED
from auditor.policy import DisallowedByRobots
from auditor.politeness import RobotsRules
from checks.access import document_wall
from tests import docfactory

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


# --- sniff_format ----------------------------------------------------------------------------

def test_magic_bytes_beat_every_claim():
    assert sniff_format(docfactory.pdf_with_text(), "text/html", "", "https://x/a.docx") == \
        ("pdf", "magic bytes %PDF")


def test_pdf_url_serving_html_is_html():
    page = b"<!DOCTYPE html><html><head><title>Sign in</title></head><body></body></html>"
    assert sniff_format(page, "text/html", "", "https://x/spec.pdf")[0] == "html"
    assert sniff_format(b"\xef\xbb\xbf\n  <html lang=en>", "", "", "https://x/spec.pdf")[0] == "html"


def test_declarations_in_order_disposition_type_extension():
    octet = "application/octet-stream"
    assert sniff_format(b"", octet, 'attachment; filename="Spec v2.docx"', "https://x/get?id=7") == \
        ("docx", "Content-Disposition filename=Spec v2.docx")
    assert sniff_format(b"", "application/vnd.ms-excel", "attachment", "https://x/a.pdf") == \
        ("xls", "Content-Type application/vnd.ms-excel")
    assert sniff_format(b"", octet, "", "https://x/files/Lot%201.ODS") == ("ods", "URL extension .ods")
    assert sniff_format(b"", "text/plain", "", "https://x/prices.csv")[0] == "csv"
    assert sniff_format(b"", "text/plain", "", "https://x/readme")[0] == "txt"
    assert sniff_format(b"", octet, "", "https://x/get?id=7")[0] == "unknown"


def test_rfc5987_filename():
    disposition = "attachment; filename*=UTF-8''Cahier%20des%20charges.pdf"
    assert sniff_format(b"", "", disposition, "https://x/dl") == \
        ("pdf", "Content-Disposition filename=Cahier des charges.pdf")


def test_zip_family_told_apart_by_member_names():
    assert sniff_format(docfactory.docx(), "application/zip", "", "https://x/a.zip")[0] == "docx"
    assert sniff_format(docfactory.xlsx(), "", "", "https://x/a.zip")[0] == "xlsx"
    assert sniff_format(docfactory.odt(), "", "", "https://x/a.zip")[0] == "odt"
    spreadsheet = docfactory.odt(mimetype="application/vnd.oasis.opendocument.spreadsheet")
    assert sniff_format(spreadsheet, "", "", "")[0] == "ods"
    bundle = docfactory.zip_of({"spec.pdf": docfactory.pdf_with_text()})
    assert sniff_format(bundle, "", "", "https://x/pack.docx") == ("zip", "magic bytes PK (ZIP)")


def test_zip_family_from_the_head_alone():
    """A probe may only have the first kilobytes: local headers must be enough."""
    odt_head = docfactory.odt()[:120]
    assert sniff_format(odt_head, "", "", "")[0] == "odt"
    docx_head = docfactory.docx(title="A")[:1500]
    assert sniff_format(docx_head, "", "", "")[0] == "docx"


def test_legacy_office_by_ole_stream_names_or_declaration():
    word = OLE_MAGIC + bytes(500) + "WordDocument".encode("utf-16-le") + b"\0\0"
    assert sniff_format(word, "", "", "https://x/a.bin")[0] == "doc"
    assert sniff_format(OLE_MAGIC + bytes(100), "", "", "https://x/a.xls")[0] == "xls"
    assert sniff_format(OLE_MAGIC + bytes(100), "", "", "https://x/a")[0] == "unknown"


def test_body_without_the_declared_signature_is_unknown():
    fmt, evidence = sniff_format(b"Sorry, this file has moved.", "application/pdf", "", "https://x/a.pdf")
    assert fmt == "unknown"
    assert "Content-Type application/pdf claims pdf" in evidence


def test_text_formats_trust_declarations_and_rtf_has_magic():
    assert sniff_format(b"lot,price\n1,200\n", "text/csv", "", "")[0] == "csv"
    assert sniff_format(b"{\\rtf1\\ansi hello}", "", "", "https://x/a.doc")[0] == "rtf"
    assert sniff_format(b'<?xml version="1.0"?><notice/>', "", "", "")[0] == "xml"


# --- inspect_pdf -----------------------------------------------------------------------------

def test_tagged_pdf():
    info = inspect_pdf(docfactory.tagged_pdf(title="Tender specification", lang="en-GB"))
    assert info == {"pages": 1, "encrypted": False, "tagged": True, "lang": "en-GB",
                    "title": "Tender specification", "text_layer": True, "scanned": False,
                    "pages_checked": 1, "limit": None, "error": None}


def test_untagged_pdf_with_text():
    info = inspect_pdf(docfactory.pdf_with_text(pages=3))
    assert (info["tagged"], info["text_layer"], info["scanned"], info["pages"]) == (False, True, False, 3)
    assert info["lang"] is None and info["title"] is None


def test_marked_but_without_structure_tree_is_not_tagged():
    assert inspect_pdf(docfactory.marked_without_structure())["tagged"] is False


def test_title_from_xmp_when_docinfo_has_none():
    assert inspect_pdf(docfactory.xmp_titled_pdf("Lot 2 pricing schedule"))["title"] == "Lot 2 pricing schedule"


def test_scanned_pdf_has_images_and_no_text():
    info = inspect_pdf(docfactory.scanned_pdf(pages=2))
    assert (info["text_layer"], info["scanned"], info["pages"]) == (False, True, 2)


def test_font_resources_without_text_are_not_a_text_layer():
    info = inspect_pdf(docfactory.blank_pdf())
    assert (info["text_layer"], info["scanned"]) == (False, False)


def test_text_layer_search_is_bounded():
    info = inspect_pdf(docfactory.pdf_with_text(pages=PAGES_CHECKED + 5))
    assert info["pages"] == PAGES_CHECKED + 5
    assert info["pages_checked"] == 1      # found text on the first page, looked no further
    scanned = inspect_pdf(docfactory.scanned_pdf(pages=PAGES_CHECKED + 2))
    assert scanned["pages_checked"] == PAGES_CHECKED


def test_damaged_and_encrypted_pdfs_give_errors_not_exceptions():
    damaged = inspect_pdf(docfactory.damaged_pdf())
    assert damaged["error"].startswith("damaged PDF") and damaged["tagged"] is None
    assert "0x" not in damaged["error"]            # no memory addresses: stable across runs
    assert inspect_pdf(b"")["error"]
    encrypted = inspect_pdf(docfactory.encrypted_pdf())
    assert encrypted["encrypted"] is True and encrypted["error"].startswith("encrypted")


# --- inspect_office --------------------------------------------------------------------------

def test_docx_title_and_language():
    assert inspect_office(docfactory.docx(title="ITT Volume 1", core_lang="en-GB"), "docx") == \
        {"title": "ITT Volume 1", "lang": "en-GB", "note": None, "error": None}


def test_docx_language_from_default_style_and_missing_title():
    info = inspect_office(docfactory.docx(style_lang="cy-GB"), "docx")
    assert (info["title"], info["lang"]) == (None, "cy-GB")
    assert inspect_office(docfactory.docx(title=""), "docx")["title"] is None


def test_odt_title_and_language():
    assert inspect_office(docfactory.odt(title="Specification", lang="fr"), "odt")["lang"] == "fr"
    info = inspect_office(docfactory.odt(title="Specification", style_language="de-DE"), "odt")
    assert (info["title"], info["lang"]) == ("Specification", "de-DE")


def test_legacy_and_damaged_office_files():
    assert inspect_office(OLE_MAGIC, "doc") == \
        {"title": None, "lang": None, "note": "legacy binary format", "error": None}
    assert inspect_office(b"not a zip", "xlsx")["error"].startswith("damaged xlsx")


# --- inspect_zip -----------------------------------------------------------------------------

def test_zip_of_documents_inspects_each_member():
    bundle = docfactory.zip_of({
        "Lot 1/specification.pdf": docfactory.tagged_pdf(),
        "Lot 1/scan.pdf": docfactory.scanned_pdf(),
        "pricing.docx": docfactory.docx(title="Pricing"),
        "notes.txt": "read me",
    })
    members = {m["name"]: m for m in inspect_zip(bundle)["members"]}
    assert set(members) == {"Lot 1/specification.pdf", "Lot 1/scan.pdf", "pricing.docx", "notes.txt"}
    assert members["Lot 1/specification.pdf"]["pdf"]["tagged"] is True
    assert members["Lot 1/scan.pdf"]["pdf"]["scanned"] is True
    assert members["pricing.docx"]["office"]["title"] == "Pricing"
    assert members["notes.txt"] == {"name": "notes.txt", "bytes": 7, "format": "txt", "pdf": None,
                                    "office": None, "members": None, "members_total": None,
                                    "note": None}


def test_member_format_comes_from_its_bytes():
    members = inspect_zip(docfactory.zip_of({"tender.pdf": "<html><body>oops</body></html>"}))["members"]
    assert members[0]["format"] == "html" and members[0]["pdf"] is None


def test_zip_bomb_is_listed_not_opened():
    [member] = inspect_zip(docfactory.zip_bomb(megabytes=20))["members"]
    assert member["bytes"] == 20_000_000
    assert member["pdf"] is None and "zip bomb" in member["note"]


def test_nested_zip_opened_one_level_only():
    deepest = docfactory.zip_of({"d.pdf": docfactory.pdf_with_text()})
    inner = docfactory.zip_of({"c.pdf": docfactory.pdf_with_text(), "deeper.zip": deepest})
    [outer_member] = inspect_zip(docfactory.zip_of({"inner.zip": inner}))["members"]
    nested = {m["name"]: m for m in outer_member["members"]}
    assert nested["c.pdf"]["pdf"]["text_layer"] is True
    assert nested["deeper.zip"]["members"] is None
    assert "nested more than one level" in nested["deeper.zip"]["note"]


def test_member_caps(monkeypatch):
    monkeypatch.setattr(containers, "MAX_MEMBERS_OPENED", 3)
    monkeypatch.setattr(containers, "MAX_MEMBER_BYTES", 5_000)
    big = docfactory.pdf_with_text(pages=40)
    assert len(big) > 5_000
    members = inspect_zip(docfactory.zip_of(
        {"big.pdf": big, "a.pdf": docfactory.pdf_with_text(), "b.txt": "b", "c.txt": "c", "d.txt": "d"}))["members"]
    notes = [m["note"] for m in members]
    assert notes[0] == "not inspected: larger than 0.005 MB" and members[0]["pdf"] is None
    assert members[1]["pdf"]["text_layer"] is True
    assert notes[2] is None
    assert notes[3:] == ["not opened: more than 3 members"] * 2
    assert [m["format"] for m in members[3:]] == ["txt", "txt"]   # still named from the file name


def test_encrypted_members_and_directories():
    archive = docfactory.zip_of({"secret.pdf": docfactory.pdf_with_text()})
    [member] = inspect_zip(docfactory.mark_members_encrypted(archive))["members"]
    assert (member["format"], member["note"], member["pdf"]) == ("pdf", "encrypted member", None)


def test_damaged_zip_raises_damaged_archive():
    with pytest.raises(DamagedArchive):
        inspect_zip(b"PK\x03\x04 truncated")


# --- login_wall_evidence ---------------------------------------------------------------------

def test_http_status_walls():
    assert login_wall_evidence(401, "https://x/a.pdf", [], False) == "HTTP 401 Unauthorized"
    assert login_wall_evidence(403, "https://x/a.pdf", [], False) == "HTTP 403 Forbidden"


@pytest.mark.parametrize("target", [
    "https://x/login?next=/docs/a.pdf",
    "https://x/Account/SignIn",
    "https://x/users/sign-in",
    "https://x/auth/realms/portal/protocol/openid-connect",
    "https://sso.council.gov.uk/start",
    "https://x/portal/home?ReturnUrl=%2Fdocs%2Fa.pdf",
])
def test_redirects_to_sign_in_addresses(target):
    evidence = login_wall_evidence(200, target, ["https://x/docs/a.pdf"], password_field_served("text/html", "<html></html>"))
    assert evidence and target in evidence


@pytest.mark.parametrize("target", [
    "https://cdn.x/files/2024/spec.pdf",
    "https://x/authors/smith.pdf",
    "https://x/search?page=next",
])
def test_ordinary_redirects_are_not_walls(target):
    assert login_wall_evidence(200, target, ["https://x/docs/a.pdf"], False) is None


def test_sign_in_words_in_an_unredirected_url_are_not_evidence():
    assert login_wall_evidence(200, "https://x/login-guide.pdf", [], False) is None


def test_password_field_where_a_file_was_expected():
    form = '<html><form><input name=u><INPUT TYPE="Password" name=p></form></html>'
    assert password_field_served("text/html", form) is True
    assert login_wall_evidence(200, "https://x/a.pdf", [], True) == \
        "an HTML page with a password field was served instead of the file"


def test_mentioning_password_is_not_a_wall():
    page = ("<html><body><p>Forgotten your password? Contact the helpdesk.</p>"
            '<input type="search" name="q" placeholder="password reset"></body></html>')
    assert password_field_served("text/html", page) is False


# --- probe: a small document server ----------------------------------------------------------

Route = Callable[[str], tuple[int, dict[str, str], bytes]]
SIGN_IN = (b'<!doctype html><html><body><form method="post"><label>Email <input name="email">'
           b'</label><label>Password <input type="password" name="pw"></label></form></body></html>')
MENTIONS_PASSWORD = b"<!doctype html><html><body><p>Never share your password.</p></body></html>"
CAP = 1_000_000


def _pdf(data: bytes) -> Route:
    return lambda method: (200, {"Content-Type": "application/pdf"}, data)


def _routes() -> dict[str, Route]:
    def no_head(data: bytes, headers: dict[str, str]) -> Route:
        return lambda method: (405, {}, b"") if method == "HEAD" else (200, headers, data)

    def slow(method: str):
        time.sleep(1.5)
        return 200, {"Content-Type": "application/pdf"}, b"%PDF-1.4"

    return {
        "/docs/tagged.pdf": _pdf(docfactory.tagged_pdf()),
        "/download?id=7": lambda m: (200, {"Content-Type": "application/octet-stream",
                                           "Content-Disposition": 'attachment; filename="Tender pack.pdf"'},
                                     docfactory.pdf_with_text()),
        "/docs/walled.pdf": lambda m: (302, {"Location": "/login?next=/docs/walled.pdf"}, b""),
        "/login?next=/docs/walled.pdf": lambda m: (200, {"Content-Type": "text/html"}, SIGN_IN),
        "/docs/401.pdf": lambda m: (401, {"WWW-Authenticate": 'Basic realm="bids"'}, b"no"),
        "/docs/403.pdf": lambda m: (403, {"Content-Type": "text/html"}, b"<html>forbidden</html>"),
        "/docs/form.pdf": lambda m: (200, {"Content-Type": "text/html; charset=utf-8"}, SIGN_IN),
        "/docs/mentions.pdf": lambda m: (200, {"Content-Type": "text/html"}, MENTIONS_PASSWORD),
        "/docs/huge.pdf": _pdf(b"%PDF-1.4\n" + bytes(3 * CAP)),
        "/docs/huge-unannounced.pdf": no_head(b"%PDF-1.4\n" + bytes(3 * CAP), {"X-No-Length": "1"}),
        "/docs/nohead.pdf": no_head(docfactory.pdf_with_text(), {"Content-Type": "application/pdf"}),
        "/docs/hangs-up-on-head.pdf": lambda m: (0, {}, b"") if m == "HEAD" else (
            200, {"Content-Type": "application/pdf"}, docfactory.pdf_with_text()),
        "/docs/bundle.zip": lambda m: (200, {"Content-Type": "application/zip"}, docfactory.zip_of(
            {"spec.pdf": docfactory.tagged_pdf(), "scan.pdf": docfactory.scanned_pdf()})),
        "/docs/broken.zip": lambda m: (200, {"Content-Type": "application/zip"}, b"PK\x03\x04broken"),
        "/docs/form.docx": lambda m: (200, {"Content-Type": "application/octet-stream"},
                                      docfactory.docx(title="Form of tender", core_lang="en-GB")),
        "/docs/prices.csv": lambda m: (200, {"Content-Type": "text/csv"}, b"lot,price\n" * 50_000),
        "/docs/loop.pdf": lambda m: (302, {"Location": "/docs/loop.pdf"}, b""),
        "/docs/slow.pdf": slow,
    }


class DocumentServer:
    def __init__(self, routes: dict[str, Route]) -> None:
        self.routes = routes
        self.log: list[tuple[str, str]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                self.serve()

            def do_HEAD(self) -> None:
                self.serve()

            def serve(self) -> None:
                server.log.append((self.command, self.path))
                route = server.routes.get(self.path)
                status, headers, body = route(self.command) if route else (404, {}, b"missing")
                if status == 0:
                    return      # hang up without answering
                self.send_response(status)
                for name, value in headers.items():
                    if name != "X-No-Length":
                        self.send_header(name, value)
                if "X-No-Length" not in headers:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if self.command == "GET":
                    try:
                        self.wfile.write(body)
                    except (BrokenPipeError, ConnectionResetError):
                        pass    # the prober stopped reading, as it should

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02},
                                       daemon=True)

    def requests(self, method: str | None = None) -> Counter:
        return Counter(path for m, path in self.log if method in (None, m))


@pytest.fixture
def server():
    site = DocumentServer(_routes())
    site.thread.start()
    yield site
    site.httpd.shutdown()
    site.httpd.server_close()


def probe(server: DocumentServer, *paths: str, **options):
    """Probe paths with one shared prober; returns (artifacts, URLs passed to before_request)."""
    seen: list[str] = []

    async def before(url: str) -> None:
        seen.append(url)

    async def run():
        async with httpx.AsyncClient() as client:
            prober = DocumentProber(client, max_bytes=options.pop("max_bytes", CAP),
                                    before_request=before, **options)
            return await asyncio.gather(*(prober.probe(server.base + p) for p in paths))

    return asyncio.run(run()), seen


def test_probe_tagged_pdf(server):
    [doc], seen = probe(server, "/docs/tagged.pdf")
    assert (doc.status, doc.format, doc.format_evidence) == (200, "pdf", "magic bytes %PDF")
    assert doc.pdf["tagged"] is True and doc.pdf["lang"] == "en-GB"
    assert doc.bytes == doc.probed_bytes == len(docfactory.tagged_pdf())
    assert doc.error is None and document_wall(doc) is None
    assert server.log == [("HEAD", "/docs/tagged.pdf"), ("GET", "/docs/tagged.pdf")]
    assert seen == [server.base + "/docs/tagged.pdf"] * 2


def test_redirect_to_login_is_a_wall_and_the_login_page_is_not_downloaded(server):
    [doc], seen = probe(server, "/docs/walled.pdf")
    assert "redirected to a sign-in address" in document_wall(doc)
    assert doc.redirects == [server.base + "/docs/walled.pdf"]
    assert doc.final_url == server.base + "/login?next=/docs/walled.pdf"
    assert doc.format == "pdf" and "file not served: redirected to a sign-in address" in doc.format_evidence
    assert server.requests("GET") == Counter()
    assert seen == [server.base + "/docs/walled.pdf", server.base + "/login?next=/docs/walled.pdf"]


def test_401_and_403_are_walls(server):
    docs, _ = probe(server, "/docs/401.pdf", "/docs/403.pdf")
    assert [(d.status, document_wall(d)) for d in docs] == [
        (401, "HTTP 401 Unauthorized"), (403, "HTTP 403 Forbidden")]


def test_the_probe_stores_raw_facts_and_leaves_the_wall_verdict_to_the_checks(server):
    """What the server sent is stored, bounded; whether it is a wall is judged from it later
    (checks/access.py), so rescore re-judges an old run's documents."""
    walled, pdf, form = probe(server, "/docs/walled.pdf", "/docs/tagged.pdf", "/docs/form.pdf")[0]
    assert not any(d.requires_login or d.login_evidence for d in (walled, pdf, form))
    assert walled.headers is not None and walled.first_bytes == "" and walled.password_field is None
    assert pdf.headers["content-type"] == "application/pdf" and bytes.fromhex(pdf.first_bytes).startswith(b"%PDF")
    assert len(pdf.first_bytes) == 2 * 64
    assert form.password_field is True and bytes.fromhex(form.first_bytes).startswith(b"<!doctype html>")


def test_sign_in_form_served_at_a_pdf_url(server):
    [doc], _ = probe(server, "/docs/form.pdf")
    assert doc.password_field is True
    assert "password field" in document_wall(doc)


def test_html_page_that_mentions_password_is_html_not_a_wall(server):
    [doc], _ = probe(server, "/docs/mentions.pdf")
    assert (document_wall(doc), doc.format, doc.pdf, doc.password_field) == (None, "html", None, False)


def test_octet_stream_with_content_disposition(server):
    [doc], _ = probe(server, "/download?id=7")
    assert doc.format == "pdf" and doc.content_type == "application/octet-stream"
    assert doc.pdf["text_layer"] is True


def test_file_larger_than_the_cap_is_not_downloaded(server):
    [doc], _ = probe(server, "/docs/huge.pdf")
    assert doc.bytes == 3 * CAP + 9
    assert doc.probed_bytes == 0 and doc.pdf is None
    assert doc.error is None and doc.format == "pdf"
    assert doc.format_evidence == "Content-Type application/pdf; not inspected: larger than 1 MB"
    assert server.requests("GET") == Counter()


def test_unannounced_large_file_stops_at_the_cap(server):
    [doc], _ = probe(server, "/docs/huge-unannounced.pdf")
    assert CAP < doc.probed_bytes < 2 * CAP
    assert doc.bytes is None and doc.pdf is None and doc.error is None
    assert doc.format_evidence == "magic bytes %PDF; not inspected: larger than 1 MB"


def test_head_rejected_falls_back_to_get(server):
    [doc], _ = probe(server, "/docs/nohead.pdf")
    assert (doc.status, doc.format, doc.pdf["text_layer"]) == (200, "pdf", True)
    assert server.log == [("HEAD", "/docs/nohead.pdf"), ("GET", "/docs/nohead.pdf")]
    [doc], _ = probe(server, "/docs/hangs-up-on-head.pdf")
    assert (doc.status, doc.error, doc.pdf["text_layer"]) == (200, None, True)


def test_zip_bundle_and_office_file(server):
    bundle, form, broken = probe(server, "/docs/bundle.zip", "/docs/form.docx", "/docs/broken.zip")[0]
    assert [(m["name"], m["pdf"]["tagged"]) for m in bundle.zip_members] == [("spec.pdf", True), ("scan.pdf", False)]
    assert form.format == "docx" and form.office["title"] == "Form of tender"
    assert broken.error.startswith("damaged ZIP") and broken.zip_members == []


def test_formats_not_inspected_are_read_only_for_their_magic(server):
    [doc], _ = probe(server, "/docs/prices.csv")
    assert doc.format == "csv" and doc.bytes == 500_000
    assert 0 < doc.probed_bytes < 200_000


def test_no_url_is_fetched_twice(server):
    paths = ["/docs/tagged.pdf", "/docs/bundle.zip", "/docs/tagged.pdf", "/docs/401.pdf", "/docs/tagged.pdf"]
    docs, _ = probe(server, *paths)
    assert docs[0] == docs[2] == docs[4] and docs[0] is not docs[2]
    assert max(server.requests("GET").values()) == 1
    assert max(server.requests("HEAD").values()) == 1


def test_errors_become_text(server):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed_port = sock.getsockname()[1]
    loop, missing = probe(server, "/docs/loop.pdf", "/docs/missing.pdf")[0]   # default timeout: load cannot time them out
    [slow] = probe(server, "/docs/slow.pdf", timeout=0.3)[0]
    assert loop.error == "more than 10 redirects"
    assert (missing.status, missing.error, document_wall(missing)) == (404, "HTTP 404 Not Found", None)
    assert slow.error.startswith("timed out")

    async def refused():
        async with httpx.AsyncClient() as client:
            return await probe_document(client, f"http://127.0.0.1:{closed_port}/a.pdf")

    doc = asyncio.run(refused())
    assert doc.error.startswith("ConnectError") and doc.status is None


def test_a_document_on_a_down_host_is_unreachable_not_refused():
    """A host that does not answer robots.txt is down: its documents say so, not "refused by robots.txt"."""
    down = RobotsRules(None, "unreachable (ConnectError): staying out", disallow_all=True,
                       network_error="connection refused")
    blocked = RobotsRules(None, "HTTP 503: staying out", disallow_all=True)

    def probed(rules: RobotsRules) -> str | None:
        async def before(url: str) -> None:
            raise DisallowedByRobots(rules)

        async def run():
            async with httpx.AsyncClient() as client:
                return await DocumentProber(client, before_request=before).probe("http://127.0.0.1:9/tender.pdf")
        return asyncio.run(run()).error

    assert probed(down) == "host unreachable: connection refused (fetching robots.txt)"
    assert probed(blocked) == "refused: disallowed by robots.txt: HTTP 503: staying out"
