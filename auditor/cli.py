"""tender-audit's command line.

Exit codes: 0 ok, 1 a threshold the user set was not met, 2 bad usage or config, 3 the run failed.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import time
from pathlib import Path

from auditor.arguments import UsageError, build_parser
from auditor.browser import BrowserNotFound, find_browser
from auditor.cluster import ClusterError
from auditor.config import ConfigError, PortalConfig, load_config, parse_config
from auditor.phases import Phases, phase, record_run_phases
from auditor.pipeline import GatherOutcome, run_gather, write_run
from auditor.plan import Shard, format_plan, make_plan
from auditor.progress import Progress, plural
from auditor.redaction import SECRETS
from auditor.shards import merge_runs, write_shard
from auditor.store import PortalStore, load_run, locked_run_dir, read_json, write_json

OK, THRESHOLD, USAGE, FAILED = 0, 1, 2, 3


def evaluate_run(run_dir: Path) -> dict:
    """Check and score a run directory's stored artifacts and write its results.json: what `run`
    does after gathering and what `rescore` does on an old crawl. No browser."""
    from checks.evaluate import evaluate

    results = evaluate(load_run(run_dir), read_json(Path(run_dir) / "run.json"))
    write_json(Path(run_dir) / "results.json", results)
    return results


def _load_results(run_dir: Path) -> dict:
    path = run_dir / "results.json"
    if not path.exists():
        raise ConfigError(f"{path}: no results.json here; is {run_dir} a tender-audit run directory?")
    return json.loads(path.read_text(encoding="utf-8"))


def _summary_line(portal: dict) -> str:
    """One portal in the terminal summary: grade and score, or why it has none."""
    signed_in = " (signed in as the owner)" if portal.get("signed_in") else ""
    if portal.get("status") == "not_audited":
        return f"  -  not audited  {portal['name']}: {portal.get('status_reason')}"
    grade = portal["grade"] or "-"
    score = "unknown" if portal["score"] is None else f"{portal['score']:.1f}"
    partial = f" (partial: {portal.get('status_reason')})" if portal.get("status") == "partial" else ""
    known = portal.get("baseline")
    versus = f" ({plural(known['new'] + known['known'], 'finding')}: {known['new']} new, {known['known']} known)" if known else ""
    return f"  {grade}  {score:>11}  {portal['name']}{partial}{signed_in}{versus}"


def _publish(run_dir: Path, args: argparse.Namespace, results: dict) -> int:
    """Mark findings against the baseline, render the scorecard and exports, copy the site to
    --publish, then apply the user's thresholds."""
    from auditor.store import write_json
    from reports.baseline import BaselineError, load_baseline, mark_known
    from reports.publish import PublishError, publish_site
    from reports.render import previous_results, render_report
    from reports.thresholds import ThresholdError, evaluate_thresholds, parse_max_counts

    try:
        max_counts = parse_max_counts(args.max)
    except ThresholdError as exc:
        raise UsageError(f"--max: {exc}") from exc
    try:
        baseline = load_baseline(args.baseline) if getattr(args, "baseline", None) else None
    except BaselineError as exc:
        raise UsageError(str(exc)) from exc
    if mark_known(results, baseline):
        write_json(run_dir / "results.json", results)
    index = render_report(run_dir, previous=args.previous)
    print(f"Scorecard: {index.resolve()}")
    if getattr(args, "publish", None):
        try:
            site = publish_site(run_dir, args.publish)
        except PublishError as exc:
            raise UsageError(str(exc)) from exc
        print(f"Published site: {site.resolve()}")
    if args.previous is not None and previous_results(args.previous) is None:
        print(f"No previous run in {args.previous} yet: nothing to compare with.", file=sys.stderr)
    for portal in sorted(results["portals"], key=lambda p: (p.get("status") == "not_audited", -(p["score"] or 0))):
        print(_summary_line(portal))
    unmet = evaluate_thresholds(results, args.fail_under, max_counts)
    for message in unmet:
        print(f"threshold not met: {message}", file=sys.stderr)
    return THRESHOLD if unmet else OK


