"""Render a run directory's results.json as a static, self-contained, accessible scorecard.

Reports only read stored results: no browser, no network. Everything a crawled page supplied
(names, URLs, selectors, messages) reaches HTML through Jinja2's autoescaping, and only http(s)
URLs ever become links.
"""
from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, PackageLoader, select_autoescape

from model.methodology import CATEGORIES, GRADES, PASS_MARK, Category
from reports.crops import crop_element
from reports.diff import change_sentences, diff_results
from reports.exports import FIXLIST_COLUMNS, fixlist_rows, write_csv, write_exports
from reports.facts import UNKNOWN, Fact, barriers, key_facts, show
from reports.fixlist import (AXE_PREFIX, SEVERITY, FixGroup, RuleRow, fix_groups, item_words, no_crop_reason,
                             review_groups, rule_rows)
from reports.journeys import JourneyRow, journey_rows
from reports.ranking import rank_reason
from reports.summary import supplier_summary
from reports.wcag import criteria

STATIC = Path(__file__).parent / "static"


def load_results(path: Path) -> dict[str, Any]:
    """results.json from a run directory, or the file itself."""
    path = Path(path)
    if path.is_dir():
        path = path / "results.json"
    return json.loads(path.read_text(encoding="utf-8"))


def previous_results(previous: Path) -> dict[str, Any] | None:
    """The earlier run's results to compare with, or None when there is none there yet (the first
    run of a CI job that passes --previous every time)."""
    path = Path(previous)
    if (path / "results.json").is_file() or (path.suffix == ".json" and path.is_file()):
        return load_results(path)
    return None


def file_slug(slug: str | None) -> str:
    """A slug safe to use as a file name, whatever the results file says."""
    return re.sub(r"[^A-Za-z0-9_-]+", "-", slug or "").strip("-") or "portal"


def web_url(url: Any) -> str | None:
    """The URL if it is safe to link to (http or https); javascript: and the like stay text."""
    if isinstance(url, str) and urlsplit(url).scheme.lower() in ("http", "https"):
        return url
    return None


def was_audited(portal: dict[str, Any]) -> bool:
    """Audited in full or in part; results written before portal states existed count as audited."""
    return portal.get("status") != "not_audited"


def rank_portals(portals: list[dict[str, Any]]) -> list[tuple[int | None, dict[str, Any]]]:
    """Best score first, unscored last; equal scores share a rank (1, 1, 3). Portals that were not
    audited follow, unranked (None), by name."""
    audited = [p for p in portals if was_audited(p)]
    ordered = sorted(audited, key=lambda p: (p.get("score") is None, -(p.get("score") or 0), p.get("name") or ""))
    ranked: list[tuple[int | None, dict[str, Any]]] = []
    for position, portal in enumerate(ordered, start=1):
        tied = ranked and ranked[-1][1].get("score") == portal.get("score")
        ranked.append((ranked[-1][0] if tied else position, portal))
    unranked = sorted((p for p in portals if not was_audited(p)), key=lambda p: p.get("name") or "")
    return ranked + [(None, portal) for portal in unranked]


@dataclass
class PortalView:
    """Everything the templates show about one portal, computed once."""
    portal: dict[str, Any]
    rank: int | None                                 # None: not audited, so not ranked
    file: str                                        # relative to the run directory
    facts: list[Fact]
    summary: list[str]
    categories: list[tuple[Category, float | None]]
    groups: list[FixGroup]
    checks: list[dict[str, Any]]
    journeys: list[JourneyRow]
    diff: dict[str, Any] | None = None
    reviews: list[FixGroup] = field(default_factory=list)   # needs a person's review: not in the fix list or score
    changes: list[str] = field(default_factory=list)        # since the last run, as sentences
    rank_reason: str = ""                                    # why it ranks here, from its largest differences

    @property
    def by_rule(self) -> list[RuleRow]:
        return rule_rows(self.groups)

    @property
    def fixlist_csv(self) -> str:
        """The fix list as CSV, beside the portal's page."""
        return self.file.removesuffix(".html") + "-fixlist.csv"

    @property
    def name(self) -> str:
        return self.portal.get("name") or self.portal.get("slug") or "Unnamed portal"

    @property
    def status(self) -> str:
        return self.portal.get("status") or "audited"

    @property
    def reason(self) -> str:
        return self.portal.get("status_reason") or ""


def _categories(portal: dict[str, Any]) -> list[tuple[Category, float | None]]:
    scores = portal.get("categories") or {}
    known = [(cat, scores.get(cat.id)) for cat in CATEGORIES.values()]
    unknown = [(Category(cid, cid, 0.0, ""), value) for cid, value in scores.items() if cid not in CATEGORIES]
    return known + unknown


