"""Friction checks on small saved artifacts: scores, not-applicable reasons, evidence, findings."""
from pytest import approx

from model.artifacts import CrawlSummary, DocumentArtifact, Form, FormField, PageType
from checks import friction_checks as fc
from checks.catalogue import CHECKS
from tests.artifact_factory import BASE, link, page, portal


def typed(p, kind):
    p.page_type = PageType(kind, ["test"])
    return p


def doc(path, fmt, on="/n/1", **kw):
    return DocumentArtifact(url=BASE + path, found_on=[BASE + on], status=200, format=fmt, link_text=path, **kw)


def deep_portal(depth):
    """A chain of `depth` clicks from home to a notice, whose document is one click further."""
    pages = [page("/", links=[link("/p1", "Step 1")], title="Home")]
    for i in range(1, depth):
        pages.append(page(f"/p{i}", depth=i, links=[link(f"/p{i + 1}", f"Step {i + 1}")], title=f"Step {i}"))
    pages[-1].links.append(link("/n/1", "Notice"))
    pages.append(typed(page("/n/1", depth=depth, title="Roads notice", links=[link("/d/spec.pdf", "Spec", "document")]),
                       "notice"))
    return portal(*pages, documents=[doc("/d/spec.pdf", "pdf")])


def test_ids_are_distinct_from_document_accessibility_checks():
    ids = {"clicks-to-notice", "clicks-to-documents", "notice-open-access", "documents-open-access",
           "registration-burden", "document-formats", "statement-published", "open-data-feed"}
    assert ids <= {c.meta.id for c in CHECKS}
    assert not any(i.startswith(("pdf-", "document-access")) for i in ids)


def test_clicks_to_notice_scores_by_depth_with_the_click_path():
    shallow = fc.clicks_to_notice(deep_portal(2))
    assert shallow.score == 1.0 and not shallow.findings
    deep = fc.clicks_to_notice(deep_portal(4))
    assert deep.score == 0.5 and deep.value["clicks"] == 4
    assert [e.url for e in deep.evidence] == [BASE + "/", BASE + "/p1", BASE + "/p2", BASE + "/p3", BASE + "/n/1"]
    assert "Home > Step 1 > Step 2 > Step 3 > Roads notice" in deep.findings[0].message
    assert fc.clicks_to_notice(deep_portal(9)).score == 0.1


def test_clicks_to_documents_and_its_unknowns():
    assert fc.clicks_to_documents(deep_portal(2)).score == 1.0
    assert fc.clicks_to_documents(deep_portal(4)).value["clicks"] == 5
    no_docs = portal(page("/", links=[link("/n/1")]), typed(page("/n/1", depth=1), "notice"))
    assert fc.clicks_to_documents(no_docs).score is None
    walled = deep_portal(2)
    walled.documents[0].requires_login = True
    out = fc.clicks_to_documents(walled)
    # a documents wall counts in findability too: no number of clicks reaches a document
    assert out.score == 0.0 and out.value["clicks"] is None and "documents-open-access" in out.value["unknown"]
    [finding] = out.findings
    assert "without signing in" in finding.message and finding.url == BASE + "/n/1"


def test_documents_open_access_scores_notices_and_cites_the_law():
    p = deep_portal(2)
    p.pages.append(typed(page("/n/2", depth=2, links=[link("/d/pack.zip", "Pack", "document")]), "notice"))
    p.documents.append(doc("/d/pack.zip", "zip", on="/n/2", requires_login=True, login_evidence="HTTP 403"))
    out = fc.documents_open_access(p)
    assert out.score == 0.5 and out.value["verdict"] == "sign_in" and out.value["counts"] == {"open": 1, "sign_in": 1}
    [finding] = out.findings
    assert finding.url == BASE + "/n/2" and "HTTP 403" in finding.message and BASE + "/d/pack.zip" in finding.message
    why = next(c.meta for c in CHECKS if c.meta.id == "documents-open-access").why
    assert "reg. 53(1)" in why and "reg. 54(1)" in why and "Procurement Act 2023 s.21" in why


def test_documents_open_access_is_silent_on_open_documents_and_unknown_without_any():
    out = fc.documents_open_access(deep_portal(2))
    assert out.score == 1.0 and out.findings == []
    bare = portal(page("/", links=[link("/n/1")]), typed(page("/n/1", depth=1), "notice"))
    out = fc.documents_open_access(bare)
    assert out.score is None and "links no documents" in out.value["unknown"]


def test_notice_open_access():
    listing = page("/", links=[link("/tender/1"), link("/tender/2")])
    listing.page_type = PageType("listing")
    readable = typed(page("/tender/1", depth=1), "notice")
    wall = typed(page("/tender/2", depth=1, redirects=[BASE + "/tender/2"]), "login")
    out = fc.notice_open_access(portal(listing, readable, wall))
    assert out.score == 0.5 and [f.url for f in out.findings] == [BASE + "/tender/2"]
    assert fc.notice_open_access(portal(page("/"))).score is None


def test_registration_burden():
    assert fc.registration_burden(portal(page("/"))).score is None
    short = [FormField("input", "text", n, required=True) for n in ("org", "name", "email")]
    ok = typed(page("/register", depth=1, forms=[Form(fields=short + [FormField("input", "password", "pw")])]),
               "registration")
    assert fc.registration_burden(portal(page("/"), ok)).score == 1.0
    long = [FormField("input", "text", f"f{i}", required=i < 17) for i in range(26)]
    heavy = typed(page("/register", depth=1, forms=[Form(selector="form#reg", fields=long, captcha=True,
                                                         captcha_evidence="img[alt=captcha]")]), "registration")
    out = fc.registration_burden(portal(page("/"), heavy))
    assert out.score == approx(0.15)
    assert [f.wcag for f in out.findings] == [[], ["1.1.1"]]
    assert out.evidence[0].selector == "form#reg" and "26 fields, 17 required" in out.evidence[0].detail


def test_document_formats_penalise_bundles_and_legacy_formats():
    p = deep_portal(1)
    p.documents += [doc("/d/pack.zip", "zip", zip_members=[{"name": "a.pdf", "format": "pdf"}]),
                    doc("/d/form.doc", "doc"), doc("/d/form.odt", "odt")]
    out = fc.document_formats(p)
    assert out.score == approx((1 + 0.3 + 0.6 + 1) / 4)
    assert [f.url for f in out.findings] == [BASE + "/d/pack.zip", BASE + "/d/form.doc"]
    assert "ZIP bundle: 1 files inside (a.pdf)" in out.findings[0].message


def test_statement_published_and_its_age_against_the_crawl_date():
    text = "This website is partially compliant with WCAG 2.1. This statement was prepared on 3 September 2019."
    statement = typed(page("/accessibility", depth=1, text=text), "statement")
    old = portal(page("/"), statement)
    old.crawl = CrawlSummary(started="2026-03-01T10:00:00+00:00")
    out = fc.statement_published(old)
    assert out.score == approx(0.8) and "2019-09-03" in out.findings[0].message
    fresh = portal(page("/"), statement)
    fresh.crawl = CrawlSummary(started="2020-01-01T10:00:00+00:00")
    assert fc.statement_published(fresh).score == 1.0
    missing = fc.statement_published(portal(page("/")))
    assert missing.score == 0.0 and missing.findings[0].url == BASE + "/"


def test_open_data_feed():
    with_feed = portal(page("/", links=[link("/ocds/releases.json", "OCDS", "document")]))
    assert fc.open_data_feed(with_feed).score == 1.0
    without = fc.open_data_feed(portal(page("/")))
    assert without.score == 0.0 and len(without.findings) == 1
