from checks.evaluate import evaluate_portal
from checks.catalogue import all_checks
from checks.registry import CheckResult
from checks.scoring import score_portal
from model.methodology import CATEGORIES, GRADES, grade_for
from tests.artifact_factory import link, page, portal, violation


def result(check_id: str, category: str, score: float | None) -> CheckResult:
    return CheckResult(check_id, category, "t", score, None, [], [], [])


def test_categories_and_weights_are_declared_once_and_sum_to_one():
    assert abs(sum(c.weight for c in CATEGORIES.values()) - 1.0) < 1e-9
    for chk in all_checks():
        assert chk.meta.category in CATEGORIES, chk.meta.id


def test_grade_bands():
    assert [grade_for(s) for s in (100, 85, 84.9, 70, 55, 40, 0)] == ["A", "A", "B", "B", "C", "D", "E"]
    assert GRADES[-1] == ("E", 0.0)


def test_not_applicable_checks_and_empty_categories_do_not_count():
    score = score_portal([result("axe-serious", "accessibility", 0.5), result("pages-load", "reliability", None)])
    assert score.categories["accessibility"] == 50.0
    assert score.categories["reliability"] is None
    assert score.overall == 50.0 and score.grade == "D"


def test_nothing_applicable_gives_no_score():
    assert score_portal([]).overall is None


def test_same_inputs_same_score_and_worse_accessibility_scores_lower():
    good = portal(page("/", links=[link("/n", "notice")]), page("/n", depth=1))
    bad = portal(page("/", violations=[violation("image-alt", "critical", ["img"])]), page("/n", depth=1))
    first, again = evaluate_portal(good), evaluate_portal(good)
    assert first["score"] == again["score"]
    assert evaluate_portal(bad)["categories"]["accessibility"] < first["categories"]["accessibility"]


def test_every_axe_node_is_one_finding_with_wcag_reference():
    p = portal(page("/", violations=[violation("image-alt", "critical", ["img.a", "img.b"])]))
    findings = evaluate_portal(p)["findings"]
    axe = [f for f in findings if f["check"] == "axe:image-alt"]
    assert [f["selector"] for f in axe] == ["img.a", "img.b"]
    assert axe[0]["wcag"] == ["1.1.1"] and axe[0]["impact"] == "critical"


def test_results_keep_what_needs_review_apart_from_failures():
    generic = page("/", links=[link("/n/1", "Notice"), link("/n/2", "Notice")])    # targets never opened
    out = evaluate_portal(portal(generic))
    reviews = [f for f in out["needs_review"] if f["check"] == "link-purpose"]
    assert reviews and all(f["certainty"] == "needs_review" for f in reviews)
    assert not any(f["check"] == "link-purpose" for f in out["findings"])           # not on the fix list
    assert all(f["certainty"] == "failure" for f in out["findings"])
    assert next(c for c in out["checks"] if c["id"] == "link-purpose")["score"] == 1.0   # nor in the score
    checks = {c["id"]: c for c in out["checks"]}
    assert checks["timing-adjustable"]["act"] == ["bc659a"] and checks["text-resize"]["techniques"] == ["F69"]


def test_every_accessibility_check_of_ours_names_an_act_rule_or_a_failure_technique():
    ours = [c.meta for c in all_checks() if c.meta.category == "accessibility" and not c.meta.id.startswith("axe-")
            and c.meta.wcag and c.meta.id not in ("reflow",)]
    assert [m.id for m in ours if not (m.act or m.techniques)] == []
