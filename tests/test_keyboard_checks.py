"""Pure tests of the keyboard walk and the checks of checks/keyboard_checks.py (focus kept and visible, traps, order, bypass blocks), and how a share counts each URL template once, on hand-built artifacts."""
from __future__ import annotations

from checks import keyboard_checks, layout_checks
from checks.keyboard_walk import find_trap, judge_walk, walk_once
from model.artifacts import page_from_dict
from tests.artifact_factory import DOM_CLEAN, page, portal, stop


def test_no_probe_data_is_not_applicable():
    assert keyboard_checks.keyboard_trap(portal(page("/"))).score is None
    assert layout_checks.reflow(portal(page("/", probes={"reflow": {"error": "gave up"}}))).score is None


def walked(*stops: dict, focusables: int | None = None, last: str | None = None) -> dict:
    """A keyboard probe entry as the walk records it: the stops, and what it knew before pressing."""
    return {"focusables": len({s["selector"] for s in stops}) if focusables is None else focusables,
            "last": last, "presses": len(stops) + 1, "navigated": None, "stops": list(stops)}


def test_focus_visible_and_kept():
    # the walk came round to #a again: only the first round is judged, so #b is reported once
    walk = walked(stop("#a"), stop("#b", changed=False), stop("#c", lost=True), stop("#a"), stop("#b", changed=False))
    p = portal(page("/", probes={"dom": DOM_CLEAN, "keyboard": walk}))
    visible = keyboard_checks.keyboard_focus_visible(p)
    assert [f.selector for f in visible.findings] == ["#b"] and visible.score == 0
    kept = keyboard_checks.keyboard_focus_kept(p)
    assert [f.selector for f in kept.findings] == ["#c"] and kept.findings[0].wcag == ["2.1.1", "2.1.3", "2.4.7", "3.2.1"]


def test_the_trap_is_judged_from_the_stored_stops():
    stuck = walked(stop("#a"), stop("#trap", held=6), focusables=9)
    out = keyboard_checks.keyboard_trap(portal(page("/", probes={"keyboard": stuck})))
    assert [(f.selector, f.message) for f in out.findings] == [
        ("#trap", "Keyboard trap: Tab pressed 6 times without focus leaving it.")]
    assert judge_walk(stuck).reached_end is False
    round_trip = walked(stop("#a"), stop("#b"), stop("#a"), focusables=2, last="#b")
    assert judge_walk(round_trip).trap is None and judge_walk(round_trip).reached_end
    assert keyboard_checks.keyboard_trap(portal(page("/", probes={"keyboard": round_trip}))).score == 1


def test_a_walk_recorded_before_the_stops_were_stored_keeps_its_verdict():
    """Old runs stored one round ("order") and the verdict ("trap"): rescore reads them as recorded."""
    trap = {"kind": "stuck", "selector": "#trap", "presses": 40}
    old = {"focusables": 9, "presses": 14, "reached_end": False, "navigated": None,
           "order": [stop("#a"), stop("#b", changed=False)], "trap": trap}
    p = portal(page("/", probes={"keyboard": old}))
    assert [f.selector for f in keyboard_checks.keyboard_trap(p).findings] == ["#trap"]
    assert [f.selector for f in keyboard_checks.keyboard_focus_visible(p).findings] == ["#b"]
    assert judge_walk(old).order == old["order"] and judge_walk(old).trap == trap


def test_a_page_stored_before_probe_times_and_raw_probe_facts_rescores():
    """A page artifact as an older version wrote it (verdicts in the probes, timing_ms, no probe_times)
    loads and is judged as it was then."""
    from checks import structure_checks
    old = {"url": "http://portal.test/", "final_url": "http://portal.test/", "status": 200, "title": "Old",
           "probes": {"dom": dict(DOM_CLEAN, timers=[{"delay_ms": 900000, "snippet": "setTimeout(logout, 900000)",
                                                      "logout": True, "warns": False}]),
                      "keyboard": {"focusables": 3, "presses": 8, "reached_end": True, "navigated": None,
                                   "order": [stop("#a"), stop("#b", changed=False)], "trap": None},
                      "reflow": {"width": 320, "scroll_width": 900, "client_width": 320, "horizontal_scroll": True,
                                 "overflowing": [{"selector": ".wide", "tag": "div", "right": 900, "width": 900,
                                                  "exempt": False}], "clipped": []},
                      "timing_ms": {"dom": 20, "keyboard": 130, "reflow": 100, "total": 250}}}
    p = portal(page_from_dict(old))
    assert p.pages[0].probe_times == {}
    assert [f.selector for f in keyboard_checks.keyboard_focus_visible(p).findings] == ["#b"]
    assert keyboard_checks.keyboard_trap(p).score == 1
    assert [f.selector for f in layout_checks.reflow(p).findings] == [".wide"]
    assert len(structure_checks.timing_adjustable(p).findings) == 1


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
    out = keyboard_checks.focus_order(portal(page("/", probes={"keyboard": walked(bottom_first, hidden, header, body)})))
    assert [f.selector for f in out.findings] == ["#nav"] and out.findings[0].wcag == ["2.4.3"] and out.score == 0


def test_bypass_blocks():
    broken = dict(DOM_CLEAN, skip_link={"selector": "a", "text": "Skip", "target": "nope", "target_exists": False})
    missing = dict(DOM_CLEAN, skip_link=None, main_landmark=False, headings=0, focusables_before_content=12)
    landmark_only = dict(DOM_CLEAN, skip_link=None)
    out = keyboard_checks.bypass_blocks(portal(page("/1", probes={"dom": broken}), page("/2", probes={"dom": missing}),
                                  page("/3", probes={"dom": landmark_only})))
    assert [f.url.rsplit("/", 1)[1] for f in out.findings] == ["1", "2"] and round(out.score, 2) == 0.33


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


def test_each_url_template_counts_once_in_a_share():
    failing = {"dom": dict(DOM_CLEAN, skip_link=None, main_landmark=False, headings=0)}
    months = [page(f"/events?month=2026-{m:02d}", probes={"dom": DOM_CLEAN}) for m in range(1, 13)]
    out = keyboard_checks.bypass_blocks(portal(page("/", probes=failing), page("/tenders.htm", probes=failing), *months))
    assert out.score == 1 / 3                         # not 12/14: a calendar's months are one template
    assert out.value == {"pages": 14, "pages_clean": 12, "templates": 3, "instances": 2, "not_judged": 0,
                         "needs_review": 0}
    notices = [page(f"/notice/{n}", probes={"dom": failing["dom"] if n == 1 else DOM_CLEAN}) for n in range(1, 5)]
    assert keyboard_checks.bypass_blocks(portal(page("/", probes={"dom": DOM_CLEAN}), *notices)).score == (1 + 3 / 4) / 2
