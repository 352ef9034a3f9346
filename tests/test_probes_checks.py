"""Pure tests of the probe checks and the keyboard walk's judgement, on hand-built artifacts."""
from __future__ import annotations

from model.artifacts import DocumentArtifact
from auditor.probes.keyboard import find_trap, walk_once
from auditor.probes.layout import unintended
from checks import document_checks, keyboard_checks, layout_checks, link_checks, structure_checks
from tests.artifact_factory import link, page, portal

DOM_CLEAN = {"fake_headings": [], "images_of_text": [], "colour_only_links": [], "unlabelled_fields": [],
             "change_navigation": [], "focus_blur": [], "mouse_only": [], "javascript_links": [], "layout_tables": [],
             "skip_link": {"selector": "a", "text": "Skip", "target": "main", "target_exists": True},
             "main_landmark": True, "headings": 3, "focusables": 5, "meta_refresh": None, "timers": []}


def stop(selector: str, **extra) -> dict:
    return {"selector": selector, "tag": "a", "text": selector, "box": [0, 0, 10, 10], "in_viewport": True,
            "changed": True, "lost": False, "held": 1, "frame": False, **extra}


def test_no_probe_data_is_not_applicable():
    assert keyboard_checks.keyboard_trap(portal(page("/"))).score is None
    assert layout_checks.reflow(portal(page("/", probes={"reflow": {"error": "gave up"}}))).score is None


def test_focus_visible_and_kept():
    probes = {"dom": DOM_CLEAN, "keyboard": {"order": [stop("#a"), stop("#b", changed=False), stop("#c", lost=True)], "trap": None}}
    p = portal(page("/", probes=probes))
    visible = keyboard_checks.keyboard_focus_visible(p)
    assert [f.selector for f in visible.findings] == ["#b"] and visible.score == 0
    kept = keyboard_checks.keyboard_focus_kept(p)
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
    assert keyboard_checks.backward_jumps([header, body, sidebar]) == []              # a right-hand column after the content
    same_line = [stop("#a", box=[0, 100, 50, 20]), stop("#b", box=[60, 103, 50, 18])]
    assert keyboard_checks.backward_jumps(same_line) == []
    bottom_first = stop("#search", box=[0, 900, 200, 30])               # tabindex="1" at the foot of the page
    hidden = stop("#skip", box=[0, 0, 0, 0])
    out = keyboard_checks.focus_order(portal(page("/", probes={"keyboard": {"order": [bottom_first, hidden, header, body], "trap": None}})))
    assert [f.selector for f in out.findings] == ["#nav"] and out.findings[0].wcag == ["2.4.3"] and out.score == 0


def test_text_resize_fails_page_zoom_clipping_and_leaves_text_only_zoom_to_a_person():
    box = {"selector": ".box", "text": "Closing date 12 May", "ellipsis": False}
    zoomed = {"scale": 2.0, "clipped": [box], "zoom_clipped": [box]}
    text_only = {"scale": 2.0, "clipped": [dict(box, selector=".fee", text="Fee")], "zoom_clipped": []}
    out = layout_checks.text_resize(portal(page("/1", probes={"text_resize": zoomed}), page("/2", probes={"text_resize": text_only}),
                                page("/3", probes={"text_resize": {"scale": 2.0, "clipped": [], "zoom_clipped": []}})))
    assert [(f.url[-2:], f.certainty) for f in out.findings] == [("/1", "failure"), ("/2", "needs_review")]
    assert out.findings[0].message == "At 200% zoom this text is cut off: 'Closing date 12 May'."
    assert round(out.score, 2) == 0.67                 # a page that needs review still passes


def test_bypass_blocks():
    broken = dict(DOM_CLEAN, skip_link={"selector": "a", "text": "Skip", "target": "nope", "target_exists": False})
    missing = dict(DOM_CLEAN, skip_link=None, main_landmark=False, headings=0, focusables_before_content=12)
    landmark_only = dict(DOM_CLEAN, skip_link=None)
    out = keyboard_checks.bypass_blocks(portal(page("/1", probes={"dom": broken}), page("/2", probes={"dom": missing}),
                                  page("/3", probes={"dom": landmark_only})))
    assert [f.url.rsplit("/", 1)[1] for f in out.findings] == ["1", "2"] and round(out.score, 2) == 0.33


def test_reflow_ignores_exempt_overflow():
    data = {"width": 320, "scroll_width": 900, "client_width": 320, "horizontal_scroll": False,
            "overflowing": [{"selector": "table", "tag": "table", "right": 900, "width": 900, "exempt": True}], "clipped": []}
    assert layout_checks.reflow(portal(page("/", probes={"reflow": data}))).findings == []
    data = dict(data, horizontal_scroll=True, overflowing=[{"selector": ".wide", "tag": "div", "right": 900, "width": 900, "exempt": False}])
    assert [f.selector for f in layout_checks.reflow(portal(page("/", probes={"reflow": data}))).findings] == [".wide"]


