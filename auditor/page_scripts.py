"""The scripts run inside pages (auditor/js), with their shared helpers spliced in.

page_world.evaluate takes one self-contained function, so a helper that several scripts need is kept
once, in its own file, and inserted where a script says `/* include: NAME */`.
"""
from __future__ import annotations

import re
from importlib import resources

INCLUDE = re.compile(r"/\* include: ([\w-]+) \*/")


def page_script(name: str) -> str:
    """The source of js/<name>, every include replaced by the helper file it names."""
    folder = resources.files("auditor").joinpath("js")
    source = folder.joinpath(name).read_text(encoding="utf-8")
    return INCLUDE.sub(lambda m: folder.joinpath(f"{m.group(1)}.js").read_text(encoding="utf-8"), source)
