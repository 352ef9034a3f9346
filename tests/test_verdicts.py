"""Never a false verdict: portal states, owner audits, unfinished probes, journeys our robots.txt
policy stopped, and diffs across hosts. Pure logic on saved artifacts, no browser."""
from __future__ import annotations

import asyncio

import pytest

from checks import layout_checks
from model.artifacts import CrawlSummary
from auditor.crawler import worth_retrying
from auditor.probes import ProbeKind, run_probe
from auditor.store import PortalStore
from checks.evaluate import evaluate_portal
from checks.journey_checks import journeys_complete, keyword_search
from checks.status import plain_network_error, portal_status
from reports.diff import diff_results
from reports.journeys import journey_rows
from reports.summary import supplier_summary
from tests.artifact_factory import page, portal

REFLOW_CLEAN = {"width": 320, "scroll_width": 320, "client_width": 320, "horizontal_scroll": False,
                "overflowing": [], "clipped": []}
REFLOW_FAILING = {**REFLOW_CLEAN, "horizontal_scroll": True, "scroll_width": 900,
                  "overflowing": [{"selector": "#wide", "exempt": False}]}
TIMED_OUT = {"error": "gave up after 2 tries of 4 s", "timed_out": True}


def with_crawl(p, stopped_because: str = "frontier exhausted"):
    p.crawl = CrawlSummary(pages=len(p.pages), errors=sum(bool(x.error) for x in p.pages),
                           stopped_because=stopped_because)
    return p


# --- portal states ----------------------------------------------------------------------------

def test_a_down_host_is_not_audited_and_gets_no_score_grade_metric_or_finding():
    down = with_crawl(portal(page("/", error="net::ERR_CONNECTION_REFUSED at http://portal.test/")),
                      "start page unreachable: net::ERR_CONNECTION_REFUSED at http://portal.test/")
    result = evaluate_portal(down)
    assert result["status"] == "not_audited"
    assert result["status_reason"] == "host unreachable: connection refused"
    assert result["score"] is None and result["grade"] is None
    assert result["categories"] == {} and result["checks"] == [] and result["findings"] == []
    assert "accessibility_statement" not in result["metrics"] and "open_data" not in result["metrics"]


def test_a_host_down_for_robots_txt_too_is_unreachable_not_refused():
    down = with_crawl(portal(page("/", error="host unreachable: connection refused (fetching robots.txt)")),
                      "start page unreachable: host unreachable: connection refused (fetching robots.txt)")
    assert portal_status(down).reason == "host unreachable: connection refused (fetching robots.txt)"


@pytest.mark.parametrize("stopped, reason", [
    ("sign-in failed: still on the sign-in page", "sign-in failed: still on the sign-in page"),
    ("start page disallowed by robots.txt", "refused by robots.txt"),
    ("interrupted", "interrupted before any page was gathered"),
    ("frontier exhausted", "no page gathered"),
])
def test_a_portal_without_any_loaded_page_is_not_audited_with_its_reason(stopped, reason):
    state = portal_status(with_crawl(portal(), stopped))
    assert (state.status, state.reason) == ("not_audited", reason)


def test_a_failed_sign_in_is_not_audited_even_with_pages_from_an_earlier_run():
    state = portal_status(with_crawl(portal(page("/")), "sign-in failed: still on the sign-in page"))
    assert (state.status, state.reason) == ("not_audited", "sign-in failed: still on the sign-in page")


@pytest.mark.parametrize("stopped, reason", [
    ("interrupted", "interrupted"),
    ("interrupted (during the supplier journeys)", "interrupted"),
    ("time_budget", "time budget spent"),
])
def test_a_cut_short_crawl_is_partial(stopped, reason):
    state = portal_status(with_crawl(portal(page("/"), page("/a", depth=1)), stopped))
    assert (state.status, state.reason) == ("partial", reason)
    assert evaluate_portal(with_crawl(portal(page("/")), stopped))["score"] is not None


def test_a_share_of_failed_pages_makes_the_audit_partial_and_a_few_do_not():
    pages = [page("/")] + [page(f"/p{i}", depth=1) for i in range(7)]
    many = pages + [page(f"/bad{i}", depth=1, error="HTTP 500") for i in range(3)]
    state = portal_status(with_crawl(portal(*many)))
    assert (state.status, state.reason) == ("partial", "3 of 11 pages failed")
    assert portal_status(with_crawl(portal(*pages, page("/bad", depth=1, error="HTTP 404")))).status == "audited"


def test_chromium_network_errors_in_plain_words():
    assert plain_network_error("net::ERR_NAME_NOT_RESOLVED at https://x.test/") == "host name not found"
    assert plain_network_error("Timeout 30000ms exceeded.") == "no answer within the page timeout"


def test_only_failures_that_may_not_recur_are_retried_on_resume():
    assert worth_retrying(None, "net::ERR_CONNECTION_REFUSED")
    assert worth_retrying(503, "HTTP 503") and worth_retrying(429, "HTTP 429")
    assert not worth_retrying(404, "HTTP 404") and not worth_retrying(200, None)