def test_visible_labels_accept_context():
    field = {"selector": "#q", "tag": "input", "text": "", "box": None, "type": "text", "name": "q"}
    dom = dict(DOM_CLEAN, unlabelled_fields=[dict(field, source="title", visible_context="button"),
                                             dict(field, selector="#r", source="placeholder", visible_context=""),
                                             dict(field, selector="#s", source="none", visible_context="legend")])
    found = structure_checks.visible_labels(portal(page("/", probes={"dom": dom}))).findings
    assert [(f.selector, f.wcag) for f in found] == [("#r", ["3.3.2"]), ("#s", ["1.3.1", "3.3.2", "4.1.2"])]


def test_required_by_colour_alone_is_f81():
    form = {"selector": "form", "tag": "form", "text": "", "box": None, "required": "Company name",
            "color": "rgb(187, 0, 0)", "other_color": "rgb(0, 0, 0)"}
    found = structure_checks.visible_labels(portal(page("/", probes={"dom": dict(DOM_CLEAN, colour_only_required=[form])}))).findings
    assert [(f.selector, f.wcag) for f in found] == [("form", ["1.4.1", "3.3.2"])]


def test_timing_only_flags_real_delays_and_silent_logouts():
    dom = dict(DOM_CLEAN, meta_refresh={"content": "0; url=/home", "delay": 0, "url": "/home"},
               timers=[{"delay_ms": 900000, "snippet": "setTimeout(logout, 900000)", "logout": True, "warns": False},
                       {"delay_ms": 900000, "snippet": "setTimeout(warnUser, 900000)", "logout": True, "warns": True}])
    found = structure_checks.timing_adjustable(portal(page("/", probes={"dom": dom}))).findings
    assert len(found) == 1 and "15 min" in found[0].message and found[0].certainty == "needs_review"


def test_meta_refresh_follows_act_bc659a():
    def refresh(delay):
        dom = dict(DOM_CLEAN, meta_refresh={"content": f"{delay}; url=/x", "delay": delay, "url": "/x"})
        return [f.certainty for f in structure_checks.timing_adjustable(portal(page("/", probes={"dom": dom}))).findings]
    assert refresh(0) == [] and refresh(72001) == []                 # a redirect; past the 20-hour exception
    assert refresh(30) == ["failure"] and refresh(72000) == ["failure"]


def test_bypass_blocks_accepts_any_sufficient_means():
    def hits(**dom):
        data = dict(DOM_CLEAN, skip_link=None, main_landmark=False, landmarks=[], headings=0,
                    headings_after_first_focusable=0, focusables_before_content=12)
        return len(keyboard_checks.bypass_blocks(portal(page("/", probes={"dom": dict(data, **dom)}))).findings)
    assert hits() == 1
    assert hits(landmarks=["nav"]) == 0 and hits(headings=4, headings_after_first_focusable=3) == 0
    assert hits(headings=1, headings_after_first_focusable=0) == 1    # a title above the menu is no way past it
    assert hits(focusables_before_content=2) == 0                     # no repeated block to bypass


def test_trap_ignores_a_walk_round_a_small_page():
    two = [stop("#a"), stop("#b"), stop("#a"), stop("#b")]
    assert find_trap(two, focusables=3, last="#b") is None            # Tab wrapped through the browser
    assert find_trap(two, focusables=3, last="#z")["kind"] == "cycle"


def test_headings_heuristic_fails_only_strong_cases():
    def fake(size, bold):
        return {"selector": f"#h{size}", "tag": "p", "text": "Open tenders", "box": None, "font_size": size,
                "base_size": 12, "bold": bold}
    dom = dict(DOM_CLEAN, fake_headings=[fake(20, False), fake(16, True), fake(14.4, True)])
    out = structure_checks.headings_marked_up(portal(page("/", probes={"dom": dom})))
    assert [f.certainty for f in out.findings] == ["failure", "failure", "needs_review"]


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
    tagged = document_checks.documents_tagged(p)
    assert [f.url for f in tagged.findings] == ["http://portal.test/notice/1"] and tagged.score == 0.5
    assert [f.url for f in document_checks.documents_text(p).findings] == ["http://portal.test/notice/2"]
    assert [f.url for f in document_checks.documents_language(p).findings] == ["http://portal.test/notice/1"]
    titles = document_checks.documents_title(p).findings
    assert ["pack.zip → form.docx" in f.message for f in titles] == [False, True]
    assert document_checks.documents_tagged(portal(page("/"))).score is None


