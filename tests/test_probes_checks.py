"""Pure tests of the probe checks and the keyboard walk's judgement, on hand-built artifacts."""
from __future__ import annotations

from auditor.artifacts import DocumentArtifact
from auditor.probes.keyboard import find_trap, walk_once
from checks import probe_checks as pc
from tests.artifact_factory import link, page, portal

DOM_CLEAN = {"fake_headings": [], "images_of_text": [], "colour_only_links": [], "unlabelled_fields": [],
             "change_navigation": [], "focus_blur": [], "mouse_only": [], "javascript_links": [], "layout_tables": [],
             "skip_link": {"selector": "a", "text": "Skip", "target": "main", "target_exists": True},
             "main_landmark": True, "headings": 3, "focusables": 5, "meta_refresh": None, "timers": []}


def stop(selector: str, **extra) -> dict:
    return {"selector": selector, "tag": "a", "text": selector, "box": [0, 0, 10, 10], "in_viewport": True,
            "changed": True, "lost": False, "held": 1, "frame": False, **extra}


def test_no_probe_data_is_not_applicable():
    assert pc.keyboard_trap(portal(page("/"))).score is None
    assert pc.reflow(portal(page("/", probes={"reflow": {"error": "gave up"}}))).score is None


def test_focus_visible_and_kept():
    probes = {"dom": DOM_CLEAN, "keyboard": {"order": [stop("#a"), stop("#b", changed=False), stop("#c", lost=True)], "trap": None}}
    p = portal(page("/", probes=probes))
    visible = pc.keyboard_focus_visible(p)
    assert [f.selector for f in visible.findings] == ["#b"] and visible.score == 0
    kept = pc.keyboard_focus_kept(p)
    assert [f.selector for f in kept.findings] == ["#c"] and kept.findings[0].wcag == ["2.1.1", "2.1.3", "2.4.7", "3.2.1"]


def test_walk_and_traps():
    walk = [stop("#a"), stop("#b"), stop("#c"), stop("#a"), stop("#b")]
    assert [s["selector"] for s in walk_once(walk)] == ["#a", "#b", "#c"]
    assert find_trap(walk, focusables=3) is None                         # wrapped after the whole page
    assert find_trap([stop("#a"), stop("#b"), stop("#a"), stop("#b")], focusables=20)["kind"] == "cycle"
    assert find_trap([stop("#a"), stop("#b", held=5)], focusables=20) == {"kind": "stuck", "selector": "#b", "presses": 5}
    assert find_trap([stop("#f", held=9, frame=True)], focusables=20) is None   # Tab moves inside the iframe


def test_focus_order_flags_only_jumps_back_up_and_left():
    header, body, sidebar = stop("#nav", box=[0, 0, 100, 20]), stop("#p", box=[0, 400, 300, 20]), stop("#side", box=[700, 60, 200, 20])
    assert pc.backward_jumps([header, body, sidebar]) == []              # a right-hand column after the content
    same_line = [stop("#a", box=[0, 100, 50, 20]), stop("#b", box=[60, 103, 50, 18])]
    assert pc.backward_jumps(same_line) == []
    bottom_first = stop("#search", box=[0, 900, 200, 30])               # tabindex="1" at the foot of the page
    hidden = stop("#skip", box=[0, 0, 0, 0])
    out = pc.focus_order(portal(page("/", probes={"keyboard": {"order": [bottom_first, hidden, header, body], "trap": None}})))
    assert [f.selector for f in out.findings] == ["#nav"] and out.findings[0].wcag == ["2.4.3"] and out.score == 0


def test_text_resize_reports_new_clipping():
    data = {"scale": 2.0, "clipped": [{"selector": ".box", "text": "Closing date 12 May", "ellipsis": False}]}
    out = pc.text_resize(portal(page("/1", probes={"text_resize": data}),
                                page("/2", probes={"text_resize": {"scale": 2.0, "clipped": []}})))
    assert out.score == 0.5 and out.findings[0].message == "At 200% text size this text is cut off: 'Closing date 12 May'."


def test_bypass_blocks():
    broken = dict(DOM_CLEAN, skip_link={"selector": "a", "text": "Skip", "target": "nope", "target_exists": False})
    missing = dict(DOM_CLEAN, skip_link=None, main_landmark=False)
    landmark_only = dict(DOM_CLEAN, skip_link=None)
    out = pc.bypass_blocks(portal(page("/1", probes={"dom": broken}), page("/2", probes={"dom": missing}),
                                  page("/3", probes={"dom": landmark_only})))
    assert [f.url.rsplit("/", 1)[1] for f in out.findings] == ["1", "2"] and round(out.score, 2) == 0.33


def test_reflow_ignores_exempt_overflow():
    data = {"width": 320, "scroll_width": 900, "client_width": 320, "horizontal_scroll": False,
            "overflowing": [{"selector": "table", "tag": "table", "right": 900, "width": 900, "exempt": True}], "clipped": []}
    assert pc.reflow(portal(page("/", probes={"reflow": data}))).findings == []
    data = dict(data, horizontal_scroll=True, overflowing=[{"selector": ".wide", "tag": "div", "right": 900, "width": 900, "exempt": False}])
    assert [f.selector for f in pc.reflow(portal(page("/", probes={"reflow": data}))).findings] == [".wide"]


