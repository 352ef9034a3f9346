"""Two audits of the same static portals publish the same results: scores, findings, facts.

Only times (when the run, crawl and pages happened, how long a journey took) may differ. A
difference anywhere else is a verdict that depends on luck (a probe racing the machine's load,
the order pages happened to finish in), which a published scorecard must not have.
"""
from __future__ import annotations

import re
from typing import Any

import pytest

from auditor.cli import demo_configs
from auditor.samples.server import demo_slugs, serve_samples
from auditor.cli import evaluate_run
from tests.conftest import crawl

# a whole crawl of the sample portals: more than the default 300 s on a loaded 2-core machine
pytestmark = [pytest.mark.browser, pytest.mark.timeout(600)]
# times, and what only timing decides: how often a portal waited its turn at a host it shares
TIME_KEYS = {"started", "finished", "scored", "seconds", "fetched_at", "elapsed_ms", "waits"}
SECONDS = re.compile(r"\b\d+(\.\d+)? s\b")       # a journey's duration inside a sentence


def without_times(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: without_times(v) for k, v in data.items() if k not in TIME_KEYS}
    if isinstance(data, list):
        return [without_times(v) for v in data]
    if isinstance(data, str):
        return SECONDS.sub("<seconds>", data)
    return data


def first_difference(a: Any, b: Any, where: str = "") -> str | None:
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b)):
            found = first_difference(a.get(key), b.get(key), f"{where}.{key}")
            if found:
                return found
        return None
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return next((d for i, (x, y) in enumerate(zip(a, b)) if (d := first_difference(x, y, f"{where}[{i}]"))), None)
    return None if a == b else f"{where}: {str(a)[:300]!r} != {str(b)[:300]!r}"


def test_two_runs_of_the_demo_portals_publish_identical_results(tmp_path):
    with serve_samples(demo_slugs()) as portals:
        runs = []
        for name in ("first", "second"):
            crawl(demo_configs(portals), tmp_path / name)
            runs.append(without_times(evaluate_run(tmp_path / name)))
    first, second = runs
    assert [p["status"] for p in first["portals"]] == ["audited"] * len(first["portals"])
    assert first_difference(first, second) is None
