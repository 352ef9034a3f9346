"""Authenticated audits in real Chromium against the walled sample portal: sign in, reach the
documents behind the wall, download a pack inside the session, and leave no credential on disk."""
import asyncio
import io
import json
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from auditor.browser import launch
from auditor.config import parse_config
from auditor.http_client import new_http_client
from auditor.login import SignInError, sign_in
from auditor.samples.server import serve_samples
from auditor.samples.site import SAMPLES_DIR, SESSION_COOKIE
from auditor.store import PortalStore
from auditor.cli import evaluate_run
from checks.access import document_wall
from reports.render import render_report
from tests.conftest import FAST, crawl

pytestmark = pytest.mark.browser
USER_ENV, PASSWORD_ENV = "TEST_WALLED_USER", "TEST_WALLED_PASSWORD"


def walled_config(portal, **extra):
    login = {"url": "/login", "username_env": USER_ENV, "password_env": PASSWORD_ENV}
    return parse_config({"portals": [{"name": portal.name, "url": portal.url, "slug": portal.slug, **FAST,
                                      "max_pages": 40, "login": login, **extra}]}, Path("<tests>"))


@pytest.fixture
def walled(monkeypatch):
    with serve_samples(["walled-portal"]) as portals:
        portal = portals["walled-portal"]
        account = json.loads((SAMPLES_DIR / "walled-portal" / "portal.json").read_text())["account"]
        monkeypatch.setenv(USER_ENV, account["username"])
        monkeypatch.setenv(PASSWORD_ENV, account["password"])
        yield portal, account


def files_containing(root: Path, secret: str) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file() and secret.encode() in p.read_bytes()]


def test_signed_in_crawl_reaches_the_documents_and_leaves_no_secret_on_disk(walled, tmp_path):
    portal, account = walled
    journey = {"name": "Notice documents", "steps": [
        {"goto": "/opportunities"}, {"click": {"role": "link", "name": "Temporary agency staff"}},
        {"expect": {"element": {"role": "link", "name": "Clarification log"}}}, {"screenshot": "documents"}]}
    [config] = walled_config(portal, journeys=[journey])
    outcome = crawl([config], tmp_path)
    assert outcome.failed == {}
    store = PortalStore(tmp_path, portal.slug)
    pages = store.pages()
    # the notice the journey opened is gathered once, inside the session: by the crawl, which the
    # journey then reuses, or by the journey
    [notice] = [p for p in pages if p.url.endswith("/tender/notice/EM-0883")]
    assert notice.axe is not None and notice.axe.error is None and notice.screenshot
    assert any(link.url.endswith("/tender/docs/EM-0883/tender-pack.zip") for link in notice.links)
    [record] = store.journeys()
    assert record["ok"] and record["clicks"] == 1 and record["screenshots"]
    assert (notice.journey == "Notice documents") != (notice.url in record["reused"])
    # inside the session the documents are files, not the sign-in page
    docs = {d.url.rsplit("/", 2)[-2] + "/" + d.url.rsplit("/", 1)[-1]: d for d in store.documents()}
    assert docs["EM-0883/tender-pack.zip"].format == "zip"
    assert document_wall(docs["EM-0883/tender-pack.zip"]) is None
    assert ("GET", "/logout") not in [(m, p) for m, p, _ in portal.requests]
    # an owner's audit says so, and does not claim the portal is open to suppliers
    [result] = evaluate_run(tmp_path)["portals"]
    assert result["signed_in"] is True and result["status"] == "audited"
    access = {c["id"]: c for c in result["checks"] if c["category"] == "access"}
    assert access["notice-open-access"]["score"] is None and "signed in" in access["notice-open-access"]["value"]
    assert result["metrics"]["notice_requires_login"] is None
    render_report(tmp_path)
    page = (tmp_path / "portals" / f"{portal.slug}.html").read_text()
    assert "signed in as the owner" in page and "open to everyone" not in page
    assert "signed in as the owner" in (tmp_path / "index.html").read_text()
    for secret in (account["password"], account["username"]):
        assert files_containing(tmp_path, secret) == []


def test_the_pack_downloads_inside_the_session_and_not_without_it(walled):
    portal, _ = walled
    [config] = walled_config(portal)
    zip_url = portal.url.rstrip("/") + "/tender/docs/EM-0883/tender-pack.zip"

    async def run():
        async with launch() as browser:
            state = await sign_in(browser, config)
        async with new_http_client(state) as signed_in, new_http_client() as anonymous:
            return state, await signed_in.get(zip_url), await anonymous.get(zip_url)

    state, inside, outside = asyncio.run(run())
    assert [c["name"] for c in state["cookies"]] == [SESSION_COOKIE]
    assert inside.status_code == 200 and zipfile.ZipFile(io.BytesIO(inside.content)).namelist()
    assert outside.status_code in (302, 303) and "/login" in outside.headers["location"]


