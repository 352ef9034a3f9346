"""The model's shared rules, each defined once: URL templates, extension formats, sign-in addresses,
and computed artifacts built once per portal."""
from __future__ import annotations

from model.classify import sign_in_address, sibling_template
from model.linkgraph import link_graph
from model.urls import document_format_from_url, extension_format, url_template
from tests.artifact_factory import BASE, link, page, portal


def test_one_url_template_for_crawl_budgets_classification_and_scores():
    assert url_template(BASE + "/notice/NS-2026-0041") == "portal.test/notice/{id}?"
    assert url_template(BASE + "/notice/NS-2026-0042?utm=1") == "portal.test/notice/{id}?utm"
    assert url_template(BASE + "/ViewTender?id=7&b=2") == url_template(BASE + "/ViewTender?b=9&id=3")
    assert url_template(BASE + "/#/notice/SV-101") == "portal.test/#/notice/{id}?"    # a client-side route
    assert url_template(BASE + "/about") != url_template(BASE + "/contact")        # pages, not siblings
    assert sibling_template(BASE + "/about") == sibling_template(BASE + "/contact") == "portal.test/{*}"


def test_one_table_of_extension_formats():
    assert extension_format("Spec.DOCM") == "docx" and extension_format("/a/b/pack.zip") == "zip"
    assert extension_format("notes") is None
    assert document_format_from_url(BASE + "/files/itt.pdf?x=1") == "pdf"
    assert document_format_from_url(BASE + "/page.html") is None                      # a page, not a file


def test_one_rule_for_sign_in_addresses():
    assert sign_in_address("https://p.example/account/login?next=/n/1")
    assert sign_in_address("https://p.example/SignOn.aspx")
    assert sign_in_address("https://login.p.example/") == "host starts with 'login'"
    assert sign_in_address("https://p.example/notice/1") is None


def test_the_link_graph_is_built_once_per_portal_and_again_when_its_pages_change():
    p = portal(page("/", links=[link("/a")]), page("/a", depth=1))
    first = link_graph(p)
    assert link_graph(p) is first
    p.pages.append(page("/b", depth=2))
    assert link_graph(p) is not first and link_graph(p).depths(p.start_url) == {"http://portal.test/": 0,
                                                                                 "http://portal.test/a": 1}
