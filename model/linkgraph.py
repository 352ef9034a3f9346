"""The derived link graph: pages and documents as nodes, links as edges.

Like Lighthouse's computed artifacts it is derived from stored artifacts, built once per portal
and shared by every metric and check that asks for it (`link_graph`, through model.computed).
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from model.artifacts import PageArtifact, PortalArtifacts
from model.computed import computed
from model.urls import dedupe_key


@dataclass
class LinkGraph:
    """Pages and documents as nodes (by dedupe key), links as edges (a link off the portal's scope
    too: a notice's documents may sit on the buyer's e-tendering host)."""
    edges: dict[str, list[str]]
    pages: dict[str, PageArtifact]

    @classmethod
    def build(cls, portal: PortalArtifacts) -> "LinkGraph":
        pages: dict[str, PageArtifact] = {}
        for page in portal.pages:
            pages[dedupe_key(page.url)] = page
        edges: dict[str, list[str]] = {}
        for page in portal.pages:
            targets = [dedupe_key(link.url) for link in page.links if link.url and link.kind in ("page", "document", "external")]
            for key in {dedupe_key(page.url), *([dedupe_key(page.final_url)] if page.final_url else [])}:
                edges.setdefault(key, []).extend(targets)
        return cls(edges, pages)

    def depths(self, start_url: str) -> dict[str, int]:
        start = dedupe_key(start_url)
        depth = {start: 0}
        queue = deque([start])
        while queue:
            node = queue.popleft()
            for target in self.edges.get(node, ()):
                if target not in depth:
                    depth[target] = depth[node] + 1
                    queue.append(target)
        return depth

    def path_to(self, start_url: str, target_url: str) -> list[str]:
        """One shortest click path, as URLs, from the start page to the target."""
        start, target = dedupe_key(start_url), dedupe_key(target_url)
        parent: dict[str, str | None] = {start: None}
        queue = deque([start])
        while queue:
            node = queue.popleft()
            if node == target:
                break
            for nxt in self.edges.get(node, ()):
                if nxt not in parent:
                    parent[nxt] = node
                    queue.append(nxt)
        if target not in parent:
            return []
        path, node = [], target
        while node is not None:
            path.append(node)
            node = parent[node]
        return list(reversed(path))


def link_graph(portal: PortalArtifacts) -> LinkGraph:
    """The portal's link graph, built on first use and shared (model.computed)."""
    return computed(portal, LinkGraph.build)
