"""Pure tests of the structure checks of checks/structure_checks.py (labels, headings, timing, language of parts, table headers), on hand-built artifacts."""
from __future__ import annotations

from checks import structure_checks
from tests.artifact_factory import DOM_CLEAN, page, portal


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
    silent = "var t = setTimeout(function () { location.href = '/logout'; }, 900000);"
    warned = "setTimeout(function () { location.href = '/logout'; }, 900000); function warnUser() {}"
    timer = {"delay_ms": 900000, "snippet": "setTimeout(...)", "callback": "function () { location.href = '/logout'; }"}
    dom = dict(DOM_CLEAN, meta_refresh={"content": "0; url=/home", "delay": 0, "url": "/home"},
               timers=[dict(timer, script=0), dict(timer, script=1), dict(timer, callback="tick", script=0),
                       dict(timer, delay_ms=5000, script=0)],
               timer_scripts=[silent, warned])
    found = structure_checks.timing_adjustable(portal(page("/", probes={"dom": dom}))).findings
    assert len(found) == 1 and "15 min" in found[0].message and found[0].certainty == "needs_review"


def test_timers_recorded_with_their_verdicts_are_read_as_recorded():
    dom = dict(DOM_CLEAN, timers=[{"delay_ms": 900000, "snippet": "setTimeout(logout, 900000)", "logout": True, "warns": False},
                                  {"delay_ms": 900000, "snippet": "setTimeout(warnUser, 900000)", "logout": True, "warns": True}])
    found = structure_checks.timing_adjustable(portal(page("/", probes={"dom": dom}))).findings
    assert len(found) == 1 and "15 min" in found[0].message


def test_meta_refresh_follows_act_bc659a():
    def refresh(delay):
        dom = dict(DOM_CLEAN, meta_refresh={"content": f"{delay}; url=/x", "delay": delay, "url": "/x"})
        return [f.certainty for f in structure_checks.timing_adjustable(portal(page("/", probes={"dom": dom}))).findings]
    assert refresh(0) == [] and refresh(72001) == []                 # a redirect; past the 20-hour exception
    assert refresh(30) == ["failure"] and refresh(72000) == ["failure"]


def test_headings_heuristic_fails_only_strong_cases():
    def fake(size, bold):
        return {"selector": f"#h{size}", "tag": "p", "text": "Open tenders", "box": None, "font_size": size,
                "base_size": 12, "bold": bold}
    dom = dict(DOM_CLEAN, fake_headings=[fake(20, False), fake(16, True), fake(14.4, True)])
    out = structure_checks.headings_marked_up(portal(page("/", probes={"dom": dom})))
    assert [f.certainty for f in out.findings] == ["failure", "failure", "needs_review"]


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
