"""The journey checks of checks/journey_checks.py, and the journey table reports show, on hand-built
journey records: pure logic, no browser."""
from model.artifacts import PageType, PortalArtifacts
from checks.journey_checks import first_result, journeys_complete, keyword_search
from model.journeys import FIRST_RESULT_JOURNEY, SEARCH_JOURNEY
from reports.journeys import journey_rows
from tests.artifact_factory import BASE, page
from tests.test_journeys import LISTING


def record(name, ok=True, builtin=True, pages=(), **extra):
    return {"name": name, "ok": ok, "builtin": builtin, "steps": 3, "steps_total": 3, "clicks": 1, "keystrokes": 5,
            "seconds": 2.14, "pages": list(pages), "screenshots": [], "failed_step": None, "not_possible": None,
            **extra}


NOTICE = page("/notice/1", depth=2, page_type=PageType("notice", ["notice signals: deadline, value, buyer"]))


def test_keyword_search_scores_reaching_a_notice():
    portal = PortalArtifacts("T", "t", BASE + "/", pages=[LISTING, NOTICE],
                             journeys=[record(SEARCH_JOURNEY, pages=[BASE + "/opportunities", BASE + "/notice/1"])])
    out = keyword_search(portal)
    assert out.score == 1.0 and out.value == "3 steps, 1 click, 5 keystrokes, 2.1 s"
    portal.journeys = [record(SEARCH_JOURNEY, pages=[BASE + "/opportunities", BASE + "/opportunities?q=x"])]
    assert keyword_search(portal).score == 0.5
    portal.journeys = [record(SEARCH_JOURNEY, ok=False, not_possible="no search box found")]
    out = keyword_search(portal)
    assert out.score is None and out.value == "not possible: no search box found"


def test_a_failed_journey_is_a_finding_with_its_step_and_screenshot():
    failed = {"index": 1, "step": 'click: {"css": "#nope"}', "expected": "element '#nope' to click",
              "url": BASE + "/opportunities", "error": "Locator.wait_for: Timeout 2000ms exceeded.",
              "screenshot": "artifacts/t/screenshots/journey-x-failed-1.jpg"}
    portal = PortalArtifacts("T", "t", BASE + "/", pages=[LISTING, NOTICE], journeys=[
        record("Find roads", builtin=False, pages=[BASE + "/notice/1"]),
        record("Broken", ok=False, builtin=False, failed_step=failed)])
    out = journeys_complete(portal)
    assert out.score == 0.5 and out.value == "1 of 2 journeys completed"
    [finding] = out.findings
    assert "step 2" in finding.message and "#nope" in finding.message and "Timeout" in finding.message
    assert finding.screenshot == failed["screenshot"] and finding.url == failed["url"]
    assert first_result(portal).score is None          # built-ins do not run when journeys are configured


def test_no_configured_journeys_is_not_applicable():
    assert journeys_complete(PortalArtifacts("T", "t", BASE + "/")).score is None


def test_journey_rows_say_what_each_cost_and_where_it_stopped():
    failed = record("Find the pack", ok=False, builtin=False, steps=2, failed_step={
        "index": 2, "step": "click: {'text': 'Download all'}", "expected": "an element with text 'Download all'",
        "url": BASE + "/notice/1", "error": "not found after 10 s", "screenshot": "artifacts/t/journeys/x.png"})
    rows = journey_rows([record(SEARCH_JOURNEY), failed,
                         record(FIRST_RESULT_JOURNEY, ok=False, not_possible="no notice-like link found")])
    assert [(r.name, r.kind, r.outcome) for r in rows] == [
        (SEARCH_JOURNEY, "built-in", "completed"), ("Find the pack", "configured", "failed"),
        (FIRST_RESULT_JOURNEY, "built-in", "not possible")]
    assert rows[0].effort == "3 steps, 1 click, 5 keystrokes, 2.1 s"
    assert rows[1].detail.startswith("Journey 'Find the pack' stopped at step 3 (click: {'text': 'Download all'}): "
                                     "expected an element with text 'Download all'")
    assert rows[1].url == BASE + "/notice/1" and rows[1].screenshot == "artifacts/t/journeys/x.png"
    assert rows[2].effort == "" and rows[2].detail == "no notice-like link found"
    assert journey_rows(None) == []
