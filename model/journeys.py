"""Journey records as gathered and as published: the built-in journeys' names, and the words
that say what a journey cost a supplier and where a failed one stopped.

A journey record is one dict per journey under PortalArtifacts.journeys and results.json
`metrics.journeys` (name, builtin, ok, steps, clicks, keystrokes, seconds, pages, screenshots,
failed_step, not_possible, not_tried); checks judge it and reports show it with these words.
"""
from __future__ import annotations

from typing import Any

SEARCH_JOURNEY = "Keyword search from the listing page"
FIRST_RESULT_JOURNEY = "Open the first result"


def effort(record: dict[str, Any]) -> str:
    """What the journey cost a supplier, e.g. "5 steps, 1 click, 9 keystrokes, 2.1 s"."""
    counts = [f"{n} {word}{'' if n == 1 else 's'}" for word, n in
              (("step", record.get("steps", 0)), ("click", record.get("clicks", 0)),
               ("keystroke", record.get("keystrokes", 0)))]
    return ", ".join(counts) + f", {record.get('seconds', 0):.1f} s"


def failure_message(record: dict[str, Any]) -> str:
    failed = record.get("failed_step") or {}
    return (f"Journey {record['name']!r} stopped at step {failed.get('index', 0) + 1} ({failed.get('step', '')}): "
            f"expected {failed.get('expected', '')}; {failed.get('error', '')}")
