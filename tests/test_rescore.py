"""`rescore` on a run gathered before the model layer and the check framework reproduces its scores.

tests/fixtures/prechange_run holds two sample portals (a walled eSourcing portal and a single-page
portal) as main's code gathered and classified them, and `scores-before.json`, the scores, titles
and metrics that code gave them (screenshots left out)."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from auditor.cli import evaluate_run
from auditor.store import load_run
from model.classify import classify_page

FIXTURE = Path(__file__).parent / "fixtures" / "prechange_run"


def test_rescore_of_a_run_made_before_the_change_gives_the_same_scores(tmp_path):
    run_dir = tmp_path / "run"
    shutil.copytree(FIXTURE, run_dir)
    before = {p["slug"]: p for p in json.loads((FIXTURE / "scores-before.json").read_text())["portals"]}
    # scoring changes made on purpose since, each with its reason; nothing else may differ
    for slug, change in json.loads((FIXTURE / "deliberate-changes.json").read_text())["portals"].items():
        old = before[slug]
        old.update(score=change["score"], grade=change["grade"], findings=change["findings"],
                   categories={**old["categories"], **change["categories"]})
        old["checks"] = [{**c, **change["checks"].get(c["id"], {})} for c in old["checks"]]
    after = {p["slug"]: p for p in evaluate_run(run_dir)["portals"]}
    assert sorted(after) == sorted(before) == ["spa-portal", "walled-portal"]
    for slug, old in before.items():
        new = after[slug]
        assert (new["score"], new["grade"], new["categories"]) == (old["score"], old["grade"], old["categories"]), slug
        assert [{k: c[k] for k in ("id", "score", "title")} for c in new["checks"]] == old["checks"], slug
        assert len(new["findings"]) == old["findings"], slug
        assert new["metrics"] == old["metrics"], slug


def test_the_one_url_template_classifies_the_sample_pages_as_before():
    """Page types as the old classifier stored them while gathering, re-derived by today's."""
    for portal in load_run(FIXTURE):
        for page in portal.pages:
            stored = (page.page_type.type, page.page_type.evidence)
            again = classify_page(page, portal.start_url, portal.overrides)
            assert (again.type, again.evidence) == stored, page.url
