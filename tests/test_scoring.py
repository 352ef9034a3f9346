from checks.evaluate import evaluate_portal
from checks.registry import CheckResult, all_checks
from checks.scoring import CATEGORIES, GRADES, grade_for, score_portal
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
