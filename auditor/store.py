"""The run directory: where artifacts land the moment they are gathered.

Layout (one folder per portal, one file per page, so a crash loses at most the page in flight
and a rerun with the same --out resumes from what is on disk):

    DIR/run.json                              run facts: started, tool versions, config (no secrets)
    DIR/artifacts/<slug>/portal.json          name, start URL, page-type overrides
    DIR/artifacts/<slug>/pages/<key>.json     one PageArtifact each
    DIR/artifacts/<slug>/documents/<key>.json one DocumentArtifact each
    DIR/artifacts/<slug>/screenshots/<key>.jpg
    DIR/artifacts/<slug>/crawl.json           CrawlSummary, written when the crawl ends
    DIR/artifacts/<slug>/journeys/<name>.json scripted journey records
    DIR/results.json, results.csv, findings.csv, *.html   (reports)
    DIR/.tender-audit.lock                    held while a run writes here (the run's process id)
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from model import TOOL_NAME
from model.artifacts import (
    CrawlSummary,
    DocumentArtifact,
    PageArtifact,
    PortalArtifacts,
    crawl_from_dict,
    document_from_dict,
    page_from_dict,
    to_dict,
)
from auditor.config import SLUG, ConfigError
from auditor.redaction import SECRETS
from model.urls import dedupe_key


def url_key(url: str) -> str:
    return hashlib.sha1(url.encode("utf-8")).hexdigest()[:16]


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# Files are published as a static site: readable as any other file the user writes (0644 under
# the usual umask), not mkstemp's private 0600.
FILE_MODE = 0o666 & ~_umask()


def write_json(path: Path, data: Any) -> None:
    """Write atomically so a kill mid-write never leaves a half file behind, and with the run's
    secrets redacted: every JSON file of the run directory passes through here."""
    data = SECRETS.redact(json.loads(json.dumps(data, default=str)))
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".partial")
    try:
        os.fchmod(fd, FILE_MODE)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False, indent=1, default=str)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


class PortalStore:
    """The artifact folder of one portal."""

    def __init__(self, run_dir: Path, slug: str) -> None:
        if not SLUG.fullmatch(slug):     # config validation makes this unreachable; the run dir must not depend on it
            raise ValueError(f"unsafe slug {slug!r}: a portal's folder must be one path component")
        self.root = Path(run_dir) / "artifacts" / slug
        self.slug = slug

    def clear(self) -> None:
        """Forget everything gathered for this portal (`run --fresh`), and nothing outside its folder."""
        artifacts = self.root.parent.resolve()
        root = self.root.resolve()
        if root.parent != artifacts:
            raise ValueError(f"refusing to delete {self.root}: not a portal folder of this run")
        if root.is_dir():
            shutil.rmtree(root)

    @property
    def screenshots(self) -> Path:
        return self.root / "screenshots"

    def screenshot_path(self, url: str) -> Path:
        return self.screenshots / f"{url_key(url)}.jpg"

    def write_portal(self, name: str, start_url: str, overrides: dict[str, Any], signed_in: bool = False) -> None:
        write_json(self.root / "portal.json", {"name": name, "slug": self.slug, "start_url": start_url,
                                               "overrides": overrides, "signed_in": signed_in})

    def write_page(self, page: PageArtifact) -> None:
        """One file per page; a journey's visit never overwrites what the crawl recorded."""
        key = url_key(page.url if page.journey is None else f"{page.journey}\n{page.url}")
        write_json(self.root / "pages" / f"{key}.json", to_dict(page))

    def write_document(self, doc: DocumentArtifact) -> None:
        write_json(self.root / "documents" / f"{url_key(doc.url)}.json", to_dict(doc))

    def write_crawl(self, crawl: CrawlSummary) -> None:
        write_json(self.root / "crawl.json", to_dict(crawl))

    def write_journey(self, name: str, record: dict[str, Any]) -> None:
        write_json(self.root / "journeys" / f"{url_key(name)}.json", record)

    def pages(self) -> list[PageArtifact]:
        return [page_from_dict(read_json(p)) for p in sorted((self.root / "pages").glob("*.json"))]

    def documents(self) -> list[DocumentArtifact]:
        return [document_from_dict(read_json(p)) for p in sorted((self.root / "documents").glob("*.json"))]

    def crawl(self) -> CrawlSummary:
        path = self.root / "crawl.json"
        return crawl_from_dict(read_json(path)) if path.exists() else CrawlSummary(stopped_because="incomplete")

    def journeys(self) -> list[dict[str, Any]]:
        return [read_json(p) for p in sorted((self.root / "journeys").glob("*.json"))]

    def load(self) -> PortalArtifacts:
        """A portal's artifacts; a page both crawled and visited by a journey counts once (the crawl's)."""
        meta = read_json(self.root / "portal.json")
        pages = self.pages()
        crawled = {dedupe_key(p.url) for p in pages if p.journey is None}
        pages = [p for p in pages if p.journey is None or dedupe_key(p.url) not in crawled]
        pages.sort(key=lambda p: (p.depth, p.url))
        docs = sorted(self.documents(), key=lambda d: (d.depth, d.url))
        return PortalArtifacts(name=meta["name"], slug=meta["slug"], start_url=meta["start_url"],
                               pages=pages, documents=docs, crawl=self.crawl(),
                               overrides=meta.get("overrides", {}), journeys=self.journeys(),
                               signed_in=bool(meta.get("signed_in", False)))


def portal_slugs(run_dir: Path) -> list[str]:
    """Portals in a run, in the order the run listed them."""
    run = read_json(Path(run_dir) / "run.json")
    return [p["slug"] for p in run.get("portals", [])]


def load_run(run_dir: Path) -> list[PortalArtifacts]:
    return [PortalStore(run_dir, slug).load() for slug in portal_slugs(run_dir)
            if (Path(run_dir) / "artifacts" / slug / "portal.json").exists()]


LOCK_FILE = ".tender-audit.lock"


def is_run_dir(path: Path) -> bool:
    """A directory tender-audit wrote: its run.json names the tool."""
    try:
        return read_json(path / "run.json")["tool"]["name"] == TOOL_NAME
    except (OSError, ValueError, KeyError, TypeError):
        return False


def check_out_dir(path: Path) -> None:
    """--out must be absent, empty, or one of our run directories: never a user's folder or a file."""
    if path.exists() and not path.is_dir():
        raise ConfigError(f"--out {path} is a file; give the path of a new or empty directory.")
    if path.is_dir() and any(p.name != LOCK_FILE for p in path.iterdir()) and not is_run_dir(path):
        raise ConfigError(f"--out {path} holds files that are not a tender-audit run; "
                          f"give the path of a new or empty directory.")


@contextmanager
def locked_run_dir(path: Path) -> Iterator[str]:
    """Hold the run directory's lock while a run writes into it; yields who held it last, if a run was
    killed holding it (the kernel releases a dead process's lock, so a stale lock is simply taken over).

    Two runs writing one directory would fetch every page twice and interleave their writes."""
    check_out_dir(path)
    path.mkdir(parents=True, exist_ok=True)
    handle = (path / LOCK_FILE).open("a+", encoding="utf-8")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise ConfigError(f"--out {path} is in use by another tender-audit run ({holder}); "
                              f"wait for it to finish or choose another directory.") from None
        handle.seek(0)
        stale = handle.read().strip()
        handle.seek(0)
        handle.truncate()
        handle.write(f"process {os.getpid()}")
        handle.flush()
        try:
            yield stale
        finally:
            handle.seek(0)
            handle.truncate()
            handle.flush()
            fcntl.flock(handle, fcntl.LOCK_UN)
    finally:
        handle.close()
