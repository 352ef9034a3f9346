"""The check framework: a check is its declaration, and the framework enforces it (required
artifacts, the id and WCAG of findings, one pass mark); checks are listed explicitly in order, and
results.json carries their words so reports render from results alone."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from checks.catalogue import CHECKS, all_checks
from checks.evaluate import evaluate
from checks.registry import Check, CheckMeta, Finding, Outcome, check, run_all, run_check
from model.methodology import CATEGORIES, PASS_MARK
from reports.render import render_report
from tests.artifact_factory import page, portal

REPORT_RUN = Path(__file__).parent / "fixtures" / "report_run"
PRECHANGE_RUN = Path(__file__).parent / "fixtures" / "prechange_run"


def declared(needs=("pages",), wcag=("2.4.4",), run=None) -> Check:
    meta = CheckMeta(id="demo-check", category="accessibility", title="Passes", failure_title="Fails",
                     why="Why.", fix="Fix.", measures="What.", wcag=wcag, needs=needs)
    return check(meta)(run or (lambda p: Outcome(1.0)))


def test_every_check_is_listed_once_with_all_its_words():
    ids = [c.meta.id for c in CHECKS]
    assert len(ids) == len(set(ids)) == len(all_checks())
    for chk in CHECKS:
        meta = chk.meta
        assert meta.category in CATEGORIES, meta.id
        assert all(len(text) > 15 for text in (meta.why, meta.fix, meta.measures)), meta.id
        assert meta.title and meta.failure_title and meta.title != meta.failure_title, meta.id


def test_methodology_order_is_the_catalogue_order():
    results = evaluate([portal(page("/"))], {"started": "2026-01-01T00:00:00+00:00"})
    assert [c["id"] for c in results["methodology"]["checks"]] == [c.meta.id for c in CHECKS]
    assert [c["id"] for c in results["portals"][0]["checks"]] == [c.meta.id for c in CHECKS]


def test_a_check_whose_artifacts_were_not_gathered_is_not_applicable_and_never_runs():
    def run(p):
        raise AssertionError("ran without its artifacts")
    result = run_check(declared(needs=("pages", "probes"), run=run), portal(page("/")))
    assert result.score is None and result.value == "not applicable: no page was probed"
    nothing = run_check(declared(needs=("documents", "journeys"), run=run), portal(page("/")))
    assert nothing.value == "not applicable: no document was found; no journey was walked"


def test_a_real_check_needing_probes_is_not_applicable_on_unprobed_pages():
    [reflow] = [c for c in CHECKS if c.meta.id == "reflow"]
    result = run_check(reflow, portal(page("/"), page("/a")))
    assert result.score is None and "no page was probed" in result.value


def test_unknown_artifact_names_are_refused_at_declaration():
    try:
        declared(needs=("pages", "screenshots"))
    except ValueError as error:
        assert "screenshots" in str(error)
    else:
        raise AssertionError("an unknown artifact was accepted")


def test_findings_are_stamped_with_the_check_id_and_its_wcag_unless_they_name_their_own():
    def run(p):
        return Outcome(0.0, None, [], [Finding(url="u", message="plain"),
                                        Finding(url="u", message="own criteria", wcag=["2.4.9"]),
                                        Finding(url="u", message="none apply", wcag=[]),
                                        Finding(check="axe:image-alt", url="u", message="an axe rule's")])
    findings = run_check(declared(run=run), portal(page("/"))).findings
    assert [(f.check, f.wcag) for f in findings] == [
        ("demo-check", ["2.4.4"]), ("demo-check", ["2.4.9"]), ("demo-check", []), ("axe:image-alt", ["2.4.4"])]


def test_one_pass_mark_decides_the_title():
    just = run_check(declared(run=lambda p: Outcome(PASS_MARK)), portal(page("/")))
    below = run_check(declared(run=lambda p: Outcome(PASS_MARK - 0.01)), portal(page("/")))
    assert (just.title, below.title) == ("Passes", "Fails")


def test_signed_in_audits_leave_access_checks_not_applicable():
    signed = portal(page("/"))
    signed.signed_in = True
    results = {r.id: r for r in run_all(all_checks(), signed)}
    assert results["notice-open-access"].score is None and "signed in" in results["notice-open-access"].value


def test_results_carry_every_checks_words():
    results = evaluate([portal(page("/"))], {})
    words = {c["id"]: c for c in results["methodology"]["checks"]}
    reflow = next(c.meta for c in CHECKS if c.meta.id == "reflow")
    assert words["reflow"]["measures"] == reflow.measures and words["reflow"]["why"] == reflow.why
    assert words["reflow"]["fix"] == reflow.fix and words["reflow"]["act"] == list(reflow.act)
    assert set(words["reflow"]) >= {"id", "category", "title", "failure_title", "why", "fix", "measures", "wcag",
                                    "act", "techniques", "needs", "weight"}


def test_a_retired_check_renders_with_the_words_its_run_recorded(tmp_path):
    run_dir = tmp_path / "run"
    shutil.copytree(REPORT_RUN, run_dir)
    results = json.loads((run_dir / "results.json").read_text())
    results["methodology"]["checks"].append({
        "id": "retired-check", "category": "findability", "title": "A retired check passes",
        "failure_title": "A retired check fails", "why": "Retired checks keep their words.", "fix": "None needed.",
        "measures": "Something this version no longer measures.", "wcag": [], "act": [], "techniques": [],
        "needs": ["pages"], "weight": 1.0})
    (run_dir / "results.json").write_text(json.dumps(results))
    render_report(run_dir)
    methodology = (run_dir / "methodology.html").read_text()
    assert "Retired checks keep their words." in methodology
    assert "Something this version no longer measures." in methodology
    assert f"A check passes when it scores {PASS_MARK * 100:g} out of 100 or more." in methodology


def test_results_written_before_the_words_existed_still_render(tmp_path):
    run_dir = tmp_path / "run"
    shutil.copytree(REPORT_RUN, run_dir)
    results = json.loads((run_dir / "results.json").read_text())
    del results["methodology"]
    (run_dir / "results.json").write_text(json.dumps(results))
    render_report(run_dir)
    assert "pages-load" in (run_dir / "methodology.html").read_text()     # listed as reported, without words


def test_every_declared_need_is_one_the_check_cannot_do_without():
    """Enforcing `needs` changes nothing a check would have said: on sample portals stripped of an
    artifact, each check that declares it needs it is not applicable anyway."""
    from auditor.store import load_run
    from checks.evaluate import reclassify
    strip = {"documents": lambda p: setattr(p, "documents", []),
             "journeys": lambda p: setattr(p, "journeys", []),
             "probes": lambda p: [setattr(page, "probes", {}) for page in p.pages],
             "axe": lambda p: [setattr(page, "axe", None) for page in p.pages]}
    for slug in ("walled-portal", "spa-portal"):
        for artifact, remove in strip.items():
            [portal] = [p for p in load_run(PRECHANGE_RUN) if p.slug == slug]
            reclassify(portal)
            remove(portal)
            for chk in CHECKS:
                if artifact in chk.meta.needs:
                    assert chk(portal).score is None, (slug, artifact, chk.meta.id)
