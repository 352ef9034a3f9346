"""The probes in real Chromium against small local pages, each with and without the barrier.

One browser and one gathering pass for the whole module: every test reads the artifacts.
"""
from __future__ import annotations

import asyncio
import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from model.artifacts import PageArtifact, PortalArtifacts
from auditor.browser import launch
from auditor.config import Scope
from auditor.crawler import VIEWPORT, new_context
from auditor.gather import GatherOptions, record_page
from checks.catalogue import all_checks
from checks.keyboard_walk import judge_walk
from checks.registry import run_check

PAGES = Path(__file__).parent / "pages"
PROBE_MODULES = {f"checks.{m}" for m in ("keyboard_checks", "layout_checks", "structure_checks", "link_checks",
                                         "document_checks")}
OUR_CHECKS = [c for c in all_checks() if c.run.__module__ in PROBE_MODULES]

pytestmark = pytest.mark.browser
# page-type selectors from a portal's config: the artifact records which ones each page has
SELECTORS = ["main#main", "nav ul", "a[href^='javascript:']", "div.not-on-any-page", "p:has(> a[target])"]


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


async def _gather_all(base: str, names: list[str]) -> dict[str, tuple[PageArtifact, dict]]:
    out = {}
    async with launch() as browser:
        for name in names:
            context = await new_context(browser)
            page = await context.new_page()
            response = await page.goto(f"{base}/{name}")   # record_page, not gather_page, which blanks the tab after
            artifact = await record_page(page, PageArtifact(url=f"{base}/{name}", status=response.status),
                                         GatherOptions(scope=Scope(), selectors=SELECTORS))
            after = {"viewport": page.viewport_size, "styles": await page.evaluate("document.querySelectorAll('style').length"),
                     "scroll": await page.evaluate("[scrollX, scrollY]"),
                     "active": await page.evaluate("document.activeElement === document.body")}
            out[name] = (artifact, after)
            await context.close()
    return out


def gather_pages(folder: Path, names: list[str]) -> dict[str, tuple[PageArtifact, dict]]:
    """Serve `folder` on 127.0.0.1 and record each named page as a crawl does."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        return asyncio.run(_gather_all(f"http://127.0.0.1:{server.server_address[1]}", names))
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def gathered() -> dict[str, tuple[PageArtifact, dict]]:
    return gather_pages(PAGES, ["barriers.html", "clean.html", "trap.html", "inert-skip.html"])


def findings(artifact: PageArtifact) -> dict[str, list]:
    portal = PortalArtifacts(name="t", slug="t", start_url=artifact.url, pages=[artifact])
    return {c.meta.id: run_check(c, portal).findings for c in OUR_CHECKS}


def test_every_probe_ran_and_the_page_is_left_as_found(gathered):
    for name, (artifact, after) in gathered.items():
        probes = artifact.probes
        assert {"dom", "keyboard", "text_spacing", "text_resize", "reflow"} <= probes.keys(), name
        assert not any(isinstance(v, dict) and "error" in v for v in probes.values()), (name, probes)
        assert artifact.probe_times.keys() == {"dom", "keyboard", "layout", "total"}, name
        assert after["viewport"] == VIEWPORT
        assert after["styles"] == (1 if name in ("barriers.html", "clean.html") else 0)   # the text-spacing style is gone
        assert after["active"] and after["scroll"] == [0, 0]
        assert artifact.probe_times["total"] < 3.0


def test_clean_page_has_no_finding(gathered):
    artifact, _ = gathered["clean.html"]
    assert {check: [f.message for f in found] for check, found in findings(artifact).items() if found} == {}


def test_keyboard_walk(gathered):
    barriers = judge_walk(gathered["barriers.html"][0].probes["keyboard"])
    by_text = {s["text"]: s for s in barriers.order}
    assert by_text["Notices"]["lost"] is True                      # onfocus="blur()"
    assert by_text["Documents"]["changed"] is False                 # outline removed, nothing else
    assert barriers.trap is None and barriers.reached_end
    clean = judge_walk(gathered["clean.html"][0].probes["keyboard"])
    assert clean.order[0]["text"] == "Skip to main content"
    assert all(s["changed"] and not s["lost"] for s in clean.order)


def test_keyboard_trap(gathered):
    walk = gathered["trap.html"][0].probes["keyboard"]
    trap = judge_walk(walk).trap
    assert walk["presses"] < walk["focusables"] + 5      # the walk stopped once focus was held
    assert trap and trap["kind"] == "stuck" and trap["selector"] == "#trap"
    assert [f.selector for f in findings(gathered["trap.html"][0])["keyboard-trap"]] == ["#trap"]


def test_barrier_findings(gathered):
    found = {check: {f.message for f in items} for check, items in findings(gathered["barriers.html"][0]).items()}
    joined = {check: " | ".join(messages) for check, messages in found.items()}
    assert "Focus is removed" in joined["keyboard-focus-kept"]
    assert "Documents" in joined["keyboard-focus-visible"]
    assert "Open tenders" in joined["headings-marked-up"]
    assert "see the rules page" in joined["links-distinguishable"]
    assert "appears to render text" in joined["images-of-text"]
    assert "cannot receive keyboard focus" in joined["keyboard-operable"]
    assert "changes context" in joined["change-on-input"]
    assert "named only by its title" in joined["visible-labels"] and "no label at all" in joined["visible-labels"]
    assert "nested 2 deep" in joined["layout-tables"]
    assert "refreshes after 600 s" in joined["timing-adjustable"]
    assert "come before the content, with no skip link, landmark or heading" in joined["bypass-blocks"]
    assert "scrolls sideways" in joined["reflow"]
    assert "cut off" in joined["text-spacing"]
    assert "At 200% text size (text-only zoom) this text is cut off: 'Closing date'" in joined["text-resize"]
    assert "from input back up the page to a 'Documents'" in joined["focus-order"]   # tabindex=1 at the foot; Notices drops focus
    assert "'click here'" in joined["link-purpose"] and "share the text 'tender'" in joined["link-purpose"]
    assert "Partner site" in joined["new-window-warning"]
    assert "javascript:openNotice(3)" in joined["script-links"]


def test_config_selectors_present_on_each_page_are_recorded(gathered):
    assert gathered["clean.html"][0].matched_selectors == ["main#main", "nav ul", "p:has(> a[target])"]
    assert gathered["barriers.html"][0].matched_selectors == ["a[href^='javascript:']", "p:has(> a[target])"]


def test_the_dom_probe_and_the_keyboard_walk_agree_on_what_tab_reaches(gathered):
    """One definition of focusable (js/page-lib.js): a skip link Tab cannot reach is no skip link."""
    for name, (artifact, _) in gathered.items():
        assert artifact.probes["dom"]["focusables"] == artifact.probes["keyboard"]["focusables"], name
    artifact = gathered["inert-skip.html"][0]
    assert artifact.probes["dom"]["skip_link"] is None
    assert [s["text"] for s in judge_walk(artifact.probes["keyboard"]).order][0] == "Tenders"
    assert [f.message for f in findings(artifact)["bypass-blocks"]] == [
        "5 links or controls come before the content, with no skip link, landmark or heading to jump past them."]
