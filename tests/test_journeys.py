"""Journey validation and built-in journey planning: pure logic, no browser (the journey checks:
test_journey_checks.py)."""
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from model.artifacts import Form, FormField, PageArtifact, PageType
from auditor.config import ConfigError, parse_config
from auditor.journeys.planner import builtin_journeys, common_word, notice_links
from auditor.journeys.steps import STEP_KINDS, parse_journeys
from auditor.login_config import validate_login
from model.journeys import FIRST_RESULT_JOURNEY, SEARCH_JOURNEY
from tests.artifact_factory import BASE, link, page

WHERE = "portals.yaml: portal 'A'"
CONFIG = parse_config({"portals": [{"name": "A", "url": BASE + "/"}]}, Path("portals.yaml"))[0]


def test_a_documented_journey_parses_into_steps_with_timeouts():
    [journey] = parse_journeys(WHERE, [{"name": "Search", "timeout": 5, "steps": [
        {"goto": "/opportunities"}, {"fill": {"label": "Keywords", "value": "roads"}},
        {"click": {"role": "button", "name": "Search"}}, {"expect": {"text": "results"}},
        {"wait_for": {"url": "/notice/"}, "timeout": 20}, {"press": "Enter"}, {"audit": "here"},
        {"screenshot": "notice"}]}], submit_forms=False)
    assert [s.action for s in journey.steps] == ["goto", "fill", "click", "expect", "wait_for", "press", "audit",
                                                 "screenshot"]
    assert [s.timeout for s in journey.steps][3:5] == [5.0, 20.0]
    assert journey.steps[5].arg == {"key": "Enter"}


def test_config_validation_and_the_journey_language_load_no_browser():
    """Validating portals.yaml (journeys and sign-in included) and reading journey records need no
    Playwright: the config <-> journeys/login import circle is gone."""
    portal = {"name": "A", "url": BASE + "/", "journeys": [{"name": "J", "steps": [{"goto": "/"}]}],
              "login": {"steps": [{"goto": "/login"}]}}
    code = ("import sys; from pathlib import Path; import auditor.config, auditor.journeys.records, "
            f"auditor.journeys.planner; auditor.config.parse_config({{'portals': [{portal!r}]}}, Path('p.yaml')); "
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'playwright', 'httpx', 'pikepdf'}))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"


def test_every_step_kind_validates_acts_and_says_what_it_expects():
    """One table: each step kind carries its validation, its action and its expected text."""
    steps = {"goto": "/x", "click": {"text": "Go"}, "fill": {"label": "Q", "value": "roads"},
             "select": {"label": "Region", "option": "North"}, "check": {"label": "Open only"},
             "press": "Enter", "wait_for": {"url": "q="}, "expect": {"title": "Results"},
             "screenshot": "shot", "audit": "here"}
    assert set(steps) == set(STEP_KINDS)
    [journey] = parse_journeys(WHERE, [{"name": "All", "steps": [{k: v} for k, v in steps.items()]}], False)
    assert [s.expected for s in journey.steps] == [
        "page /x loads", "text 'Go' to click", "label 'Q' to fill", "label 'Region' to select",
        "label 'Open only' to check", "key Enter pressed", "URL containing 'q='", "title containing 'Results'",
        "screenshot", "audit"]


