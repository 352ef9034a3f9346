"""Pure tests of the keyboard walk and the checks of checks/keyboard_checks.py (focus kept and visible, traps, order, bypass blocks), and how a share counts each URL template once, on hand-built artifacts."""
from __future__ import annotations

from auditor.probes.keyboard import find_trap, walk_once
from checks import keyboard_checks, layout_checks
from tests.artifact_factory import DOM_CLEAN, page, portal, stop


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
