"""Pure tests of the link and title checks of checks/link_checks.py, on hand-built artifacts."""
from __future__ import annotations

from checks import link_checks
from tests.artifact_factory import DOM_CLEAN, link, page, portal


def test_link_purpose_judges_generic_text_by_its_context():
    links = [link("/n/1", "Click here"), link("/n/2", "Read more…"), link("/n/3", "Read more"), link("/n/5", "Roads 2026-017"),
             link("/n/5#top", "Roads 2026-017")]
    for n, item in enumerate(links):
        item.selector = f"#l{n}"
    context = [{"selector": links[1].selector, "text": "Read more…", "context": "", "heading": "Road resurfacing 2026"},
               {"selector": links[2].selector, "text": "Read more", "context": "Bridge repairs closing 12 May", "heading": ""},
               {"selector": links[0].selector, "text": "Click here", "context": "", "heading": ""}]
    out = link_checks.link_purpose(portal(page("/", links=links, probes={"dom": dict(DOM_CLEAN, link_context=context)})))
    assert [(f.selector, f.certainty, f.wcag) for f in out.findings] == [
        (links[0].selector, "failure", ["2.4.4", "2.4.9"]),          # nothing around it
        (links[1].selector, "failure", ["2.4.9"]),                   # 2.4.4 met by the heading above (H80)
        (links[2].selector, "failure", ["2.4.9"])]                   # 2.4.4 met by its paragraph (H78)
    assert out.score == 0
    unprobed = link_checks.link_purpose(portal(page("/", links=[link("/n/1", "Click here")])))
    assert [f.wcag for f in unprobed.findings] == [["2.4.9"]]     # context unknown: 2.4.4 not claimed
    assert [f.box for f in out.findings] == [None, None, None]     # no probe recorded where the links are


def test_a_link_finding_takes_its_box_from_the_keyboard_walk_for_a_crop():
    item = link("/n/1", "Click here")
    item.selector = "#here"
    stops = {"order": [{"selector": "#elsewhere", "box": [0, 0, 50, 10]}, {"selector": "#here", "box": [10, 300, 60, 14]}]}
    out = link_checks.link_purpose(portal(page("/", links=[item], probes={"keyboard": stops})))
    assert [f.box for f in out.findings] == [[10, 300, 60, 14]]
    empty = {"order": [{"selector": "#here", "box": [10, 300, 0, 0]}]}      # hidden: no box to crop
    assert link_checks.link_purpose(portal(page("/", links=[item], probes={"keyboard": empty}))).findings[0].box is None


def test_link_purpose_same_text_fails_only_for_pages_known_to_differ():
    same = page("/", links=[link("/", "Home"), link("/index.html", "Home"), link("/about/", "About"), link("/about", "About")])
    assert link_checks.link_purpose(portal(same)).findings == []               # aliases of one resource
    aliased = page("/", links=[link("/start", "Start"), link("/begin", "Start")])
    start = page("/start", title="Start")
    start.final_url = "http://portal.test/welcome"
    begin = page("/begin", title="Start")
    begin.final_url = "http://portal.test/welcome"
    assert link_checks.link_purpose(portal(aliased, start, begin)).findings == []   # both redirect to one page
    two = page("/", links=[link("/n/3", "Notice"), link("/n/4", "Notice")])
    assert [f.certainty for f in link_checks.link_purpose(portal(two)).findings] == ["needs_review"]   # targets not opened
    out = link_checks.link_purpose(portal(two, page("/n/3", title="Roads"), page("/n/4", title="Bridges")))
    assert [(f.certainty, f.wcag) for f in out.findings if f.url.endswith("/")] == [("failure", ["2.4.9"])]


def test_new_window_warning():
    warned, silent = link("/a", "Guide (opens in a new window)"), link("/b", "Guide")
    warned.new_window = silent.new_window = True
    out = link_checks.new_window_warning(portal(page("/", links=[warned, silent])))
    assert [f.selector for f in out.findings] == [silent.selector] and out.findings[0].wcag == ["3.2.5"]


def test_page_titles():
    out = link_checks.page_titles(portal(page("/a", title="Portal", text="search"), page("/b", title="Portal", text="notice"),
                                page("/c", title="Notice 17", text="x")))
    assert sorted(f.url[-2:] for f in out.findings) == ["/a", "/b"]
    assert link_checks.page_titles(portal(page("/a", title="Portal", text="same"), page("/a?x=1", title="Portal", text="same"))).findings == []


def test_placeholder_titles():
    out = link_checks.page_titles(portal(page("/a", title="Untitled Document"), page("/b", title="new page 1"),
                                page("/c", title="notice.html"), page("/d", title="Road resurfacing - Notices")))
    assert sorted(f.url[-2:] for f in out.findings) == ["/a", "/b", "/c"] and out.score == 0.25
    assert link_checks.page_titles(portal(page("/a", title="Home - Northshire Council"))).findings == []