# --- owner audits ---------------------------------------------------------------------------

def test_a_signed_in_audit_leaves_open_access_not_applicable_and_says_why():
    owner = with_crawl(portal(page("/"), page("/notice/1", depth=1, title="Notice 1")))
    owner.signed_in = True
    result = evaluate_portal(owner)
    assert result["signed_in"] is True
    access = [c for c in result["checks"] if c["category"] == "access"]
    assert access and all(c["score"] is None and "signed in" in c["value"] for c in access)
    metrics = result["metrics"]
    assert metrics["notice_requires_login"] is None and metrics["documents_require_login"] is None
    assert "signed in" in metrics["unknown"]["notice_requires_login"]
    summary = supplier_summary(metrics, signed_in=True)
    assert "signed in" in summary[0] and not any("open to everyone" in s for s in summary)
    anonymous = evaluate_portal(with_crawl(portal(page("/"))))
    assert anonymous["signed_in"] is False


# --- probes that did not finish ---------------------------------------------------------------

def test_a_probe_that_timed_out_is_not_judged_never_a_pass():
    slow = with_crawl(portal(page("/", probes={"reflow": TIMED_OUT}), page("/b", probes={"reflow": TIMED_OUT})))
    out = layout_checks.reflow(slow)
    assert out.score is None and "did not finish on 2 pages" in out.value
    mixed = with_crawl(portal(page("/", probes={"reflow": TIMED_OUT}), page("/b", probes={"reflow": REFLOW_FAILING})))
    out = layout_checks.reflow(mixed)
    assert out.score == 0.0 and out.value["not_judged"] == 1 and out.value["pages"] == 1


def test_a_page_not_chosen_for_probes_is_not_counted_as_unjudged():
    out = layout_checks.reflow(with_crawl(portal(page("/", probes={"reflow": REFLOW_CLEAN}), page("/b"))))
    assert out.value["not_judged"] == 0 and out.score == 1.0


def test_a_slow_probe_gets_one_more_try_then_is_recorded_as_timed_out():
    calls: list[int] = []

    async def slow_once(_page):
        calls.append(1)
        await asyncio.sleep(5 if len(calls) == 1 else 0)
        return {"slow": {"ok": True}}

    async def always_slow(_page):
        await asyncio.sleep(5)
        return {"a": {"ok": True}, "b": {"ok": True}}

    assert asyncio.run(run_probe(None, ProbeKind("slow", slow_once, ("slow",), 0.2))) == {"slow": {"ok": True}}
    assert len(calls) == 2
    result = asyncio.run(run_probe(None, ProbeKind("both", always_slow, ("a", "b"), 0.1)))
    assert result.keys() == {"a", "b"}             # every probe id the kind fills is not tested
    assert all(r["timed_out"] and "gave up" in r["error"] for r in result.values())


# --- journeys our robots.txt policy stopped -----------------------------------------------------

NOT_TRIED = "step 2 (goto: /search?q=roads) was not tried: the portal's robots.txt asks crawlers to stay out"


def test_a_journey_step_robots_txt_refused_is_not_tried_and_not_scored():
    p = with_crawl(portal(page("/")))
    p.journeys = [{"name": "Search", "builtin": False, "ok": False, "not_tried": NOT_TRIED, "failed_step": None},
                  {"name": "Keyword search from the listing page", "builtin": True, "ok": False,
                   "not_tried": NOT_TRIED, "failed_step": None}]
    assert journeys_complete(p).score is None and "not tried" in journeys_complete(p).value
    assert keyword_search(p).score is None and "not tried" in keyword_search(p).value
    assert [r.outcome for r in journey_rows(p.journeys)] == ["not tried", "not tried"]
    assert not journeys_complete(p).findings


# --- diff and the run directory ---------------------------------------------------------------

def test_diff_lines_findings_up_across_hosts_and_ports():
    def results(base: str, path: str = "/notice?id=3") -> dict:
        return {"portals": [{"slug": "p", "name": "P", "score": 50.0,
                             "metrics": {"accessibility_statement": {"url": f"{base}/accessibility"}},
                             "findings": [{"check": "axe:image-alt", "url": f"{base}{path}", "selector": "img"}]}]}
    diff = diff_results(results("http://127.0.0.1:40001"), results("http://127.0.0.1:40999"))
    [entry] = diff["portals"]
    assert entry["findings_new"] == [] and entry["findings_fixed"] == [] and entry["metrics"] == {}
    [moved] = diff_results(results("http://a.test"), results("http://a.test", "/notice?id=4"))["portals"]
    assert len(moved["findings_new"]) == 1 and len(moved["findings_fixed"]) == 1


def test_fresh_clears_only_its_own_portal_folder(tmp_path):
    store = PortalStore(tmp_path, "mine")
    (store.root / "pages").mkdir(parents=True)
    (store.root / "pages" / "a.json").write_text("{}")
    (tmp_path / "artifacts" / "other").mkdir()
    store.clear()
    assert not store.root.exists() and (tmp_path / "artifacts" / "other").exists()
    with pytest.raises(ValueError):
        PortalStore(tmp_path, "../..").clear()