def _check_note(result: dict[str, Any]) -> str:
    """What a reader must know beside the result: why it is not applicable, or on how many pages
    a probe did not finish (those pages are neither a pass nor a failure)."""
    value = result.get("value")
    if result.get("score") is None:
        if isinstance(value, str):
            return value
        reason = value.get("unknown") if isinstance(value, dict) else None
        return reason or "the results give no reason"
    unjudged = value.get("not_judged") if isinstance(value, dict) else None
    if unjudged:
        return f"not tested on {unjudged} page{'' if unjudged == 1 else 's'}: the probe did not finish"
    return ""


def _listed_text(instances: int | None, state: str) -> str:
    """A passing check with instances still on the fix list says so, so the two never seem to disagree."""
    if instances is None or state != "pass":
        return ""
    return f"{instances} remaining instance{'' if instances == 1 else 's'}" if instances else "listed"


def _check_rows(portal: dict[str, Any], words: dict[str, dict[str, Any]], groups: list[FixGroup]) -> list[dict[str, Any]]:
    listed = {g.check: len(g.instances) for g in groups}
    rows = []
    for result in portal.get("checks") or []:
        score = result.get("score")
        state = "not applicable" if score is None else "pass" if score >= PASS_MARK else "fail"
        category = CATEGORIES.get(result.get("category") or "")
        rows.append({"id": result.get("id"), "title": result.get("title") or result.get("id"),
                     "category": category.title if category else result.get("category") or UNKNOWN,
                     "score": None if score is None else round(100 * score), "state": state,
                     "known": result.get("id") in words, "note": _check_note(result),
                     "listed": _listed_text(listed.get(result.get("id") or ""), state)})
    order = {"fail": 0, "pass": 1, "not applicable": 2}
    return sorted(rows, key=lambda r: (order[r["state"]], r["score"] if r["score"] is not None else 0))


def _changes(d: dict[str, Any] | None, portal: dict[str, Any], words: dict[str, dict[str, Any]]) -> list[str]:
    if not d or d.get("status") != "compared":
        return []
    checks = {c.get("id"): c for c in portal.get("checks") or []}
    firsts = {f.get("check"): f for f in portal.get("findings") or []}
    firsts.update({f["check"]: f for f in d["findings_fixed"] if f["check"] not in firsts})
    def title_of(check: str) -> str:
        first = firsts.get(check) or {}
        return item_words(check, first.get("message") or "", checks.get(check, {}), words.get(check))[0]
    return change_sentences(d, title_of)


def _add_crops(groups: list[FixGroup], run_dir: Path, slug: str) -> None:
    out_dir = run_dir / "crops" / slug
    for group in groups:
        for instance in group.instances:
            crop = crop_element(run_dir, instance.screenshot, instance.box, out_dir)
            instance.crop = crop.relative_to(run_dir).as_posix() if crop else None
            instance.no_crop = "" if crop else no_crop_reason(instance, group.category,
                                                              _file_exists(run_dir, instance.screenshot), group.check)


def _file_exists(run_dir: Path, relative: str | None) -> bool:
    if not relative:
        return False
    path = (run_dir / relative).resolve()
    return path.is_relative_to(run_dir.resolve()) and path.is_file()


def _chart(ranked: list[PortalView]) -> dict[str, Any]:
    """Geometry of the bar chart of overall scores (inline SVG, viewBox units).

    Each portal's name sits above its bar, so the chart stays narrow and legible at 320 px.
    """
    bar_width, row, top, bar_height = 330, 50, 24, 20
    bars = []
    for i, view in enumerate(ranked):
        score = view.portal.get("score")
        name = view.name if len(view.name) <= 40 else view.name[:39] + "…"
        y = top + i * row
        bars.append({"y": y + 22, "label_y": y + 16, "label": name,
                     "width": 0 if score is None else bar_width * score / 100,
                     "value": "unknown" if score is None else f"{score:.1f} ({view.portal.get('grade')})",
                     "grade": view.portal.get("grade") or "none"})
    ticks = [{"x": bar_width * t / 100, "label": t} for t in (0, 25, 50, 75, 100)]
    return {"width": bar_width + 80, "height": top + len(ranked) * row + 8,
            "bar_height": bar_height, "bars": bars, "ticks": ticks}


SETTING_UNITS = {"time_budget": " s", "page_timeout": " s", "rate": " requests a second per host"}


def setting(value: Any) -> str:
    """A config value as words for the methodology's settings rows: never raw JSON."""
    if isinstance(value, dict):
        parts = [f"{str(k).replace('_', ' ')}: {setting(v)}" for k, v in value.items() if v not in ([], {}, None, "")]
        return "; ".join(parts) or "none"
    if isinstance(value, list):
        return ", ".join(setting(v) for v in value) or "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return show(value)


