from auditor.config import Scope
from model.urls import dedupe_key, document_format_from_url, normalise_url
from auditor.urls import TrapGuard, in_scope, link_kind


def test_normalise_drops_fragment_default_port_and_tracking():
    assert normalise_url("HTTP://Example.COM:80/a/../b/?z=1&a=2#frag") == "http://example.com/b/?a=2&z=1"
    assert normalise_url("https://x.org:443/p?utm_source=news&id=3&gclid=1") == "https://x.org/p?id=3"
    assert normalise_url("http://x.org:8080/p") == "http://x.org:8080/p"


def test_normalise_strips_session_ids_in_path_and_query():
    assert normalise_url("http://x.org/p;jsessionid=ABC123?x=1&PHPSESSID=9") == "http://x.org/p?x=1"


def test_normalise_keeps_search_terms_and_client_routes():
    assert normalise_url("http://x.org/?s=roads") == "http://x.org/?s=roads"
    assert normalise_url("http://x.org/#/notice/12") == "http://x.org/#/notice/12"
    assert normalise_url("http://x.org/page#section-2") == "http://x.org/page"


def test_normalise_refuses_non_http_schemes():
    for href in ("javascript:void(0)", "mailto:a@b.org", "file:///etc/passwd", "tel:123", "ftp://x.org/f"):
        assert normalise_url(href) is None


def test_relative_links_resolve_against_base():
    assert normalise_url("../c?q=1", "http://x.org/a/b/") == "http://x.org/a/c?q=1"


def test_dedupe_key_ignores_trailing_slash():
    assert dedupe_key("http://x.org/a/") == dedupe_key("http://x.org/a")
    assert dedupe_key("http://x.org/") == dedupe_key("http://x.org")


def test_scope_hosts_paths_and_excludes():
    scope = Scope(hosts=["x.org"], paths=["/tenders"], exclude=[r"/tenders/archive"])
    assert in_scope("http://x.org/tenders/1", scope)
    assert not in_scope("http://x.org/news", scope)
    assert not in_scope("http://other.org/tenders/1", scope)
    assert not in_scope("http://x.org/tenders/archive/2001", scope)


def test_link_kinds():
    scope = Scope(hosts=["x.org"])
    assert link_kind("javascript:open(3)", None, scope) == "javascript"
    assert link_kind("mailto:a@b", None, scope) == "mailto"
    assert link_kind("/a", "http://x.org/a", scope) == "page"
    assert link_kind("http://y.org/", "http://y.org/", scope) == "external"
    assert link_kind("/f.PDF", "http://x.org/f.PDF", scope) == "document"
    assert link_kind("http://cdn.org/pack.zip", "http://cdn.org/pack.zip", scope) == "document"
    assert document_format_from_url("http://x.org/docs/spec.docx?v=2") == "docx"
    assert document_format_from_url("http://x.org/v1.2/page") is None


def test_trap_guard_bounds_calendars_and_loops():
    guard = TrapGuard(max_per_template=5)
    admitted = [m for m in range(1, 100) if guard.admit(f"http://x.org/events?month=2026-{m:02d}") is None]
    assert len(admitted) == 5
    assert guard.admit("http://x.org/a/b/a/b/a/b") == "trap: repeating path segments"
    assert guard.admit("http://x.org/" + "x" * 600) == "trap: URL too long"
    assert guard.admit("http://x.org/about") is None
    assert guard.evidence
