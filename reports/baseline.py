"""Known-issue baselines: the findings a portal's owner has accepted for now, by fingerprint.

`tender-audit baseline DIR > known.yaml` writes the fingerprints of a run's findings; a later
`run`/`report`/`rescore --baseline known.yaml` marks each finding `known` (true or false) and
counts new, known and no longer seen per portal, and the thresholds then gate only on new findings. A
count threshold cannot do this: a fixed barrier and a new one of the same rule cancel out.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from reports.fingerprint import Fingerprint, fingerprint

SCHEMA = "tender-audit/baseline@1"


class BaselineError(ValueError):
    """A baseline file that cannot be read or is not one; the message names the file."""


@dataclass
class Baseline:
    source: str                                     # the file's name (never its folders: results are published)
    portals: dict[str, set[Fingerprint]]            # slug -> known fingerprints


def baseline_yaml(results: dict[str, Any]) -> str:
    """The known-issue file for a run's results: each audited portal's findings, by fingerprint,
    sorted and without repeats (a notice template's pages share one)."""
    portals = {}
    for portal in results.get("portals") or []:
        prints = sorted({fingerprint(f) for f in portal.get("findings") or []})
        portals[portal.get("slug") or ""] = [p._asdict() for p in prints]
    started = (results.get("run") or {}).get("started")
    header = (f"# Known findings of the run started {started}, by fingerprint (check, URL template, selector).\n"
              "# Use with: tender-audit run|report|rescore ... --baseline THIS_FILE\n")
    return header + yaml.safe_dump({"schema": SCHEMA, "portals": portals}, sort_keys=False, allow_unicode=True)


def load_baseline(path: Path) -> Baseline:
    """Read and validate a baseline file; a bad one is a usage error naming the file and what is wrong."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise BaselineError(f"--baseline {path}: cannot read it ({exc.strerror or exc})") from None
    except yaml.YAMLError as exc:
        raise BaselineError(f"--baseline {path}: not valid YAML ({str(exc).splitlines()[0]})") from None
    if not isinstance(data, dict) or data.get("schema") != SCHEMA or not isinstance(data.get("portals"), dict):
        raise BaselineError(f"--baseline {path}: not a tender-audit baseline (write one with 'tender-audit baseline DIR')")
    portals: dict[str, set[Fingerprint]] = {}
    for slug, entries in data["portals"].items():
        if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
            raise BaselineError(f"--baseline {path}: portal {slug!r} should list findings as check, url, selector")
        portals[str(slug)] = {Fingerprint(str(e.get("check") or ""), str(e.get("url") or ""),
                                          str(e.get("selector") or "")) for e in entries}
    return Baseline(Path(path).name, portals)


def mark_known(results: dict[str, Any], baseline: Baseline | None) -> bool:
    """Mark every finding `known` and give each audited portal its `baseline` counts: new, known,
    and not seen (known fingerprints no finding has now: fixed, or on pages this run did not
    gather, so not called fixed). With no baseline the marks are removed, so results never carry
    a comparison the command did not ask for; a portal not audited gets none (it has no findings).
    True if anything changed."""
    before = repr(results.get("portals"))
    for portal in results.get("portals") or []:
        findings = portal.get("findings") or []
        if baseline is None or portal.get("status") == "not_audited":
            portal.pop("baseline", None)
            for f in findings:
                f.pop("known", None)
            continue
        known = baseline.portals.get(portal.get("slug") or "", set())
        seen = set()
        for f in findings:
            seen.add(fingerprint(f))
            f["known"] = fingerprint(f) in known
        marked = sum(f["known"] for f in findings)
        portal["baseline"] = {"file": baseline.source, "new": len(findings) - marked, "known": marked,
                              "not_seen": len(known - seen)}
    return repr(results.get("portals")) != before


def new_findings(portal: dict[str, Any]) -> list[dict[str, Any]]:
    """The findings a threshold gates on: all of them, or with a baseline only those not known."""
    return [f for f in portal.get("findings") or [] if not f.get("known")]
