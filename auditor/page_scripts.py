"""The scripts run inside pages (auditor/js), with their shared helpers spliced in.

page_world.evaluate takes one self-contained function, so a helper that several scripts need is kept
once, in its own file, and inserted where a script says `/* include: NAME */`. `cap` (js/cap.js)
bounds every string a page script returns, before it crosses into Python.
"""
from __future__ import annotations

import re
from importlib import resources

INCLUDE = re.compile(r"/\* include: ([\w-]+) \*/")


def page_script(name: str) -> str:
    """The source of js/<name>, every include replaced by the helper file it names. Helpers may
    include helpers; each is spliced in once, at its first include, as its constants are declared once."""
    folder = resources.files("auditor").joinpath("js")
    spliced: set[str] = set()

    def expand(source: str) -> str:
        def helper(match: re.Match[str]) -> str:
            if match.group(1) in spliced:
                return ""
            spliced.add(match.group(1))
            return expand(folder.joinpath(f"{match.group(1)}.js").read_text(encoding="utf-8"))
        return INCLUDE.sub(helper, source)

    return expand(folder.joinpath(name).read_text(encoding="utf-8"))
