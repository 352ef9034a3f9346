"""Score and category trends across runs: `tender-audit trend DIR1 DIR2 ...`.

Reads only each run's results.json, orders the runs by when they started, and renders one page:
per portal (matched by slug) an SVG line chart of the overall score and each category (with a
title, a description and a text alternative) above a data table of the same numbers. A portal
missing from a run, or not scored in it, is a gap in its lines and "not scored" in its table.
"""
from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from model.methodology import CATEGORIES
from reports.render import STATIC, environment, load_results

# Chart geometry in viewBox units; the chart scales to its container.
LEFT, TOP, PLOT_WIDTH, PLOT_HEIGHT, BOTTOM = 36, 12, 600, 220, 30
OVERALL = "overall"
# Lines are told apart by dash pattern and marker shape as well as colour (WCAG 1.4.1).
LINE_STYLES = [("", "circle"), ("6 3", "square"), ("2 3", "diamond"), ("8 3 2 3", "triangle"),
               ("1 2", "circle"), ("10 4", "square"), ("4 2 1 2", "diamond")]


class TrendError(ValueError):
    """A run directory without results: one plain sentence for the command line."""


@dataclass
class Line:
    key: str                       # "overall" or a category id
    label: str
    values: list[float | None]     # one per run; None: not scored in that run
    dash: str
    marker: str
    points: list[tuple[float, float]] = field(default_factory=list)   # (x, y) of each scored run
    segments: list[str] = field(default_factory=list)                  # polyline point lists, split at gaps


@dataclass
class PortalTrend:
    slug: str
    name: str
    lines: list[Line]
    description: str               # the chart's text alternative: first and last value of each line


@dataclass
class Run:
    label: str                     # when it started, to the minute
    results: dict[str, Any]


def load_runs(dirs: list[Path]) -> list[Run]:
    """Each directory's results, oldest run first."""
    runs = []
    for path in dirs:
        if not (Path(path) / "results.json").is_file():
            raise TrendError(f"{path}: no results.json here; is it a tender-audit run directory?")
        results = load_results(Path(path))
        started = str((results.get("run") or {}).get("started") or "")
        runs.append(Run(started[:16].replace("T", " ") or str(path), results))
    return sorted(runs, key=lambda r: str((r.results.get("run") or {}).get("started") or ""))


def _x(index: int, count: int) -> float:
    return LEFT + (PLOT_WIDTH * index / (count - 1) if count > 1 else PLOT_WIDTH / 2)


def _y(value: float) -> float:
    return TOP + PLOT_HEIGHT * (1 - value / 100)


def _place(line: Line, count: int) -> None:
    segment: list[str] = []
    for index, value in enumerate(line.values):
        if value is None:
            if segment:
                line.segments.append(" ".join(segment))
            segment = []
            continue
        x, y = _x(index, count), _y(value)
        line.points.append((x, y))
        segment.append(f"{x:.1f},{y:.1f}")
    if segment:
        line.segments.append(" ".join(segment))


def _describe(name: str, lines: list[Line], runs: list[Run]) -> str:
    said = []
    for line in lines:
        scored = [(run.label, v) for run, v in zip(runs, line.values) if v is not None]
        if not scored:
            said.append(f"{line.label}: not scored")
        elif len(scored) == 1:
            said.append(f"{line.label}: {scored[0][1]:.1f} on {scored[0][0]}")
        else:
            change = scored[-1][1] - scored[0][1]
            moved = "no change" if abs(change) < 0.05 else f"{'up' if change > 0 else 'down'} {abs(change):.1f}"
            said.append(f"{line.label}: {scored[0][1]:.1f} on {scored[0][0]} to {scored[-1][1]:.1f} on "
                        f"{scored[-1][0]} ({moved})")
    return f"{name}, out of 100, over {len(runs)} run{'' if len(runs) == 1 else 's'}. " + "; ".join(said) + "."


def portal_trends(runs: list[Run]) -> list[PortalTrend]:
    """Per portal, in the order portals first appear, its overall and category scores in every run."""
    names: dict[str, str] = {}
    by_run: list[dict[str, dict[str, Any]]] = []
    for run in runs:
        portals = {p.get("slug"): p for p in run.results.get("portals") or [] if p.get("slug")}
        for slug, portal in portals.items():
            names.setdefault(slug, portal.get("name") or slug)
        by_run.append(portals)
    trends = []
    for slug, name in names.items():
        keys = [(OVERALL, "Overall score")] + [(cat.id, cat.title) for cat in CATEGORIES.values()]
        lines = []
        for (key, label), (dash, marker) in zip(keys, LINE_STYLES):
            values = []
            for portals in by_run:
                portal = portals.get(slug) or {}
                values.append(portal.get("score") if key == OVERALL else (portal.get("categories") or {}).get(key))
            line = Line(key, label, values, dash, marker)
            _place(line, len(runs))
            lines.append(line)
        trends.append(PortalTrend(slug, name, lines, _describe(name, lines, runs)))
    return trends


def render_trend(dirs: list[Path], out_dir: Path) -> Path:
    """Write out_dir/trend.html (and its assets) for the runs in dirs; returns its path."""
    runs = load_runs(dirs)
    if not runs:
        raise TrendError("give at least one run directory")
    out_dir.mkdir(parents=True, exist_ok=True)
    assets = out_dir / "assets"
    assets.mkdir(exist_ok=True)
    for asset in STATIC.iterdir():
        shutil.copyfile(asset, assets / asset.name)
    latest = runs[-1].results
    page = environment().get_template("trend.html").render(
        root="", page="trend", runs=runs, trends=portal_trends(runs), results=latest,
        run=latest.get("run") or {}, tool=latest.get("tool") or {},
        geometry={"left": LEFT, "top": TOP, "width": PLOT_WIDTH, "height": PLOT_HEIGHT, "bottom": BOTTOM,
                  "ticks": [{"value": v, "y": _y(v)} for v in (0, 25, 50, 75, 100)],
                  "runs": [{"label": r.label, "x": _x(i, len(runs))} for i, r in enumerate(runs)]})
    target = out_dir / "trend.html"
    target.write_text(page, encoding="utf-8")
    return target