@pytest.mark.parametrize("journeys, words", [
    ([{"steps": [{"goto": "/"}]}], ["journeys[0]", "name"]),
    ([{"name": "J", "steps": []}], ["journeys[0].steps"]),
    ([{"name": "J", "steps": [{"clik": {"text": "Go"}}]}], ["journeys[0].steps[0].clik"]),
    ([{"name": "J", "steps": [{"click": {"text": "Go"}, "goto": "/"}]}], ["exactly one action"]),
    ([{"name": "J", "steps": [{"click": {"role": "button", "css": "#go"}}]}], ["steps[0].click", "exactly one"]),
    ([{"name": "J", "steps": [{"click": {"name": "Go"}}]}], ["steps[0].click"]),
    ([{"name": "J", "steps": [{"fill": {"label": "Keywords"}}]}], ["steps[0].fill", "value"]),
    ([{"name": "J", "steps": [{"goto": "ftp://x.org/"}]}], ["steps[0].goto"]),
    ([{"name": "J", "steps": [{"expect": {"colour": "red"}}]}], ["steps[0].expect"]),
    ([{"name": "J", "steps": [{"goto": "/", "timeout": 0}]}], ["steps[0].timeout"]),
    ([{"name": "J", "steps": [{"audit": "there"}]}], ["steps[0].audit"]),
    ([{"name": "J", "steps": [{"goto": "/"}]}, {"name": "J", "steps": [{"goto": "/"}]}], ["two journeys", "'J'"]),
])
def test_bad_journeys_name_the_portal_and_key(journeys, words):
    with pytest.raises(ConfigError) as err:
        parse_journeys(WHERE, journeys, submit_forms=False)
    for word in [WHERE, *words]:
        assert word in str(err.value)


def test_clicking_a_submit_button_is_refused_without_submit_forms_but_search_is_not():
    journey = [{"name": "EOI", "steps": [{"click": {"role": "button", "name": "Submit expression of interest"}}]}]
    with pytest.raises(ConfigError, match=r"steps\[0\]\.click.*submit_forms: true"):
        parse_journeys(WHERE, journey, submit_forms=False)
    parse_journeys(WHERE, journey, submit_forms=True)
    parse_journeys(WHERE, [{"name": "S", "steps": [{"click": {"role": "button", "name": "Search"}}]}], False)




LISTING = page("/opportunities", depth=1, page_type=PageType("listing", ["heading: Opportunities"]), links=[
    link("/", "Home"), link("/opportunities", "Skip to main content"),
    link("/notice/1", "Highway resurfacing works 2026"), link("/notice/2", "School catering services"),
    link("/notice/3", "Resurfacing of car parks"), link("/help", "Help and FAQs")],
    forms=[Form(method="get", fields=[FormField(tag="input", type="text", name="q", label="Keywords", selector="#q")])])


def test_notice_links_are_titled_links_sharing_a_url_template():
    assert notice_links(LISTING) == ["Highway resurfacing works 2026", "School catering services",
                                     "Resurfacing of car parks"]


def test_the_search_word_is_the_commonest_content_word_of_the_titles():
    assert common_word(["Highway resurfacing works", "Resurfacing of car parks", "School catering"]) == "resurfacing"
    assert common_word(["a to b"]) is None


def test_builtin_journeys_are_planned_from_the_listing_page():
    search, first = builtin_journeys([page("/"), LISTING], CONFIG)
    assert search.name == SEARCH_JOURNEY and search.builtin and search.not_possible is None
    assert [s.action for s in search.steps] == ["goto", "fill", "press", "wait_for", "expect", "click"]
    assert search.steps[1].arg == {"css": "#q", "value": "resurfacing"}
    assert first.name == FIRST_RESULT_JOURNEY
    assert first.steps[1].arg == {"role": "link", "name": "Highway resurfacing works 2026", "exact": True}


@pytest.mark.parametrize("form, reason", [
    (None, "no search box found"),
    (Form(method="script", fields=[FormField(tag="input", name="keyword", selector="#k")]), "not part of a form"),
    (Form(method="post", fields=[FormField(tag="input", type="search", selector="#k")]), "method POST"),
])
def test_builtin_search_says_why_it_is_not_possible(form, reason):
    listing = PageArtifact(**{**LISTING.__dict__, "forms": [form] if form else []})
    search, _ = builtin_journeys([listing], CONFIG)
    assert search.not_possible and reason in search.not_possible and not search.steps


def test_builtin_journeys_without_any_page_are_not_possible():
    assert all(j.not_possible for j in builtin_journeys([], CONFIG))


def test_the_worked_example_is_valid():
    example = yaml.safe_load((Path(__file__).parents[1] / "examples" / "journeys.yaml").read_text())
    for portal in parse_config(example, Path("examples/journeys.yaml")):
        parse_journeys(f"portal {portal.name!r}", portal.journeys, portal.submit_forms)
        if portal.login:
            validate_login(f"portal {portal.name!r}", portal.login)
