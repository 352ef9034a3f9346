"""Running our scripts in a page where the page's own script cannot reach them.

Playwright's page.evaluate runs in the page's main JavaScript world, where one line of portal
script (`String.prototype.slice = () => 42`, a `getAttribute` that returns an object, a
non-configurable `window.axe`) changes what our scripts compute or return. So extraction, axe
and the probes run in an isolated world (CDP Page.createIsolatedWorld, as Lighthouse runs axe,
and as Chrome runs extensions' content scripts): the DOM is shared, but globals, prototypes and
expando properties are the world's own. The world is made once per document and reused, so a
script can leave state for a later call (the keyboard probe does).

Every evaluation has a deadline. Past it the tab's renderer is taken to be busy with the page's
own script (or ours that will not end): the tab is marked unresponsive, and the crawler replaces
it before the next page instead of queueing more work behind it.

Every value read back is checked against the shape the caller expects (`checked`), so a
malformed value is that page's error (PageScriptError), never an exception that ends a portal.
"""
from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field
from typing import Any
from weakref import WeakKeyDictionary, WeakSet

from playwright.async_api import CDPSession, Page
from playwright.async_api import Error as PlaywrightError

DEADLINE = 15.0                   # seconds one evaluation may take (axe passes its own)
TERMINATE_GRACE = 2.0             # past the deadline, V8 stops our own script: wait this for it
WORLD_NAME = "tender-audit"
_CONTEXT_GONE = ("Cannot find context with specified id", "Execution context was destroyed",
                 "No frame with given id")


class PageScriptError(Exception):
    """One of our scripts failed in the page, or returned a value of the wrong shape."""


class PageUnresponsive(PageScriptError):
    """An evaluation outlived its deadline: the tab cannot be trusted with the next page."""


@dataclass
class _World:
    session: CDPSession
    loader_id: str = ""               # the document the world was made in
    context_id: int | None = None
    preloaded: set[str] = field(default_factory=set)   # sources the browser runs in each new document's world


_WORLDS: WeakKeyDictionary[Page, _World] = WeakKeyDictionary()
_UNRESPONSIVE: WeakSet[Page] = WeakSet()


async def evaluate(page: Page, script: str, arg: Any = None, *, deadline: float = DEADLINE) -> Any:
    """`script` (a function expression, called with `arg`, or any other expression, whose value
    is taken; a promise is awaited) in the page's isolated world; its JSON value.

    Raises PageScriptError when the script throws, runs past `deadline` (V8 terminates it) or
    the page cannot be reached, and PageUnresponsive (after marking the tab) when even that
    takes TERMINATE_GRACE longer: the renderer is busy with the page's own script."""
    if is_unresponsive(page):
        raise PageUnresponsive("the tab stopped answering earlier")
    expression = ("(async () => { const value = (\n" + script + "\n);\n"
                  f"return typeof value === 'function' ? await value({json.dumps(arg)}) : await value; }})()")
    return await _bounded(page, expression, deadline)


async def install(page: Page, source: str, *, deadline: float = DEADLINE) -> None:
    """Run a whole script file (a library such as axe, which sets globals) in the isolated world."""
    await _bounded(page, source, deadline)


async def _bounded(page: Page, expression: str, deadline: float) -> Any:
    try:
        async with asyncio.timeout(deadline + TERMINATE_GRACE):
            return await _evaluate(page, expression, deadline)
    except TimeoutError:
        mark_unresponsive(page)
        raise PageUnresponsive(f"page script still running after {deadline + TERMINATE_GRACE:g} s") from None
    except PlaywrightError as exc:
        raise PageScriptError(exc.message.splitlines()[0] if exc.message else type(exc).__name__) from None


async def preload(page: Page, source: str, *, deadline: float = DEADLINE) -> None:
    """Have the browser run `source` in the isolated world of every later document of this tab
    (Page.addScriptToEvaluateOnNewDocument into the world of our name, which Page.createIsolatedWorld
    then returns), so a library's source crosses from Python once per tab, not once per page:
    sending axe's 500 KB costs about as much as running it. The page's own script never sees it."""
    if is_unresponsive(page):
        raise PageUnresponsive("the tab stopped answering earlier")
    world = await _world(page)
    if source in world.preloaded:
        return
    try:
        async with asyncio.timeout(deadline):
            if not world.preloaded:
                await world.session.send("Page.enable")   # without it, new documents do not run the script
            await world.session.send("Page.addScriptToEvaluateOnNewDocument", {"source": source, "worldName": WORLD_NAME})
    except TimeoutError:
        mark_unresponsive(page)
        raise PageUnresponsive(f"page script still running: the tab did not take a script in {deadline:g} s") from None
    except PlaywrightError as exc:
        raise PageScriptError(exc.message.splitlines()[0] if exc.message else type(exc).__name__) from None
    world.preloaded.add(source)