def _audit(configs: list[PortalConfig], out: Path, args: argparse.Namespace, progress: Progress,
           shard: tuple[Shard, list[PortalConfig]] | None = None) -> int:
    """`shard`, with the whole register, is recorded in the run directory for `merge`."""
    with locked_run_dir(out) as stale:
        if stale:
            progress.event("lock", message=f"{out}: took over the lock a stopped run left ({stale})")
        if shard is not None:
            write_shard(out, *shard)
        return _gather_and_publish(configs, out, args, progress)


def _gather_and_publish(configs: list[PortalConfig], out: Path, args: argparse.Namespace, progress: Progress) -> int:
    if getattr(args, "fresh", False):
        for config in configs:
            PortalStore(out, config.slug).clear()
    outcome, interrupted = _gather(configs, out, args, progress)
    progress.event("phase", phase="report", message="checking, scoring and writing the scorecard")
    phases: Phases = {}
    with phase(phases, "evaluate"):
        results = evaluate_run(out)
    with phase(phases, "report"):
        code = _publish(out, args, results)
    record_run_phases(out, phases)
    if interrupted or outcome is None:
        print(f"Interrupted: what was gathered is in {out}; run the same command again to carry on.", file=sys.stderr)
        return FAILED
    not_audited = {p["slug"]: f"not audited: {p['status_reason']}" for p in results["portals"]
                   if p.get("status") == "not_audited"}
    for slug, why in {**outcome.failed, **not_audited}.items():
        print(f"portal {slug!r}: {SECRETS.redact_text(why)}", file=sys.stderr)
    return FAILED if outcome.failed or not_audited else code


def demo_configs(portals: dict) -> list[PortalConfig]:
    """The demo's audit of the bundled sample portals served on 127.0.0.1 (fast: they are ours)."""
    return parse_config({"portals": [
        {"name": p.name, "url": p.url, "slug": p.slug, "rate": 50, "concurrency": 2, "max_pages": 60,
         "time_budget": 180} for p in portals.values()]}, Path("<demo>"))


def _gather(configs: list[PortalConfig], out: Path, args: argparse.Namespace,
            progress: Progress) -> tuple[GatherOutcome | None, bool]:
    """Locally with asyncio (the default), or each host group as a task on Ray (--ray):
    (outcome, interrupted)."""
    browser, parallel = getattr(args, "browser", None), getattr(args, "parallel_portals", None)
    if getattr(args, "ray", None) is None:
        return run_gather(configs, out, progress, browser, parallel)
    from auditor.cluster import run_on_ray
    try:
        return run_on_ray(configs, out, progress, args.ray or None, browser, parallel), False
    except KeyboardInterrupt:     # Ray's tasks end with the driver; their pages are on disk
        return None, True


def _run(args: argparse.Namespace, progress: Progress) -> int:
    register = load_config(args.config)
    if args.shard is None:
        return _audit(register, args.out, args, progress)
    index, count = args.shard
    shard = make_plan(register, count)[index - 1]
    slugs = {c.slug for c in shard.portals}
    configs = [c for c in register if c.slug in slugs]     # the register's order
    if not configs:
        with locked_run_dir(args.out):
            write_shard(args.out, shard, register)
            write_run(args.out, [], finished=True)
        print(f"Shard {index}/{count} has no portals: the register has fewer host groups than shards.")
        return OK
    return _audit(configs, args.out, args, progress, shard=(shard, register))


def _merge(args: argparse.Namespace) -> int:
    with locked_run_dir(args.out):
        merge_runs(args.run_dirs, args.out)
        results = evaluate_run(args.out)
    print(f"Merged {len(args.run_dirs)} run directories, {len(results['portals'])} portals, into {args.out}; "
          f"render the scorecard with: tender-audit report {args.out}")
    return OK


