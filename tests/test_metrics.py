from model.artifacts import DocumentArtifact, Form, FormField, PageType
from checks.metrics import compute_metrics, statement_facts
from model.linkgraph import LinkGraph
from tests.artifact_factory import BASE, link, page, portal


def typed(p, kind):
    p.page_type = PageType(kind, ["test"])
    return p


def test_click_depth_is_shortest_path_whatever_the_recorded_depth():
    # the notice was first reached by a long path (recorded depth 3) but home links it directly
    home = page("/", links=[link("/a"), link("/n/1")])
    a = page("/a", depth=1, links=[link("/b")])
    notice = typed(page("/n/1", depth=3, links=[link("/d/spec.pdf", "Spec", "document")]), "notice")
    doc = DocumentArtifact(url=BASE + "/d/spec.pdf", found_on=[BASE + "/n/1"], status=200, format="pdf")
    m = compute_metrics(portal(home, a, notice, documents=[doc]))
    assert m["clicks_to_notice"] == 1
    assert m["clicks_to_documents"] == 2
    assert m["notices_found"] == 1
    assert m["documents"]["count"] == 1 and m["documents"]["per_notice"] == 1.0


def test_documents_behind_login_are_not_reached():
    home = page("/", links=[link("/n/1")])
    notice = typed(page("/n/1", depth=1, links=[link("/d/pack.zip", "Pack", "document")]), "notice")
    doc = DocumentArtifact(url=BASE + "/d/pack.zip", found_on=[BASE + "/n/1"], status=200, format="zip",
                           requires_login=True, login_evidence="redirect to /login")
    m = compute_metrics(portal(home, notice, documents=[doc]))
    assert m["clicks_to_documents"] is None
    assert m["documents_require_login"] is True
    assert m["documents"]["zip_bundles"] == 1


def test_no_notice_means_unknown_clicks():
    m = compute_metrics(portal(page("/")))
    assert m["clicks_to_notice"] is None and m["notices_found"] == 0
    assert m["documents"]["per_notice"] == 0.0


def test_path_to_gives_the_click_path():
    home = page("/", links=[link("/a")])
    a = page("/a", depth=1, links=[link("/b")])
    graph = LinkGraph.build(portal(home, a, page("/b", depth=2)))
    assert graph.path_to(BASE + "/", BASE + "/b") == [BASE + "/", BASE + "/a", BASE + "/b"]


def test_walled_documents_are_uninspected_and_weightless():
    home = page("/", links=[link("/n/1")])
    notice = typed(page("/n/1", depth=1), "notice")
    walled = DocumentArtifact(url=BASE + "/d/c.pdf", found_on=[BASE + "/n/1"], status=200, format="pdf",
                              bytes=1346, requires_login=True, login_evidence="HTTP 401")
    docs = compute_metrics(portal(home, notice, documents=[walled]))["documents"]
    assert (docs["pdf_uninspected"], docs["pdf_untagged"], docs["total_bytes"], docs["behind_login"]) == (1, 0, 0, 1)


def test_pdfs_inside_zips_are_counted_with_lang_and_title():
    home = page("/", links=[link("/n/1")])
    notice = typed(page("/n/1", depth=1), "notice")
    members = [{"name": "spec.pdf", "format": "pdf", "pdf": {"tagged": False, "text_layer": False}},
               {"name": "inner.zip", "format": "zip", "members": [
                   {"name": "itt.pdf", "format": "pdf", "pdf": {"tagged": True, "lang": "en", "title": "ITT",
                                                                "text_layer": True}},
                   {"name": "form.docx", "format": "docx"}]}]
    pack = DocumentArtifact(url=BASE + "/d/pack.zip", found_on=[BASE + "/n/1"], status=200, format="zip",
                            bytes=5000, zip_members=members)
    docs = compute_metrics(portal(home, notice, documents=[pack]))["documents"]
    assert (docs["pdf_tagged"], docs["pdf_untagged"], docs["pdf_scanned"]) == (1, 1, 1)
    assert (docs["pdf_with_lang"], docs["pdf_with_title"]) == (1, 1)
    assert docs["zip_contents"] == {"docx": 1, "pdf": 2}
    assert docs["total_bytes"] == 5000


def test_walled_notice_links_mean_notices_require_login():
    listing = typed(page("/", links=[link("/tender/1"), link("/tender/2")]), "listing")
    walls = [typed(page(f"/tender/{i}", depth=1, redirects=[BASE + f"/tender/{i}"]), "login") for i in (1, 2)]
    m = compute_metrics(portal(listing, *walls))
    assert m["notice_requires_login"] is True and m["notices_behind_login"] == 2
    assert m["clicks_to_notice"] is None and "sign-in" in m["unknown"]["clicks_to_notice"]


def test_the_portals_own_sign_in_page_is_not_a_walled_notice():
    home = page("/", links=[link("/login"), link("/n/1")])
    m = compute_metrics(portal(home, typed(page("/login", depth=1), "login"), typed(page("/n/1", depth=1), "notice")))
    assert m["notice_requires_login"] is False and m["notices_behind_login"] == 0


def test_unknown_when_nothing_decides():
    m = compute_metrics(portal(page("/")))
    assert m["notice_requires_login"] is None and m["documents_require_login"] is None
    assert set(m["unknown"]) >= {"clicks_to_notice", "notice_requires_login", "documents_require_login"}


def test_statement_status_and_date_wordings():
    cases = {
        "This website is fully compliant with WCAG 2.2 AA. This statement was prepared on 12 March 2026.":
            ("fully compliant", "2026-03-12"),
        "This website is partially compliant with the Web Content Accessibility Guidelines, due to the "
        "non-compliances listed below. It was prepared on 3rd September 2019. Last reviewed on 1st October 2020.":
            ("partially compliant", "2020-10-01"),
        "This website is not compliant with WCAG 2.1. Statement last updated: 2025-06-30.":
            ("not compliant", "2025-06-30"),
        "This site partially conforms to WCAG 2.1 AA. Updated June 30, 2025.": ("partially compliant", "2025-06-30"),
        "We are working on it. Reviewed on 31/01/2024.": (None, "2024-01-31"),
        "Prepared on Spring 2024.": (None, None),
    }
    for text, expected in cases.items():
        facts = statement_facts(page("/a11y", text=text))
        assert (facts["status"], facts["date"]) == expected, text


def test_registration_counts_what_a_person_fills_in():
    fields = [FormField("input", "text", "org", required=True), FormField("input", "email", "email", required=True),
              FormField("input", "password", "pw", required=True), FormField("input", "hidden", "csrf"),
              FormField("button", "submit", "go")]
    reg = typed(page("/register", depth=1, forms=[Form(fields=fields, captcha=True, captcha_evidence="img")]),
                "registration")
    m = compute_metrics(portal(page("/"), reg))["registration"]
    assert (m["found"], m["fields"], m["required_fields"], m["captcha"]) == (True, 3, 3, True)


def test_open_data_links_but_not_a_notice_pricing_csv():
    home = page("/", links=[link("/feeds/notices.rss", "RSS"), link("/api/v1/notices", "API"),
                            link("/n/1")])
    notice = typed(page("/n/1", depth=1, links=[link("/d/prices.csv", "Pricing", "document")]), "notice")
    m = compute_metrics(portal(home, notice))["open_data"]
    assert m["urls"] == [BASE + "/api/v1/notices", BASE + "/feeds/notices.rss"]