def test_each_url_template_counts_once_in_a_share():
    failing = {"dom": dict(DOM_CLEAN, skip_link=None, main_landmark=False, headings=0)}
    months = [page(f"/events?month=2026-{m:02d}", probes={"dom": DOM_CLEAN}) for m in range(1, 13)]
    out = keyboard_checks.bypass_blocks(portal(page("/", probes=failing), page("/tenders.htm", probes=failing), *months))
    assert out.score == 1 / 3                         # not 12/14: a calendar's months are one template
    assert out.value == {"pages": 14, "pages_clean": 12, "templates": 3, "instances": 2, "not_judged": 0,
                         "needs_review": 0}
    notices = [page(f"/notice/{n}", probes={"dom": failing["dom"] if n == 1 else DOM_CLEAN}) for n in range(1, 5)]
    assert keyboard_checks.bypass_blocks(portal(page("/", probes={"dom": DOM_CLEAN}), *notices)).score == (1 + 3 / 4) / 2


def test_page_zoom_clipping_follows_act_59br37_exceptions():
    def box(**kw):
        return {"selector": ".b", "text": "t", "clips_x": False, "clips_y": True, "intended_x": False,
                "line_height": 19.2, "height": 40, **kw}
    assert unintended([box()]) == [box()]                                        # two lines' box cut short
    assert unintended([box(height=19.2)]) == []                                  # one line high on purpose
    assert unintended([box(clips_x=True, clips_y=False, intended_x=True)]) == []  # nowrap with an ellipsis
    grown = box(line_height=33.6, height=18)                                     # text-only zoom outgrew the line
    assert unintended([grown]) == [] and unintended([grown], outgrown=1.25) == [grown]


def test_new_checks_on_recorded_facts():
    media = {"selector": "audio", "tag": "audio", "text": "", "box": None, "autoplay": True, "muted": False,
             "controls": False, "loop": False, "duration": None, "tracks": [], "rendered": False}
    quiet = [dict(media, muted=True), dict(media, controls=True), dict(media, duration=2.5)]
    dom = dict(DOM_CLEAN, media=[dict(media, duration=4), media, *quiet], justified=[], orientation_locks=[])
    out = layout_checks.media_control(portal(page("/", probes={"dom": dom})))
    assert [(f.wcag, f.certainty) for f in out.findings] == [(["1.4.2"], "failure"), (["1.4.2"], "needs_review")]
    assert "plays with sound as the page opens for 4 s" in out.findings[0].message
    video = dict(media, tag="video", autoplay=False, controls=True, rendered=True)
    captioned = dict(video, tracks=["captions"])
    bare = dict(captioned, controls=False)
    out = layout_checks.media_control(portal(page("/", probes={"dom": dict(dom, media=[video, captioned, bare])})))
    assert [(f.wcag, f.certainty) for f in out.findings] == [(["1.2.2"], "needs_review"), (["2.1.1"], "needs_review")]
    assert out.score == 1
    lock = {"selector": "html", "rule": "html { transform: rotate(90deg); }", "orientation": "portrait"}
    assert len(layout_checks.orientation(portal(page("/", probes={"dom": dict(dom, orientation_locks=[lock])}))).findings) == 1
    block = {"selector": "p", "tag": "p", "text": "Terms", "box": None, "chars": 400}
    assert layout_checks.justified_text(portal(page("/", probes={"dom": dict(dom, justified=[block])}))).findings[0].wcag == ["1.4.8"]


def test_placeholder_titles():
    out = link_checks.page_titles(portal(page("/a", title="Untitled Document"), page("/b", title="new page 1"),
                                page("/c", title="notice.html"), page("/d", title="Road resurfacing - Notices")))
    assert sorted(f.url[-2:] for f in out.findings) == ["/a", "/b", "/c"] and out.score == 0.25
    assert link_checks.page_titles(portal(page("/a", title="Home - Northshire Council"))).findings == []


def test_language_of_parts_from_the_words():
    welsh = "Mae’r cyngor yn gwahodd tendrau ar gyfer ailwynebu ffyrdd yn yr ardal ogleddol yn ystod 2026 a 2027."
    english = "The council invites tenders for resurfacing roads in the northern district during 2026 and 2027."
    blocks = [{"selector": "#cy", "text": welsh, "lang": "en-GB"}, {"selector": "#ok", "text": welsh, "lang": "cy"},
              {"selector": "#en", "text": english, "lang": "en"}, {"selector": "#names", "text": "Lot 1 North Lot 2 East Lot 3 West Lot 4 South", "lang": "en"},
              {"selector": "#undeclared", "text": welsh, "lang": ""}]
    out = structure_checks.language_of_parts(portal(page("/", probes={"dom": dict(DOM_CLEAN, text_blocks=blocks)})))
    assert [f.selector for f in out.findings] == ["#cy"] and out.findings[0].wcag == ["3.1.2"]


def test_table_headers_styled_only():
    table = {"selector": "table", "tag": "table", "text": "", "box": None, "rows": 4, "columns": 3, "header": "Lot | Area | Value"}
    out = structure_checks.table_headers(portal(page("/", probes={"dom": dict(DOM_CLEAN, styled_table_headers=[table])})))
    assert [f.wcag for f in out.findings] == [["1.3.1"]] and out.score == 0
