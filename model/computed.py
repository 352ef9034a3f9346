"""Computed artifacts: data derived from a portal's stored artifacts that several metrics and checks
need (the link graph, each notice's document access...), built once per portal and shared, as
Lighthouse's computed artifacts are.

A value is rebuilt when the portal's pages, their links or types, or its documents change (tests
build a portal, check it, change it and check it again), never otherwise. Callers must not mutate
what they are given.
"""
from __future__ import annotations

import weakref
from typing import Any, Callable, TypeVar

from model.artifacts import PortalArtifacts

T = TypeVar("T")
_BUILT: "weakref.WeakKeyDictionary[PortalArtifacts, dict[Callable[..., Any], tuple[Any, Any]]]" = \
    weakref.WeakKeyDictionary()


def _fingerprint(portal: PortalArtifacts) -> tuple[Any, ...]:
    pages = tuple((id(p), p.url, p.final_url, len(p.links), p.page_type.type, p.error) for p in portal.pages)
    return pages, tuple(id(d) for d in portal.documents), portal.start_url


def computed(portal: PortalArtifacts, build: Callable[[PortalArtifacts], T]) -> T:
    """build(portal), built on first use and shared until the portal's artifacts change."""
    values = _BUILT.setdefault(portal, {})
    fingerprint = _fingerprint(portal)
    if build not in values or values[build][0] != fingerprint:
        values[build] = (fingerprint, build(portal))
    return values[build][1]
