"""Findability as a supplier lives it: scripted journeys, timed and counted, and where they broke.

Journey records come from gathering (model.journeys names them) (one dict per journey in PortalArtifacts.journeys);
the pages they landed on are ordinary page artifacts, so "did it reach a notice" uses the same
page-type evidence as every other check.
"""
from __future__ import annotations

from typing import Any

from model.artifacts import PortalArtifacts
from model.journeys import FIRST_RESULT_JOURNEY, SEARCH_JOURNEY, effort, failure_message
from model.urls import dedupe_key, normalise_url
from checks.registry import CheckMeta, Evidence, Finding, Outcome, check


def _key(url: str) -> str:
    return dedupe_key(normalise_url(url) or url)


def reached_notice(portal: PortalArtifacts, record: dict[str, Any]) -> str | None:
    """The first notice page the journey landed on after its starting page, if any."""
    types = {}
    for page in portal.pages:
        for url in (page.url, page.final_url):
            if url and not page.error:
                types.setdefault(_key(url), page.page_type.type)
    return next((url for url in record.get("pages", [])[1:] if types.get(_key(url)) == "notice"), None)


def _failure(record: dict[str, Any]) -> tuple[Evidence, Finding]:
    failed = record.get("failed_step") or {}
    url = failed.get("url", "")
    message = failure_message(record)
    return (Evidence(url=url, detail=message, screenshot=failed.get("screenshot")),
            Finding(url=url, selector=None, impact="serious", message=message,
                    screenshot=failed.get("screenshot")))


def _builtin(portal: PortalArtifacts, name: str) -> dict[str, Any] | None:
    return next((j for j in portal.journeys if j.get("builtin") and j.get("name") == name), None)


def _reaches_notice(portal: PortalArtifacts, name: str, what: str) -> Outcome:
    record = _builtin(portal, name)
    if record is None:
        configured = any(not j.get("builtin") for j in portal.journeys)
        return Outcome(None, "not run: the portal's own journeys were run instead" if configured else "not run")
    if record.get("not_possible"):
        return Outcome(None, f"not possible: {record['not_possible']}")
    if record.get("not_tried"):
        return Outcome(None, record["not_tried"])
    if not record.get("ok"):
        evidence, finding = _failure(record)
        return Outcome(0.0, f"failed after {effort(record)}", [evidence], [finding])
    notice = reached_notice(portal, record)
    landed = record["pages"][-1] if record.get("pages") else ""
    if notice is None:
        message = f"{what} led to {landed}, which does not look like a tender notice"
        return Outcome(0.5, f"{effort(record)}; no notice reached", [Evidence(url=landed, detail=message)],
                       [Finding(url=landed, selector=None, impact="moderate", message=message)])
    return Outcome(1.0, effort(record), [Evidence(url=notice, detail=f"reached in {effort(record)}")])


@check(CheckMeta(
    id="journey-keyword-search",
    category="findability",
    title="Keyword search reaches a notice",
    failure_title="Keyword search does not lead to a notice",
    why="Suppliers look for work by typing what they do; a search that fails or finds nothing hides "
        "opportunities they could bid for.",
    fix="Offer a search box on the opportunities page (a GET form with a visible label), return matching "
        "notices as links, and make each result open the notice.",
    measures="Built-in journey: type a word from the listed notice titles into the search box, submit, "
             "open a match.",
    needs=("journeys", "pages"),
))
def keyword_search(portal: PortalArtifacts) -> Outcome:
    return _reaches_notice(portal, SEARCH_JOURNEY, "Searching")


@check(CheckMeta(
    id="journey-first-result",
    category="findability",
    title="The first listed opportunity opens its notice",
    failure_title="The first listed opportunity does not open a notice",
    why="A listing is only useful if each entry leads straight to the notice's details.",
    fix="Link each listed opportunity to its notice page with the notice's title as the link text.",
    measures="Built-in journey: from the listing page, follow the first notice-like link.",
    needs=("journeys", "pages"),
))
def first_result(portal: PortalArtifacts) -> Outcome:
    return _reaches_notice(portal, FIRST_RESULT_JOURNEY, "The first listed opportunity")


@check(CheckMeta(
    id="journeys-complete",
    category="findability",
    title="Every scripted supplier journey completes",
    failure_title="Some scripted supplier journeys fail",
    why="Each journey is a task a supplier must be able to finish (find a notice, reach its documents); "
        "a step that fails is where suppliers give up.",
    fix="Open the screenshot of the failed step: the control the journey looked for is missing, renamed, "
        "hidden or not reachable; fix the page or, if the portal changed on purpose, the journey.",
    measures="Share of the portal's configured journeys that ran to the end; a journey our robots.txt "
             "policy stopped is not tried, so it is left out.",
    needs=("journeys",),
))
def journeys_complete(portal: PortalArtifacts) -> Outcome:
    configured = [j for j in portal.journeys if not j.get("builtin")]
    scripted = [j for j in configured if not j.get("not_tried")]
    if not configured:
        return Outcome(None, "no journeys configured")
    if not scripted:
        return Outcome(None, "; ".join(f"{j['name']}: {j['not_tried']}" for j in configured))
    evidence: list[Evidence] = []
    findings: list[Finding] = []
    for record in scripted:
        if record.get("ok"):
            last = record["pages"][-1] if record.get("pages") else ""
            evidence.append(Evidence(url=last, detail=f"{record['name']}: {effort(record)}"))
        else:
            ev, finding = _failure(record)
            evidence.append(ev)
            findings.append(finding)
    passed = len(scripted) - len(findings)
    return Outcome(passed / len(scripted), f"{passed} of {len(scripted)} journeys completed", evidence, findings)