def mark_unresponsive(page: Page) -> None:
    """Remember that this tab's renderer stopped answering (the crawler will replace the tab)."""
    _UNRESPONSIVE.add(page)


def is_unresponsive(page: Page) -> bool:
    return page in _UNRESPONSIVE


async def _evaluate(page: Page, expression: str, deadline: float) -> Any:
    world = await _world(page)
    for attempt in (1, 2):
        try:
            await _current_document(world)
            reply = await world.session.send("Runtime.evaluate", {
                "expression": expression, "contextId": world.context_id, "returnByValue": True,
                "awaitPromise": True, "timeout": int(deadline * 1000)})
        except PlaywrightError as exc:
            if attempt == 2 or not any(gone in exc.message for gone in _CONTEXT_GONE):
                raise
            world.loader_id = ""          # the page navigated meanwhile: try once in the new document
            continue
        if "exceptionDetails" in reply:
            details = reply["exceptionDetails"]
            description = (details.get("exception") or {}).get("description") or details.get("text", "")
            raise PageScriptError(f"page script failed: {str(description).splitlines()[0][:300]}")
        return reply["result"].get("value")
    raise AssertionError("unreachable: the second attempt returns or raises")


async def _world(page: Page) -> _World:
    world = _WORLDS.get(page)
    if world is None:
        world = _WORLDS[page] = _World(session=await page.context.new_cdp_session(page))
    return world


async def _current_document(world: _World) -> None:
    """Make sure the world belongs to the document the tab shows now. The main frame's loader id
    changes with every new document (not with history.pushState), so a world made for an
    earlier document, even one kept alive in the back-forward cache, is never used again."""
    frame = (await world.session.send("Page.getFrameTree"))["frameTree"]["frame"]
    if frame["loaderId"] != world.loader_id or world.context_id is None:
        created = await world.session.send("Page.createIsolatedWorld",
                                           {"frameId": frame["id"], "worldName": WORLD_NAME})
        world.context_id, world.loader_id = created["executionContextId"], frame["loaderId"]


# --- shapes ----------------------------------------------------------------------------------
# A shape is a type (str, int, float, bool, dict for any object), a list of one shape (a list of
# such items), a dict of key -> shape (an object with at least those keys; other keys pass
# unchecked), or a tuple of alternative shapes (e.g. (str, None) for a string or null).

Shape = Any
NUMBER: Shape = (int, float)


def checked(value: Any, shape: Shape, where: str = "value") -> Any:
    """`value` itself when it has `shape`, else PageScriptError naming the first bad place."""
    problem = _problem(value, shape, where)
    if problem:
        raise PageScriptError(f"page returned malformed data: {problem}")
    return value


def _problem(value: Any, shape: Shape, where: str) -> str | None:
    if isinstance(shape, tuple):
        problems = [_problem(value, option, where) for option in shape]
        return None if None in problems else problems[0]
    if shape is None:
        return None if value is None else f"{where}: expected null, got {_kind(value)}"
    if isinstance(shape, list):
        if not isinstance(value, list):
            return f"{where}: expected a list, got {_kind(value)}"
        return next((p for i, item in enumerate(value) if (p := _problem(item, shape[0], f"{where}[{i}]"))), None)
    if isinstance(shape, dict):
        if not isinstance(value, dict):
            return f"{where}: expected an object, got {_kind(value)}"
        for key, item_shape in shape.items():
            if key not in value:
                return f"{where}.{key}: missing"
            if problem := _problem(value[key], item_shape, f"{where}.{key}"):
                return problem
        return None
    if isinstance(value, bool) and shape is not bool:   # True is an int to Python, not to us
        return f"{where}: expected {shape.__name__}, got bool"
    if shape is float and isinstance(value, int):
        return None
    return None if isinstance(value, shape) else f"{where}: expected {shape.__name__}, got {_kind(value)}"


def _kind(value: Any) -> str:
    return "null" if value is None else type(value).__name__
