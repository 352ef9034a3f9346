"""Pure tests of the layout checks of checks/layout_checks.py (reflow, text resize and spacing, media, orientation, justified text) and the zoom probe's clipping rule, on hand-built artifacts."""
from __future__ import annotations

from checks import layout_checks
from checks.layout_checks import unintended
from tests.artifact_factory import DOM_CLEAN, page, portal


def test_text_resize_fails_page_zoom_clipping_and_leaves_text_only_zoom_to_a_person():
    box = {"selector": ".box", "text": "Closing date 12 May", "ellipsis": False, "clips_x": False, "clips_y": True,
           "intended_x": False, "line_height": 19.2, "height": 40}
    zoomed = {"scale": 2.0, "clipped": [box], "zoom_clipped": [box]}
    text_only = {"scale": 2.0, "clipped": [dict(box, selector=".fee", text="Fee")], "zoom_clipped": []}
    out = layout_checks.text_resize(portal(page("/1", probes={"text_resize": zoomed}), page("/2", probes={"text_resize": text_only}),
                                page("/3", probes={"text_resize": {"scale": 2.0, "clipped": [], "zoom_clipped": []}})))
    assert [(f.url[-2:], f.certainty) for f in out.findings] == [("/1", "failure"), ("/2", "needs_review")]
    assert out.findings[0].message == "At 200% zoom this text is cut off: 'Closing date 12 May'."
    assert round(out.score, 2) == 0.67                 # a page that needs review still passes


def test_reflow_ignores_two_dimensional_overflow():
    def reflow(*overflowing, scrolls=True):
        data = {"width": 320, "scroll_width": 900, "client_width": 320, "horizontal_scroll": scrolls,
                "overflowing": list(overflowing), "clipped": []}
        return [f.selector for f in layout_checks.reflow(portal(page("/", probes={"reflow": data}))).findings]
    def wide(selector, content_2d="", text="Lot 1 resurfacing"):
        return {"selector": selector, "tag": "div", "right": 900, "width": 900, "content_2d": content_2d, "text": text}
    assert reflow(wide("td", "within")) == []                             # a cell of a data table
    assert reflow(wide(".map", "holds", text="")) == []                    # holds a map and no text
    assert reflow(wide(".card", "holds")) == [".card"]                     # its text scrolls too
    assert reflow(wide(".wide"), wide("td", "within")) == [".wide"]
    assert reflow(wide(".wide"), scrolls=False) == []                      # the page itself does not scroll


def test_reflow_reads_runs_that_stored_the_exemption():
    data = {"width": 320, "scroll_width": 900, "client_width": 320, "horizontal_scroll": False,
            "overflowing": [{"selector": "table", "tag": "table", "right": 900, "width": 900, "exempt": True}], "clipped": []}
    assert layout_checks.reflow(portal(page("/", probes={"reflow": data}))).findings == []
    data = dict(data, horizontal_scroll=True, overflowing=[{"selector": ".wide", "tag": "div", "right": 900, "width": 900, "exempt": False}])
    assert [f.selector for f in layout_checks.reflow(portal(page("/", probes={"reflow": data}))).findings] == [".wide"]


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
