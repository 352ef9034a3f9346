"""Our scripts in the page's isolated world, in Chromium: deadlines, and a hung tab's clean-up."""
from __future__ import annotations

import asyncio
import time

import psutil
import pytest

from auditor import browser as browser_module
from auditor.browser import _PIDS, close_context, close_tab, launch, open_tab
from auditor.crawler import new_context
from auditor.gather import run_axe
from auditor.page_world import PageScriptError, PageUnresponsive, evaluate, install, is_unresponsive


HUNG = ("data:text/html,<title>x</title><script>addEventListener('load', "
        "() => setTimeout(() => { while (true) {} }, 200))</script>")


@pytest.mark.browser
def test_evaluation_deadline_marks_the_tab_and_axe_past_it_is_the_pages_error():
    async def run():
        async with launch() as browser:
            context = await new_context(browser)
            page = await open_tab(context)
            assert await evaluate(page, "(x) => x + 1", 41) == 42
            for title in ("A", "B"):      # each document gets its own world, state included
                await page.goto(f"data:text/html,<title>{title}</title>")
                assert await evaluate(page, "window.seen || null") is None
                assert await evaluate(page, "() => { window.seen = document.title; return window.seen; }") == title
            await page.go_back()
            assert await evaluate(page, "document.title") == "A"
            with pytest.raises(PageScriptError, match="page script failed: Error: boom"):
                await evaluate(page, "() => { throw new Error('boom'); }")
            with pytest.raises(PageScriptError):   # our own runaway script is stopped by V8...
                await evaluate(page, "() => { while (true) {} }", deadline=1)
            assert not is_unresponsive(page) and await evaluate(page, "1 + 1") == 2   # ...tab intact
            await page.goto(HUNG)
            await asyncio.sleep(1)
            started = time.monotonic()
            axe = await run_axe(page)
            assert axe.error.startswith("axe could not run: page script still running")
            assert is_unresponsive(page)
            with pytest.raises(PageUnresponsive):   # later calls fail at once, not after a deadline
                await evaluate(page, "1")
            await close_tab(page)
            assert page.is_closed()
            return time.monotonic() - started

    assert asyncio.run(run()) < 60


@pytest.mark.browser
def test_axe_source_crosses_once_per_tab_and_later_documents_get_it_from_the_browser(monkeypatch):
    sent: list[int] = []

    async def counting_install(page, source, **kw):
        sent.append(len(source))
        return await install(page, source, **kw)

    monkeypatch.setattr("auditor.gather.install", counting_install)

    async def run():
        async with launch() as browser:
            page = await open_tab(await new_context(browser))
            versions = []
            for title in ("A", "B", "C"):
                await page.goto(f"data:text/html,<title>{title}</title><img src=x>")
                axe = await run_axe(page)
                assert axe.error is None and "image-alt" in {v.id for v in axe.violations}, title
                versions.append(axe.version)
                # the page's own script never sees what we preload
                assert await page.evaluate("typeof window.__tenderAuditAxe + typeof window.axe") == "undefinedundefined"
            return versions

    assert len(set(asyncio.run(run()))) == 1
    assert len(sent) == 1           # only the tab's first document was sent axe's source


@pytest.mark.browser
def test_a_close_past_its_deadline_kills_the_browser(monkeypatch):
    async def run():
        async with launch() as browser:
            pid = _PIDS[browser]
            context = await new_context(browser)
            page = await open_tab(context)
            monkeypatch.setattr(browser_module, "CLOSE_DEADLINE", 0.5)
            started = time.monotonic()
            await browser_module.close_within(asyncio.Event().wait(), browser)   # a close that never ends
            assert time.monotonic() - started < 5
            psutil.Process(pid).wait(timeout=10)      # the browser process is gone...
            with pytest.raises(Exception, match="closed"):
                await asyncio.wait_for(page.goto("about:blank"), 10)   # ...and calls fail at once
            await close_context(context)

    asyncio.run(run())