def environment() -> Environment:
    env = Environment(loader=PackageLoader("reports", "templates"),
                      autoescape=select_autoescape(["html", "svg"], default_for_string=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters.update(show=show, web_url=web_url, criteria=criteria, setting=setting)
    env.globals.update(AXE_PREFIX=AXE_PREFIX, UNKNOWN=UNKNOWN)
    return env


def check_words(results: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Each check's words (titles, why, fix, what it measures...) by id, as the run recorded them under
    `methodology.checks`: the report never imports a check, so a retired check still has its words.
    Results written before the words were recorded have none."""
    listed = (results.get("methodology") or {}).get("checks") or []
    return {c["id"]: c for c in listed if isinstance(c, dict) and c.get("id")}


def _methodology_checks(words: dict[str, dict[str, Any]]) -> list[tuple[Category, list[dict[str, Any]]]]:
    by_category: dict[str, list[dict[str, Any]]] = {}
    for meta in words.values():
        by_category.setdefault(meta.get("category") or "", []).append({"meta": meta, "measures": meta.get("measures")})
    return [(cat, by_category.get(cat.id, [])) for cat in CATEGORIES.values()]


def render_report(run_dir: Path, previous: Path | None = None) -> Path:
    """Write the scorecard into run_dir (index.html, portals/, methodology.html, assets/, crops/,
    results.csv, findings.csv) and return the path of index.html.

    previous: an earlier run directory (or its results.json); each page then says what changed.
    """
    run_dir = Path(run_dir)
    results = load_results(run_dir)
    words = check_words(results)
    earlier = previous_results(previous) if previous else None
    diff = diff_results(earlier, results) if earlier is not None else None
    no_previous = str(previous) if previous and earlier is None else None
    diffs = {d["slug"]: d for d in (diff or {}).get("portals", [])}

    views = []
    for rank, portal in rank_portals(results.get("portals") or []):
        slug = file_slug(portal.get("slug"))
        groups, reviews = fix_groups(portal, words), review_groups(portal, words)
        _add_crops(groups + reviews, run_dir, slug)
        views.append(PortalView(portal=portal, rank=rank, file=f"portals/{slug}.html",
                                facts=key_facts(portal),
                                summary=supplier_summary(portal.get("metrics"), bool(portal.get("signed_in")),
                                                         barriers(portal)),
                                categories=_categories(portal), groups=groups,
                                checks=_check_rows(portal, words, groups),
                                journeys=journey_rows((portal.get("metrics") or {}).get("journeys")),
                                diff=diffs.get(portal.get("slug")), reviews=reviews,
                                changes=_changes(diffs.get(portal.get("slug")), portal, words)))

    scored = [v.portal for v in views if v.rank is not None and v.portal.get("score") is not None]
    for view in views:
        if view.rank is not None:
            view.rank_reason = rank_reason(view.portal, [p for p in scored if p is not view.portal])

    assets = run_dir / "assets"
    assets.mkdir(parents=True, exist_ok=True)
    for asset in STATIC.iterdir():
        shutil.copyfile(asset, assets / asset.name)
    write_exports(results, run_dir, words)

    env = environment()
    common = {"results": results, "run": results.get("run") or {}, "tool": results.get("tool") or {},
              "categories": list(CATEGORIES.values()), "grades": GRADES, "pass_mark": PASS_MARK, "diff": diff,
              "no_previous": no_previous}
    index = run_dir / "index.html"
    index.write_text(env.get_template("index.html").render(
        root="", page="overview", views=[v for v in views if v.rank is not None],
        not_audited=[v for v in views if v.rank is None], chart=_chart([v for v in views if v.rank is not None]),
        fact_labels=[f.label for f in views[0].facts] if views else [],
        fact_notes=[(f.label, f.note) for f in views[0].facts] if views else [], **common), encoding="utf-8")
    (run_dir / "portals").mkdir(exist_ok=True)
    for view in views:
        if view.rank is not None:
            write_csv(run_dir / view.fixlist_csv, FIXLIST_COLUMNS, fixlist_rows(view.groups))
        (run_dir / view.file).write_text(env.get_template("portal.html").render(
            root="../", page="portal", view=view, has_file=lambda rel: _file_exists(run_dir, rel),
            ranked=sum(v.rank is not None for v in views), **common),
            encoding="utf-8")
    reported = {c.get("id") for p in results.get("portals") or [] for c in p.get("checks") or []}
    (run_dir / "methodology.html").write_text(env.get_template("methodology.html").render(
        root="", page="methodology", checks_by_category=_methodology_checks(words),
        retired=sorted(i for i in reported if i and i not in words), severity=SEVERITY,
        setting_units=SETTING_UNITS, **common),
        encoding="utf-8")
    return index
