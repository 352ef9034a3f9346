"""tender-audit's commands and their arguments, as `--help` describes them."""
from __future__ import annotations

import argparse
import textwrap
from pathlib import Path
from typing import Any, NoReturn

from auditor.plan import shard_spec
from model import __version__

class UsageError(Exception):
    """Bad command-line usage: one plain sentence, exit 2."""


DESCRIPTION = """\
Audit public procurement (tender) portals for accessibility and supplier friction.

tender-audit walks each portal in a real browser (home, opportunities, a notice, its documents,
registration, the accessibility statement, open data), checks every page with axe-core and its own
in-browser probes, measures click depth, login walls, document formats and registration burden,
scores each portal and writes an accessible static scorecard with results.json and CSV exports.

Start with 'tender-audit demo' (audits the bundled sample portals on 127.0.0.1), then
'tender-audit run portals.yaml --out DIR'. 'tender-audit COMMAND --help' describes each command."""

EPILOG = "exit codes: 0 ok, 1 a threshold you set was not met, 2 bad usage or config, 3 the run failed"


class _HelpFormatter(argparse.RawDescriptionHelpFormatter, argparse.ArgumentDefaultsHelpFormatter):
    """Descriptions keep their line breaks; every option shows its default, unless it has none worth
    showing (None, a switch that is off, an empty list)."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        if action.default in (None, False, []) or action.default is argparse.SUPPRESS:
            return action.help
        return super()._get_help_string(action)


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is raised to main() (one sentence, exit 2) instead of exiting here."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _HelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")


def _score(text: str) -> float:
    """--fail-under: a score on the scorecard's own scale, 0 to 100."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(f"{text} is outside the score range 0 to 100")
    return value


def _at_least_one(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of at least 1")
    return int(text)


def build_parser() -> argparse.ArgumentParser:
    """Every command, its arguments described and its defaults shown in --help."""
    parser = _Parser(prog="tender-audit", description=DESCRIPTION, epilog=EPILOG)
    parser.add_argument("--version", action="version", version=f"tender-audit {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser, metavar="COMMAND",
                                title="commands")

    def command(name: str, summary: str, details: str = "") -> argparse.ArgumentParser:
        return sub.add_parser(name, help=summary, description=textwrap.fill(f"{summary[:1].upper()}{summary[1:]}.{details}"))

    def outputs(p: argparse.ArgumentParser) -> None:
        p.add_argument("--previous", type=Path, metavar="OLD",
                       help="an earlier run directory: the scorecard says what got better or worse since")
        p.add_argument("--baseline", type=Path, metavar="KNOWN.yaml",
                       help="known findings (written by 'tender-audit baseline'): findings are marked known or "
                            "new, and --max gates only on new ones")
        p.add_argument("--fail-under", type=_score, metavar="SCORE",
                       help="exit 1 if any portal scores below SCORE (0-100)")
        p.add_argument("--max", action="append", default=[], metavar="KIND=N",
                       help="exit 1 if any portal has more than N of KIND (critical, serious, moderate, "
                            "minor axe violations, or findings); repeatable")
        p.add_argument("--publish", type=Path, metavar="SITE",
                       help="also copy what belongs on the web (HTML, CSS, crops, results.json, CSVs) into "
                            "SITE, files 0644 and folders 0755")

    run = command("run", "gather, check, score and report the portals in a config file",
                  " A rerun into the same --out resumes where the last one stopped.")
    run.add_argument("config", type=Path, help="the portals to audit: a YAML file (portals.yaml) or a CSV register")
    run.add_argument("--out", type=Path, default=Path("tender-audit-output"), metavar="DIR", help="run directory (reused to resume)")
    run.add_argument("--browser", help="path to a Chromium or Chrome executable (default: found automatically)")
    run.add_argument("--json", action="store_true", help="JSON-lines progress log (for CI)")
    run.add_argument("--parallel-portals", type=_at_least_one, metavar="N",
                     help="portals crawled at once (default: from this machine's cores and memory)")
    run.add_argument("--ray", nargs="?", const="", metavar="ADDRESS",
                     help="run each host group as a Ray task: on the cluster at ADDRESS, or a local Ray instance")
    run.add_argument("--shard", type=shard_spec, metavar="I/N",
                     help="gather only the I-th of N host-balanced shards (combine them with 'merge')")
    run.add_argument("--fresh", action="store_true",
                     help="start over: forget what an earlier run into --out gathered for these portals")
    outputs(run)

    plan = command("plan", "show the host groups, their expected work and how they split over workers")
    plan.add_argument("config", type=Path, help="the portals: a YAML file (portals.yaml) or a CSV register")
    plan.add_argument("--shards", type=_at_least_one, default=1, metavar="N", help="workers or shards to pack the groups into")
    plan.add_argument("--from-run", type=Path, metavar="DIR", help="estimate from this earlier run's page counts")

    merge = command("merge", "combine shard run directories into one run (then 'report')")
    merge.add_argument("run_dirs", type=Path, nargs="+", metavar="DIR", help="the shards' run directories")
    merge.add_argument("--out", type=Path, required=True, metavar="MERGED", help="the merged run directory")

    demo = command("demo", "audit the bundled sample portals on 127.0.0.1 and write a scorecard",
                   " With --serve, only serve them (and print their URLs) until Ctrl-C, to try a config on.")
    demo.add_argument("--out", type=Path, default=Path("demo-output"), metavar="DIR", help="run directory for the demo's scorecard")
    demo.add_argument("--serve", action="store_true",
                      help="serve every bundled sample portal on 127.0.0.1 and print their URLs; audit nothing")
    demo.add_argument("--browser", help="path to a Chromium or Chrome executable (default: found automatically)")
    demo.add_argument("--json", action="store_true", help="JSON-lines progress log")

    report = command("report", "re-render the scorecard from a run directory's results.json")
    report.add_argument("run_dir", type=Path, metavar="DIR", help="a run directory (from 'run', 'demo' or 'merge')")
    outputs(report)

    rescore = command("rescore", "re-run checks and scoring on a run's stored artifacts (no browser)")
    rescore.add_argument("run_dir", type=Path, metavar="DIR", help="a run directory (from 'run', 'demo' or 'merge')")
    outputs(rescore)

    baseline = command("baseline", "print the fingerprints of a run's findings, a known-issue baseline",
                       " Save it (tender-audit baseline DIR > known.yaml) and pass it to run, report or rescore "
                       "with --baseline: findings are then marked known or new.")
    baseline.add_argument("run_dir", type=Path, metavar="DIR", help="a run directory whose findings are known")

    diff = command("diff", "what got better or worse between two runs")
    diff.add_argument("old", type=Path, metavar="OLD", help="the earlier run directory")
    diff.add_argument("new", type=Path, metavar="NEW", help="the later run directory")
    diff.add_argument("--json", action="store_true", help="print the diff as JSON")

    trend = command("trend", "score and category trends per portal across run directories")
    trend.add_argument("run_dirs", type=Path, nargs="+", metavar="DIR", help="run directories, in any order")
    trend.add_argument("--out", type=Path, metavar="DIR",
                       help="where to write trend.html (default: the newest run's directory)")

    checks = command("checks", "list the checks, their categories and weights")
    checks.add_argument("--json", action="store_true", help="print them as JSON (ids, words, WCAG, weights)")
    browser = command("browser", "show which browser would be used")
    browser.add_argument("--browser", help="path to a Chromium or Chrome executable (default: found automatically)")
    return parser
