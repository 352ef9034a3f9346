"""Our scripts in the page's isolated world: the shape check on what comes back (deadlines, in a
browser: test_page_world_browser.py)."""
from __future__ import annotations

import pytest

from auditor.page_world import NUMBER, PageScriptError, checked


def test_checked_accepts_the_shape_and_names_the_first_bad_place():
    shape = {"title": str, "links": [{"url": str, "new_window": bool}], "box": (None, [NUMBER])}
    good = {"title": "T", "links": [{"url": "/a", "new_window": False, "extra": 1}], "box": [1, 2.5]}
    assert checked(good, shape) is good
    assert checked({**good, "box": None}, shape)["box"] is None
    bad = [({**good, "title": 42}, "value.title: expected str, got int"),
           ({**good, "links": [{"url": {"evil": True}, "new_window": False}]},
            "value.links[0].url: expected str, got dict"),
           ({**good, "links": [{"url": "/a"}]}, "value.links[0].new_window: missing"),
           ({**good, "box": [True]}, "value.box: expected null, got list"),
           ("not an object", "value: expected an object, got str")]
    for value, problem in bad:
        with pytest.raises(PageScriptError, match="malformed data: " + problem.replace("[", r"\[").replace("]", r"\]")):
            checked(value, shape)
