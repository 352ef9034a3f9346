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
