"""Known-issue baselines end to end in Chromium: a fixed defect and a new one of the same rule."""
from __future__ import annotations

import json

import pytest
import yaml

from auditor.cli import main
from tests.site import Answer, serve

PAGE = """<!doctype html><html lang="en"><head><title>Baseline test portal</title></head><body>
<header><p>Baseline test portal</p></header><main><h1>Contracts</h1>{images}</main></body></html>"""
SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'


@pytest.mark.browser
def test_a_fixed_defect_and_a_new_one_of_the_same_rule_fail_the_gate_on_the_new_one_only(tmp_path, capsys):
    """End to end in Chromium: a baseline of the first run; the portal then fixes #logo and gains
    #map (both axe image-alt, critical). The count stays 2, so a count threshold passes; against
    the baseline the gate fails, naming #map only."""
    images = {"now": '<img id="logo" src="/a.svg"><img id="chart" src="/a.svg">'}
    routes = {"/": lambda r: Answer(PAGE.format(images=images["now"])),
              "/a.svg": lambda r: Answer(SVG, headers={"Content-Type": "image/svg+xml"})}
    with serve(routes) as site:
        config = tmp_path / "portals.yaml"
        config.write_text(json.dumps({"portals": [{"name": "Baseline portal", "url": site.base + "/", "rate": 50,
                                                   "max_pages": 3, "probes": False, "documents": False,
                                                   "screenshots": False}]}))
        first, second = tmp_path / "first", tmp_path / "second"
        assert main(["run", str(config), "--out", str(first), "--max", "critical=2"]) == 0
        assert main(["baseline", str(first)]) == 0
        known = tmp_path / "known.yaml"
        known.write_text(capsys.readouterr().out)
        assert {"check": "axe:image-alt", "url": "/?", "selector": "#logo"} in \
            yaml.safe_load(known.read_text())["portals"]["baseline-portal"]

        images["now"] = '<img id="logo" src="/a.svg" alt="Northshire"><img id="chart" src="/a.svg"><img id="map" src="/a.svg">'
        assert main(["run", str(config), "--out", str(second), "--max", "critical=2"]) == 0   # the count hides it
        capsys.readouterr()
        assert main(["run", str(config), "--out", str(second), "--baseline", str(known), "--max", "critical=0"]) == 1
    err = capsys.readouterr().err
    assert "1 new critical axe violations (not in known.yaml)" in err and "#map" in err
    assert "#chart" not in err and "#logo" not in err
    portal = json.loads((second / "results.json").read_text())["portals"][0]
    marks = {f["selector"]: f["known"] for f in portal["findings"] if f["check"] == "axe:image-alt"}
    assert marks == {"#chart": True, "#map": False}
    assert portal["baseline"]["new"] >= 1 and portal["baseline"]["not_seen"] == 1
    # the same run re-reported without the baseline gates on counts again, and carries no marks
    assert main(["report", str(second), "--max", "critical=2"]) == 0
    assert "baseline" not in json.loads((second / "results.json").read_text())["portals"][0]