def test_a_wrong_password_is_a_clear_error_without_the_password(walled, monkeypatch):
    portal, _ = walled
    monkeypatch.setenv(PASSWORD_ENV, "Wrong-Pass-4512")
    [config] = walled_config(portal)

    async def run():
        async with launch() as browser:
            await sign_in(browser, config)

    with pytest.raises(SignInError) as err:
        asyncio.run(run())
    message = str(err.value)
    assert "still on the sign-in page" in message and "incorrect" in message
    assert "Wrong-Pass-4512" not in message


def test_a_missing_environment_variable_is_named(walled, monkeypatch):
    portal, _ = walled
    monkeypatch.delenv(PASSWORD_ENV)
    [config] = walled_config(portal)

    async def run():
        async with launch() as browser:
            await sign_in(browser, config)

    with pytest.raises(SignInError, match=PASSWORD_ENV):
        asyncio.run(run())


def test_a_failed_sign_in_fails_that_portal_only(walled, tmp_path, monkeypatch):
    portal, _ = walled
    monkeypatch.setenv(PASSWORD_ENV, "Wrong-Pass-4512")
    [config] = walled_config(portal)
    with serve_samples(["open-portal"]) as others:
        [other] = parse_config({"portals": [{"name": "Open", "url": others["open-portal"].url, **FAST,
                                             "max_pages": 5, "documents": False}]}, Path("<tests>"))
        outcome = crawl([config, other], tmp_path)
    assert list(outcome.failed) == [portal.slug] and "sign-in failed" in outcome.failed[portal.slug]
    assert outcome.summaries[other.slug].pages == 5
    # the portal is still listed, not audited, with the reason
    results = {p["slug"]: p for p in evaluate_run(tmp_path)["portals"]}
    walled = results[portal.slug]
    assert walled["status"] == "not_audited" and walled["status_reason"].startswith("sign-in failed")
    assert walled["score"] is None and walled["findings"] == []
    assert results[other.slug]["status"] == "audited"
    assert files_containing(tmp_path, "Wrong-Pass-4512") == []


WALLED_SAMPLES = ["legacy-walled", "notice-service", "vendor-host", "webforms-portal"]


def sample_account(slug: str) -> dict:
    """The sample's test account: on the portal, or on the companion host that signs suppliers in."""
    folder = SAMPLES_DIR / slug
    for config in [folder / "portal.json", *sorted(folder.glob("hosts/*/host.json"))]:
        if "account" in json.loads(config.read_text()):
            return json.loads(config.read_text())["account"]
    raise AssertionError(f"{slug} has no account")


@pytest.fixture(params=WALLED_SAMPLES)
def walled_sample(request, monkeypatch):
    """A walled sample served on loopback, its owner's credentials in the environment only."""
    slug = request.param
    account = sample_account(slug)
    monkeypatch.setenv(USER_ENV, account["username"])
    monkeypatch.setenv(PASSWORD_ENV, account["password"])
    with serve_samples([slug]) as portals:
        portal = portals[slug]
        login = portal.truth["login"]
        parts = urlsplit(portal.url)
        base = portal.hosts.get(login.get("host", ""), f"{parts.scheme}://{parts.netloc}")
        yield portal, account, base + login["url"], base + login["protected"]


def test_owner_sign_in_works_on_every_walled_sample_without_selectors(walled_sample, tmp_path):
    portal, account, login_url, protected = walled_sample
    login = {"url": login_url, "username_env": USER_ENV, "password_env": PASSWORD_ENV}
    [config] = parse_config({"portals": [{"name": portal.name, "url": portal.url, "slug": portal.slug, **FAST,
                                          "login": login}]}, Path("<tests>"))

    async def run():
        async with launch() as browser:
            state = await sign_in(browser, config)
        async with new_http_client(state) as signed_in, new_http_client() as anonymous:
            return await signed_in.get(protected), await anonymous.get(protected)

    inside, outside = asyncio.run(run())
    assert inside.status_code == 200 and inside.content.startswith(b"%PDF"), portal.slug
    assert outside.status_code in (302, 303) and outside.headers["location"]
    # a signed-in crawl writes no credential anywhere
    [crawled] = parse_config({"portals": [{"name": portal.name, "url": portal.url, "slug": portal.slug, **FAST,
                                           "max_pages": 12, "probes": False, "login": login}]}, Path("<tests>"))
    outcome = crawl([crawled], tmp_path)
    assert outcome.failed == {} and outcome.summaries[portal.slug].pages > 3
    assert files_containing(tmp_path, account["password"]) == []


def test_sign_in_failures_say_which_part_was_missing_and_which_key_overrides_it(walled, tmp_path):
    portal, _ = walled
    # the walled portal's help page has no form at all
    [config] = walled_config(portal)
    config.login = {**config.login, "url": "/help"}

    async def run():
        async with launch() as browser:
            await sign_in(browser, config)

    with pytest.raises(SignInError) as err:
        asyncio.run(run())
    assert "no username or password field found" in str(err.value)
    assert "'login.username_selector'" in str(err.value) and "'login.password_selector'" in str(err.value)
