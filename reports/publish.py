"""The part of a run directory that belongs on the web, copied into a folder of its own.

A run directory also holds what was gathered (page and document JSON, full-page screenshots of
every page, the crawl records, run.json with the config) and the run's lock file: raw material, not
a publication. `--publish SITE` copies only the scorecard's pages, its stylesheet and scripts, the
images those pages show (crops and any screenshot they link to), results.json and the CSVs, with
files 0644 and folders 0755 whatever the umask, so a web server can serve it as it is.
"""
from __future__ import annotations

import json
import os
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


FILE_MODE, DIR_MODE = 0o644, 0o755
DATA_FILES = ("results.json", "results.csv", "findings.csv")
PAGES = ("index.html", "methodology.html", "portals/*.html")
class PublishError(ValueError):
    """A --publish folder that must not be written (it holds other files, or the run itself)."""


USED_SUFFIXES = {".css", ".js", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".ico"}


class _References(HTMLParser):
    """Relative href and src values of a page: the local files it uses."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value and not urlsplit(value).scheme and not value.startswith(("/", "#")):
                self.found.append(unquote(urlsplit(value).path))


def site_files(run_dir: Path) -> list[Path]:
    """What belongs on the web, relative to the run directory: the pages, the data files, and every
    stylesheet, script and image a page refers to inside the run directory (never a file outside it,
    never gathered JSON)."""
    root = run_dir.resolve()
    pages = sorted({p for pattern in PAGES for p in root.glob(pattern) if p.is_file()})
    chosen = {p.relative_to(root) for p in pages}
    chosen |= {Path(name) for name in DATA_FILES if (root / name).is_file()}
    for page in pages:
        parser = _References()
        parser.feed(page.read_text(encoding="utf-8"))
        for ref in parser.found:
            target = (page.parent / ref).resolve()
            if target.suffix.lower() in USED_SUFFIXES and target.is_relative_to(root) and target.is_file():
                chosen.add(target.relative_to(root))
    return sorted(chosen)


def _is_published_site(path: Path) -> bool:
    """A folder an earlier --publish wrote: it has our results.json."""
    try:
        return json.loads((path / "results.json").read_text(encoding="utf-8"))["schema"].startswith("tender-audit/")
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return False


def publish_site(run_dir: Path, site: Path) -> Path:
    """Copy the run's publishable files into `site` (replacing an earlier publication there) and
    return it. `site` must be new, empty, or an earlier publication, and must not hold the run."""
    run_dir, site = Path(run_dir), Path(site)
    if site.resolve() == run_dir.resolve() or run_dir.resolve().is_relative_to(site.resolve()):
        raise PublishError(f"--publish {site}: give a folder outside the run directory {run_dir}")
    if site.exists() and (not site.is_dir() or (any(site.iterdir()) and not _is_published_site(site))):
        raise PublishError(f"--publish {site} holds other files; give a new or empty folder, or an earlier publication")
    files = site_files(run_dir)
    if site.exists():
        shutil.rmtree(site)
    site.mkdir(parents=True)
    os.chmod(site, DIR_MODE)
    for relative in files:
        target = site / relative
        for folder in reversed(target.relative_to(site).parents[:-1]):
            if not (site / folder).is_dir():
                (site / folder).mkdir()
                os.chmod(site / folder, DIR_MODE)
        shutil.copyfile(run_dir / relative, target)
        os.chmod(target, FILE_MODE)
    return site