def _serve_samples() -> int:
    """Serve every bundled sample portal until Ctrl-C, so a user can try their own config on one."""
    from auditor.samples.server import serve_samples

    with serve_samples() as portals:
        print("Serving the bundled sample portals on 127.0.0.1 (Ctrl-C to stop):")
        for portal in portals.values():
            print(f"  {portal.slug:<18} {portal.url}  {portal.name}")
        print("Audit one with a config of your own, e.g. portals: [{name: Test, url: <a URL above>}]", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            print("Stopped serving.")
    return OK


def _demo(args: argparse.Namespace, progress: Progress) -> int:
    from auditor.samples.server import demo_slugs, serve_samples
    from auditor.samples.site import PARALLEL_PORTALS

    if args.serve:
        return _serve_samples()
    with serve_samples(demo_slugs()) as portals:
        configs = demo_configs(portals)
        args.previous, args.fail_under, args.max, args.parallel_portals = None, None, [], PARALLEL_PORTALS
        return _audit(configs, args.out, args, progress)


def _list_checks(as_json: bool) -> int:
    """The categories and checks, for people or (--json) for tools: one registry, both views."""
    from checks.catalogue import all_checks
    from model.methodology import CATEGORIES

    if as_json:
        print(json.dumps({"categories": [dataclasses.asdict(cat) for cat in CATEGORIES.values()],
                          "checks": [dataclasses.asdict(c.meta) for c in all_checks()]}, indent=1, default=list))
        return OK
    for cat in CATEGORIES.values():
        print(f"{cat.title} ({cat.id}), weight {cat.weight:.0%}: {cat.question}")
        for chk in (c for c in all_checks() if c.meta.category == cat.id):
            wcag = f"  WCAG {', '.join(chk.meta.wcag)}" if chk.meta.wcag else ""
            print(f"  {chk.meta.id:<28} x{chk.meta.weight:<4g} {chk.meta.title}{wcag}")
    return OK


def main(argv: list[str] | None = None) -> int:
    """Every failure ends here as one plain sentence and an exit code, never a traceback."""
    try:
        args = build_parser().parse_args(argv)
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return USAGE
    progress = Progress(json_lines=True if getattr(args, "json", False) else None)
    try:
        return _command(args, progress)
    except (ConfigError, UsageError) as exc:
        print(f"error: {SECRETS.redact_text(str(exc))}", file=sys.stderr)
        return USAGE
    except (BrowserNotFound, ClusterError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return FAILED
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return FAILED
    except Exception as exc:  # the user gets a sentence, not a traceback; the exit code says the run failed
        detail = str(exc).splitlines()[0] if str(exc) else ""
        print(f"error: the run failed: {type(exc).__name__}{': ' + detail if detail else ''}", file=sys.stderr)
        return FAILED


def _command(args: argparse.Namespace, progress: Progress) -> int:
    if args.command == "run":
        return _run(args, progress)
    if args.command == "plan":
        print(format_plan(make_plan(load_config(args.config), args.shards, args.from_run), str(args.config)))
        return OK
    if args.command == "merge":
        return _merge(args)
    if args.command == "demo":
        return _demo(args, progress)
    if args.command == "report":
        return _publish(args.run_dir, args, _load_results(args.run_dir))
    if args.command == "rescore":
        if not (args.run_dir / "run.json").exists():
            raise ConfigError(f"{args.run_dir}: no run.json here; is it a tender-audit run directory?")
        return _publish(args.run_dir, args, evaluate_run(args.run_dir))
    if args.command == "diff":
        from reports.diff import diff_results, format_diff
        diff = diff_results(_load_results(args.old), _load_results(args.new))
        print(json.dumps(diff, indent=1) if args.json else format_diff(diff))
        return OK
    if args.command == "trend":
        from reports.trend import render_trend
        out = args.out or max(args.run_dirs, key=lambda d: str((_load_results(d).get("run") or {}).get("started") or ""))
        print(f"Trends: {render_trend(args.run_dirs, out)}")
        return OK
    if args.command == "checks":
        return _list_checks(args.json)
    if args.command == "baseline":
        from reports.baseline import baseline_yaml
        print(baseline_yaml(_load_results(args.run_dir)), end="")
        return OK
    if args.command == "browser":
        choice = find_browser(args.browser)
        print(f"{choice.path} ({choice.source})")
        return OK
    return USAGE


if __name__ == "__main__":
    sys.exit(main())