def test_visible_labels_accept_context():
    field = {"selector": "#q", "tag": "input", "text": "", "box": None, "type": "text", "name": "q"}
    dom = dict(DOM_CLEAN, unlabelled_fields=[dict(field, source="title", visible_context="button"),
                                             dict(field, selector="#r", source="placeholder", visible_context=""),
                                             dict(field, selector="#s", source="none", visible_context="legend")])
    found = pc.visible_labels(portal(page("/", probes={"dom": dom}))).findings
    assert [(f.selector, f.wcag) for f in found] == [("#r", ["3.3.2"]), ("#s", ["1.3.1", "3.3.2", "4.1.2"])]


def test_timing_only_flags_real_delays_and_silent_logouts():
    dom = dict(DOM_CLEAN, meta_refresh={"content": "0; url=/home", "delay": 0, "url": "/home"},
               timers=[{"delay_ms": 900000, "snippet": "setTimeout(logout, 900000)", "logout": True, "warns": False},
                       {"delay_ms": 900000, "snippet": "setTimeout(warnUser, 900000)", "logout": True, "warns": True}])
    found = pc.timing_adjustable(portal(page("/", probes={"dom": dom}))).findings
    assert len(found) == 1 and "15 min" in found[0].message


def test_link_purpose():
    p = portal(page("/", links=[link("/n/1", "Click here"), link("/n/2", "Read more…"), link("/n/3", "Notice"),
                                link("/n/4", "Notice"), link("/n/5", "Roads 2026-017"), link("/n/5#top", "Roads 2026-017")]))
    out = pc.link_purpose(p)
    messages = [f.message for f in out.findings]
    assert len(messages) == 3 and "'Click here'" in messages[0] and "'Read more…'" in messages[1]
    assert "2 links share the text 'notice'" in messages[2] and out.score == 0


def test_new_window_warning():
    warned, silent = link("/a", "Guide (opens in a new window)"), link("/b", "Guide")
    warned.new_window = silent.new_window = True
    out = pc.new_window_warning(portal(page("/", links=[warned, silent])))
    assert [f.selector for f in out.findings] == [silent.selector] and out.findings[0].wcag == ["3.2.5"]


def test_page_titles():
    out = pc.page_titles(portal(page("/a", title="Portal", text="search"), page("/b", title="Portal", text="notice"),
                                page("/c", title="Notice 17", text="x")))
    assert sorted(f.url[-2:] for f in out.findings) == ["/a", "/b"]
    assert pc.page_titles(portal(page("/a", title="Portal", text="same"), page("/a?x=1", title="Portal", text="same"))).findings == []


def test_document_checks_report_on_the_linking_page():
    untagged = DocumentArtifact(url="http://portal.test/spec.pdf", found_on=["http://portal.test/notice/1"],
                                pdf={"tagged": False, "lang": None, "title": "Spec", "text_layer": True, "scanned": False})
    scanned = DocumentArtifact(url="http://portal.test/scan.pdf", found_on=["http://portal.test/notice/2"],
                               pdf={"tagged": False, "lang": None, "title": None, "text_layer": False, "scanned": True})
    bundle = DocumentArtifact(url="http://portal.test/pack.zip", found_on=["http://portal.test/notice/3"], zip_members=[
        {"name": "form.docx", "office": {"title": None, "lang": "en-GB"}, "pdf": None, "members": None},
        {"name": "inner.zip", "pdf": None, "office": None, "members": [
            {"name": "tagged.pdf", "pdf": {"tagged": True, "lang": "en", "title": "T", "text_layer": True, "scanned": False}}]}])
    p = portal(page("/"), documents=[untagged, scanned, bundle])
    tagged = pc.documents_tagged(p)
    assert [f.url for f in tagged.findings] == ["http://portal.test/notice/1"] and tagged.score == 0.5
    assert [f.url for f in pc.documents_text(p).findings] == ["http://portal.test/notice/2"]
    assert [f.url for f in pc.documents_language(p).findings] == ["http://portal.test/notice/1"]
    titles = pc.documents_title(p).findings
    assert ["pack.zip → form.docx" in f.message for f in titles] == [False, True]
    assert pc.documents_tagged(portal(page("/"))).score is None


def test_each_url_template_counts_once_in_a_share():
    failing = {"dom": dict(DOM_CLEAN, skip_link=None, main_landmark=False)}
    months = [page(f"/events?month=2026-{m:02d}", probes={"dom": DOM_CLEAN}) for m in range(1, 13)]
    out = pc.bypass_blocks(portal(page("/", probes=failing), page("/tenders.htm", probes=failing), *months))
    assert out.score == 1 / 3                         # not 12/14: a calendar's months are one template
    assert out.value == {"pages": 14, "pages_clean": 12, "templates": 3, "instances": 2, "needs_review": 0}
    notices = [page(f"/notice/{n}", probes={"dom": failing["dom"] if n == 1 else DOM_CLEAN}) for n in range(1, 5)]
    assert pc.bypass_blocks(portal(page("/", probes={"dom": DOM_CLEAN}), *notices)).score == (1 + 3 / 4) / 2
