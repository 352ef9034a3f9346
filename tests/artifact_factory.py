"""Small saved-artifact builders for unit tests of checks and metrics (no browser)."""
from __future__ import annotations

from model.artifacts import AxeNode, AxeRun, AxeViolation, Link, PageArtifact, PortalArtifacts

BASE = "http://portal.test"


def link(path: str, text: str = "", kind: str = "page") -> Link:
    return Link(url=BASE + path, text=text, href=path, kind=kind)


def page(path: str, *, depth: int = 0, links: list[Link] = (), text: str = "", title: str = "",
         violations: list[AxeViolation] = (), error: str | None = None, **extra) -> PageArtifact:
    return PageArtifact(url=BASE + path, final_url=BASE + path, depth=depth, status=None if error else 200,
                        error=error, title=title or path, text=text, links=list(links),
                        axe=AxeRun(version="4.12.1", violations=list(violations)), **extra)


def violation(rule: str, impact: str, targets: list[str], tags: list[str] = ("wcag2a", "wcag111")) -> AxeViolation:
    return AxeViolation(id=rule, impact=impact, tags=list(tags), help=f"{rule} help",
                        nodes=[AxeNode(target=t, summary="fix it") for t in targets])


def portal(*pages: PageArtifact, documents=()) -> PortalArtifacts:
    return PortalArtifacts(name="Test", slug="test", start_url=BASE + "/", pages=list(pages), documents=list(documents))


# In-page probe results as the page scripts record them: a clean page, and one keyboard stop.
DOM_CLEAN = {"fake_headings": [], "images_of_text": [], "colour_only_links": [], "unlabelled_fields": [],
             "change_navigation": [], "focus_blur": [], "mouse_only": [], "javascript_links": [], "layout_tables": [],
             "skip_link": {"selector": "a", "text": "Skip", "target": "main", "target_exists": True},
             "main_landmark": True, "headings": 3, "focusables": 5, "meta_refresh": None, "timers": []}


def stop(selector: str, **extra) -> dict:
    return {"selector": selector, "tag": "a", "text": selector, "box": [0, 0, 10, 10], "in_viewport": True,
            "changed": True, "lost": False, "held": 1, "frame": False, **extra}
