"""portals.yaml (or a CSV register of hundreds of portals): which portals to audit and how politely.

Validation fails early, naming the file, the portal and the key (and a CSV's row), because a typo
in a budget discovered an hour into a crawl wastes the whole run.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import soupsieve
import yaml

from auditor.errors import ConfigError
from auditor.journeys.steps import parse_journeys
from auditor.login_config import check_login_environment, validate_login

# Polite defaults for real portals: one request a second per host, two pages at a time.
DEFAULTS: dict[str, Any] = {
    "max_pages": 200,
    "max_depth": 8,
    "time_budget": 900.0,      # seconds for one portal's crawl
    "rate": 1.0,               # requests per second per host
    "concurrency": 2,          # browser contexts working at once
    "notice_sample": 10,       # notices whose pages and documents are gathered
    "max_per_pattern": 30,     # URLs sharing one pattern (numbers blanked) before it counts as a trap
    "page_timeout": 30.0,      # seconds for one page load
    "obey_robots": True,
    "documents": True,         # probe document files (HEAD or capped GET)
    "screenshots": True,
    "probes": True,            # keyboard, reflow, text-spacing and other in-browser probes
    "probe_sample": 3,         # pages probed per URL pattern (probes judge templates, not content)
    "sitemaps": True,          # read robots.txt's Sitemap: lines and /sitemap.xml for pages links do not reach
}

PAGE_TYPES = ("home", "listing", "notice", "login", "registration", "statement", "open_data", "other")

_PORTAL_KEYS = {"name", "url", "slug", "scope", "page_types", "journeys", "login", "submit_forms",
                *DEFAULTS}
_TOP_KEYS = {"portals", "defaults"}


@dataclass
class Scope:
    hosts: list[str] = field(default_factory=list)          # netlocs allowed; default: the start URL's
    paths: list[str] = field(default_factory=list)          # path prefixes allowed; default: all
    exclude: list[str] = field(default_factory=list)        # regexes of URLs never to visit


@dataclass
class PortalConfig:
    name: str
    url: str
    slug: str
    scope: Scope
    max_pages: int
    max_depth: int
    time_budget: float
    rate: float
    concurrency: int
    notice_sample: int
    max_per_pattern: int
    probe_sample: int
    page_timeout: float
    obey_robots: bool
    documents: bool
    screenshots: bool
    probes: bool
    # type -> {"urls": [regex, ...], "selectors": [CSS, ...]}: overrides of the page-type heuristics
    page_types: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    journeys: list[dict[str, Any]] = field(default_factory=list)
    login: dict[str, Any] | None = None
    submit_forms: bool = False     # only an owner's config may let journeys submit forms
    sitemaps: bool = True          # discover pages from sitemaps as well as links

    @property
    def type_selectors(self) -> list[str]:
        """Every page-type selector in the config: gathering records which of them each page has."""
        return sorted({sel for rule in self.page_types.values() for sel in rule["selectors"]})

    def public(self) -> dict[str, Any]:
        """The config as it may be published: never credentials, only the names of their variables."""
        return {
            "name": self.name, "url": self.url, "slug": self.slug,
            "scope": vars(self.scope), "max_pages": self.max_pages, "max_depth": self.max_depth,
            "time_budget": self.time_budget, "rate": self.rate, "concurrency": self.concurrency,
            "notice_sample": self.notice_sample, "max_per_pattern": self.max_per_pattern,
            "page_timeout": self.page_timeout,
            "obey_robots": self.obey_robots, "documents": self.documents, "probes": self.probes,
            "probe_sample": self.probe_sample, "sitemaps": self.sitemaps,
            "page_types": self.page_types, "journeys": [j.get("name", "") for j in self.journeys],
            "login": bool(self.login),
        }


SLUG = re.compile(r"[a-z0-9-]{1,80}")   # one safe path component: the portal's folder and file names


def slugify(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return slug or "portal"


def _number(where: str, key: str, value: Any, kind: type, minimum: float) -> Any:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ConfigError(f"{where}: '{key}' must be a number, got {value!r}")
    if kind is int and int(value) != value:
        raise ConfigError(f"{where}: '{key}' must be a whole number, got {value!r}")
    if value < minimum:
        raise ConfigError(f"{where}: '{key}' must be at least {minimum}, got {value!r}")
    return kind(value)


def _strings(where: str, key: str, value: Any) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: '{key}' must be a string or a list of strings")
    return value


def _regexes(where: str, key: str, value: Any) -> list[str]:
    patterns = _strings(where, key, value)
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ConfigError(f"{where}: '{key}' has an invalid regular expression {pattern!r}: {exc}") from exc
    return patterns


def _page_type_rule(where: str, kind: str, raw: Any) -> dict[str, list[str]]:
    """A list is URL patterns; a mapping may add CSS selectors, for portals whose URLs say nothing."""
    if not isinstance(raw, dict):
        return {"urls": _regexes(where, f"page_types.{kind}", raw), "selectors": []}
    unknown = set(raw) - {"urls", "selectors"}
    if unknown:
        raise ConfigError(f"{where}: unknown key 'page_types.{kind}.{sorted(unknown)[0]}' (allowed: urls, selectors)")
    selectors = _strings(where, f"page_types.{kind}.selectors", raw.get("selectors") or [])
    for selector in selectors:
        try:
            soupsieve.compile(selector)
        except soupsieve.SelectorSyntaxError as exc:
            raise ConfigError(f"{where}: 'page_types.{kind}.selectors' has an invalid CSS selector "
                              f"{selector!r}: {str(exc).splitlines()[0]}") from exc
    return {"urls": _regexes(where, f"page_types.{kind}.urls", raw.get("urls") or []), "selectors": selectors}


def default_hosts(url: str) -> list[str]:
    """The start URL's host and its www. twin: a portal configured as example.gov.uk that
    redirects to www.example.gov.uk (or back) is the same portal, not an out-of-scope host."""
    host = urlsplit(url).netloc.lower()
    name = urlsplit(url).hostname or ""
    if "." not in name or name.replace(".", "").isdigit() or ":" in name:
        return [host]                     # an IP address or a single-label name has no twin
    return [host, host[4:] if host.startswith("www.") else f"www.{host}"]


def _scope(where: str, raw: Any, url: str) -> Scope:
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise ConfigError(f"{where}: 'scope' must be a mapping with hosts, paths and exclude")
    unknown = set(raw) - {"hosts", "paths", "exclude"}
    if unknown:
        raise ConfigError(f"{where}: unknown key 'scope.{sorted(unknown)[0]}' (allowed: hosts, paths, exclude)")
    hosts = [h.lower() for h in _strings(where, "scope.hosts", raw.get("hosts", []))]
    return Scope(hosts=hosts or default_hosts(url),
                 paths=_strings(where, "scope.paths", raw.get("paths", [])),
                 exclude=_regexes(where, "scope.exclude", raw.get("exclude", [])))


def _portal(path: Path, index: int, raw: Any, defaults: dict[str, Any], row: int | None = None) -> PortalConfig:
    """One portal entry; `row` is its line in a CSV register, named in every message."""
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: portal #{index + 1} must be a mapping with at least 'name' and 'url'")
    name = raw.get("name")
    label = f"portal {name!r}" if isinstance(name, str) and name else f"portal #{index + 1}"
    where = f"{path}: {label}" if row is None else f"{path}: row {row}, {label}"
    unknown = set(raw) - _PORTAL_KEYS
    if unknown:
        raise ConfigError(f"{where}: unknown key '{sorted(unknown)[0]}' (allowed: {', '.join(sorted(_PORTAL_KEYS))})")
    if not isinstance(name, str) or not name.strip():
        raise ConfigError(f"{where}: 'name' is required and must be text")
    url = raw.get("url")
    if not isinstance(url, str) or not url:
        raise ConfigError(f"{where}: 'url' is required")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError(f"{where}: 'url' must be an absolute http(s) URL, got {url!r}")
    merged = {**DEFAULTS, **defaults, **{k: v for k, v in raw.items() if k in DEFAULTS}}
    page_types = raw.get("page_types") or {}
    if not isinstance(page_types, dict):
        raise ConfigError(f"{where}: 'page_types' must map a page type to URL patterns or {{urls, selectors}}")
    for kind in page_types:
        if kind not in PAGE_TYPES:
            raise ConfigError(f"{where}: 'page_types.{kind}' is not a page type (one of {', '.join(PAGE_TYPES)})")
    journeys = raw.get("journeys") or []
    if not isinstance(journeys, list):
        raise ConfigError(f"{where}: 'journeys' must be a list")
    login = raw.get("login")
    if login is not None and not isinstance(login, dict):
        raise ConfigError(f"{where}: 'login' must be a mapping")
    for key in ("obey_robots", "documents", "screenshots", "probes", "submit_forms", "sitemaps"):
        if key in raw and not isinstance(raw[key], bool):
            raise ConfigError(f"{where}: '{key}' must be true or false")
    parse_journeys(where, journeys, bool(raw.get("submit_forms", False)))
    if login is not None:
        validate_login(where, login)
    slug = raw.get("slug") or slugify(name)
    if not isinstance(slug, str) or not SLUG.fullmatch(slug) or slug.strip("-") == "":
        raise ConfigError(f"{where}: 'slug' must be lowercase letters, digits and hyphens (a folder name), "
                          f"got {slug!r}")
    return PortalConfig(
        name=name.strip(), url=url, slug=slug,
        scope=_scope(where, raw.get("scope"), url),
        max_pages=_number(where, "max_pages", merged["max_pages"], int, 1),
        max_depth=_number(where, "max_depth", merged["max_depth"], int, 0),
        time_budget=_number(where, "time_budget", merged["time_budget"], float, 1),
        rate=_number(where, "rate", merged["rate"], float, 0.01),
        concurrency=_number(where, "concurrency", merged["concurrency"], int, 1),
        notice_sample=_number(where, "notice_sample", merged["notice_sample"], int, 1),
        max_per_pattern=_number(where, "max_per_pattern", merged["max_per_pattern"], int, 1),
        probe_sample=_number(where, "probe_sample", merged["probe_sample"], int, 1),
        page_timeout=_number(where, "page_timeout", merged["page_timeout"], float, 1),
        obey_robots=bool(merged["obey_robots"]), documents=bool(merged["documents"]),
        screenshots=bool(merged["screenshots"]), probes=bool(merged["probes"]), sitemaps=bool(merged["sitemaps"]),
        page_types={k: _page_type_rule(where, k, v) for k, v in page_types.items()},
        journeys=journeys, login=login, submit_forms=bool(raw.get("submit_forms", False)),
    )


def _unique_slugs(path: Path, parsed: list[PortalConfig]) -> list[PortalConfig]:
    seen: set[str] = set()
    for portal in parsed:
        key = slugify(portal.slug)    # "same" and "same-" would be told apart by no reader of the scorecard
        if key in seen:
            raise ConfigError(f"{path}: portal {portal.name!r}: two portals share the slug '{portal.slug}'; set 'slug'")
        seen.add(key)
    return parsed


def parse_config(data: Any, path: Path) -> list[PortalConfig]:
    if isinstance(data, list):
        data = {"portals": data}
    if not isinstance(data, dict) or "portals" not in data:
        raise ConfigError(f"{path}: expected a top-level 'portals:' list")
    unknown = set(data) - _TOP_KEYS
    if unknown:
        raise ConfigError(f"{path}: unknown top-level key '{sorted(unknown)[0]}' (allowed: defaults, portals)")
    defaults = data.get("defaults") or {}
    if not isinstance(defaults, dict) or set(defaults) - set(DEFAULTS):
        bad = sorted(set(defaults) - set(DEFAULTS)) if isinstance(defaults, dict) else ["defaults"]
        raise ConfigError(f"{path}: unknown key 'defaults.{bad[0]}' (allowed: {', '.join(DEFAULTS)})")
    portals = data["portals"]
    if not isinstance(portals, list) or not portals:
        raise ConfigError(f"{path}: 'portals' must be a non-empty list")
    return _unique_slugs(path, [_portal(path, i, raw, defaults) for i, raw in enumerate(portals)])


_CSV_COLUMNS = ("name", "url", "slug", "scope", *DEFAULTS)
MAX_REGISTER_BYTES = 20 * 2**20


def _csv_cell(column: str, text: str) -> Any:
    """A cell as the YAML key it stands for: `scope` is its hosts (space or ; separated),
    budgets and switches are read as YAML scalars (so '20' is a number, 'false' a boolean)."""
    if column == "scope":
        return {"hosts": [h for h in re.split(r"[\s;]+", text) if h]}
    if column in DEFAULTS:
        try:
            return yaml.safe_load(text)
        except yaml.YAMLError:
            return text
    return text


def parse_register(text: str, path: Path) -> list[PortalConfig]:
    """A CSV register (`name,url[,scope,slug,max_pages,rate,...]`, one portal a row, header first),
    validated exactly as portals.yaml is; an empty cell leaves that key at its default."""
    reader = csv.reader(io.StringIO(text))
    header = [h.strip() for h in next(reader, [])]
    unknown = [h for h in header if h not in _CSV_COLUMNS]
    if unknown:
        raise ConfigError(f"{path}: row 1: unknown column '{unknown[0]}' (allowed: {', '.join(_CSV_COLUMNS)})")
    if not {"name", "url"} <= set(header) or len(set(header)) != len(header):
        raise ConfigError(f"{path}: row 1: the header must name each column once, 'name' and 'url' included")
    parsed = []
    for cells in reader:
        row = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(header):
            raise ConfigError(f"{path}: row {row}: {len(cells)} cells but the header names {len(header)} columns")
        raw = {col: _csv_cell(col, cell.strip()) for col, cell in zip(header, cells) if cell.strip()}
        parsed.append(_portal(path, len(parsed), raw, {}, row=row))
    if not parsed:
        raise ConfigError(f"{path}: the register lists no portals")
    return _unique_slugs(path, parsed)


def load_config(path: str | Path) -> list[PortalConfig]:
    """portals.yaml, or a CSV register when the file name ends in .csv."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_REGISTER_BYTES:
            raise ConfigError(f"{path}: larger than {MAX_REGISTER_BYTES // 2**20} MB; is it a portal list?")
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the config file: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text: {exc.reason}") from exc
    if path.suffix.lower() == ".csv":
        try:
            return parse_register(text, path)
        except csv.Error as exc:
            raise ConfigError(f"{path}: not valid CSV: {exc}") from exc
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}") from exc
    portals = parse_config(data, path)
    for portal in portals:      # found now, before any request, not when the portal's turn comes
        if portal.login is not None:
            check_login_environment(f"{path}: portal {portal.name!r}", portal.login)
    return portals
