"""No secret or session is ever published: a portal on 127.0.0.1 gets every kind of secret through
every path (sign-in, a journey's value_env, a session token in its URLs, its cookie) and echoes
them back in pages, titles, fields, URLs and error pages; then every written file and the log are
searched for them."""
from __future__ import annotations

import asyncio
import json
import secrets
from pathlib import Path

import pytest
from PIL import Image

from auditor.browser import launch
from auditor.cli import main
from auditor.crawler import VIEWPORT
from auditor.gather import screenshot
from tests.site import Answer, Request, serve

pytestmark = pytest.mark.browser
USER, PASSWORD, CODE = "alice.buyer7", "Pw-Hunter2-9911", "Jc-SECRET-55x1"
ENV = {"TA_USER": USER, "TA_PASSWORD": PASSWORD, "TA_CODE": CODE}


class Portal:
    """Signs in alice with a cookie and a URL token, then shows both, and her name, everywhere."""

    def __init__(self) -> None:
        self.token = "tk" + secrets.token_hex(12)
        self.cookie = "ck" + secrets.token_hex(12)

    def page(self, title: str, body: str) -> Answer:
        return Answer(f'<!doctype html><html lang="en"><title>{title}</title><main><h1>{title}</h1>{body}</main>')

    def signed_in(self, request: Request) -> bool:
        return request.cookies.get("session") == self.cookie

    def header(self, request: Request) -> str:
        if not self.signed_in(request):
            return '<p><a href="/login">Sign in</a></p>'
        t = self.token
        return (f'<p>Signed in as {USER}</p><nav><a href="/notices?token={t}">Notices</a> '
                f'<a href="/account?token={t}">Account of {USER}</a> <a href="/search">Search</a> '
                f'<a href="/missing?token={t}&amp;user={USER}">Old notices</a></nav>')

    def home(self, request: Request) -> Answer:
        return self.page("Home", self.header(request))

    def login(self, request: Request) -> Answer:
        if request.method == "POST":
            if request.form.get("username") == USER and request.form.get("password") == PASSWORD:
                return Answer("", 303, {"Location": f"/account?token={self.token}",
                                        "Set-Cookie": f"session={self.cookie}; Path=/; HttpOnly"})
            # the error echoes what was typed, spaced and padded so that tidying and cutting it to 200
            # characters before redacting would leave its first four characters
            filler = ("We could not sign you in. " * 8)[:175]
            said = f"Sorry,\n   {filler}   the\n  password   {request.form.get('password')}"
            return self.page("Sign in", f'<div role="alert">{said}</div>' + self.form())
        return self.page("Sign in", self.form())

    @staticmethod
    def form() -> str:
        return ('<form method="post" action="/login"><label for="u">Username</label>'
                '<input id="u" name="username" autocomplete="username"><label for="p">Password</label>'
                '<input id="p" name="password" type="password"><button>Sign in</button></form>')

    def account(self, request: Request) -> Answer:
        return self.page(f"Account of {USER}", self.header(request) +
                         f'<label for="n">Name</label><input id="n" name="n" value="{USER}">'
                         f'<p>Your session: {request.query.get("token", "")}, cookie {request.cookies.get("session")}</p>')

    def notices(self, request: Request) -> Answer:
        return self.page("Notices", self.header(request) +
                         f'<ul><li><a href="/notice/1?token={self.token}">Road repairs</a></ul>')

    def notice(self, request: Request) -> Answer:
        return self.page("Road repairs", self.header(request) + "<p>Closing date: 1 March</p>")

    def missing(self, request: Request) -> Answer:
        answer = self.page("Not found", f"<p>No page for {request.query.get('user')} "
                                        f"with token {request.query.get('token')}</p>")
        answer.status = 404
        return answer

    def search(self, request: Request) -> Answer:
        return self.page("Search", '<form method="get" action="/results" role="search"><label for="r">Reference'
                                   '</label><input id="r" name="ref"><button>Search</button></form>')

    def results(self, request: Request) -> Answer:
        return self.page(f"Results for {request.query.get('ref')}", f"<p>Nothing matches {request.query.get('ref')}</p>")

    def routes(self) -> dict:
        return {"/": self.home, "/login": self.login, "/account": self.account, "/notices": self.notices,
                "/notice/1": self.notice, "/missing": self.missing, "/search": self.search, "/results": self.results}


def run(tmp_path: Path, capsys, base: str) -> tuple[int, str]:
    config = {"portals": [{
        "name": "Secretive", "slug": "secretive", "url": base + "/", "rate": 100, "concurrency": 2,
        "max_pages": 12, "probes": False, "documents": False,
        "login": {"url": "/login", "username_env": "TA_USER", "password_env": "TA_PASSWORD"},
        "journeys": [{"name": "Search by reference", "steps": [
            {"goto": "/search"}, {"fill": {"label": "Reference", "value_env": "TA_CODE"}},
            {"press": {"key": "Enter", "label": "Reference"}}, {"expect": {"text": "Nothing matches"}},
            {"screenshot": "results"}]}]}]}
    path = tmp_path / "portals.yaml"
    path.write_text(json.dumps(config))
    code = main(["run", str(path), "--out", str(tmp_path / "out"), "--json"])
    return code, capsys.readouterr().err


def leaks(root: Path, log: str, values: list[str]) -> list[str]:
    found = [f"log: {v}" for v in values if v in log]
    for path in root.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            found += [f"{path.relative_to(root)}: {v}" for v in values if v.encode() in data]
    return found


def test_no_secret_or_session_reaches_a_file_or_the_log(tmp_path, capsys, monkeypatch):
    for name, value in ENV.items():
        monkeypatch.setenv(name, value)
    portal = Portal()
    with serve(portal.routes()) as site:
        code, log = run(tmp_path, capsys, site.base)
        asked = list(site.log)
    assert code == 0, log
    out = tmp_path / "out"
    # every path was taken: signed in, crawled inside the session, echoed, and the journey filled its secret
    assert f"GET /results?ref={CODE}" in asked and any(f"token={portal.token}" in line for line in asked)
    assert any(line.startswith("GET /missing") for line in asked)
    results = json.loads((out / "results.json").read_text())
    [journey] = results["portals"][0]["metrics"]["journeys"]
    assert journey["ok"] and journey["pages"][-1].endswith("/results")   # stored without the secret
    assert (out / "findings.csv").exists() and (out / "index.html").exists()
    assert leaks(out, log, [USER, PASSWORD, CODE, portal.token, portal.cookie]) == []
    pages = "".join(p.read_text() for p in (out / "artifacts" / "secretive" / "pages").glob("*.json"))
    assert "Signed in as ********" in pages and "Results for ********" in pages
    assert "Your session: ********, cookie ********" in pages


def test_a_sign_in_error_page_echoing_the_password_leaks_none_of_it(tmp_path, capsys, monkeypatch):
    wrong = "Wrong-Pass-8842-xyz"
    for name, value in {**ENV, "TA_PASSWORD": wrong}.items():
        monkeypatch.setenv(name, value)
    with serve(Portal().routes()) as site:
        code, log = run(tmp_path, capsys, site.base)
    assert code == 3
    assert "still on the sign-in page" in log and "the password ****'" in log
    # not the password, nor the fragment a cut before redaction would leave
    assert leaks(tmp_path / "out", log, [wrong, wrong[:4], USER]) == []


def magenta(path: Path) -> int:
    """Pixels Playwright painted over a masked element (#FF00FF)."""
    with Image.open(path) as image:
        rgb = image.convert("RGB").tobytes()
    return sum(1 for i in range(0, len(rgb), 3) if rgb[i] > 200 and rgb[i + 1] < 80 and rgb[i + 2] > 200)


@pytest.mark.parametrize("shows", [f'<p style="font-size:40px">Signed in as {USER}</p>',
                                   f'<input value="{USER}" style="font-size:30px;width:600px">'])
def test_screenshots_hide_the_username_shown_as_text_or_in_a_field(tmp_path, shows):
    async def shoot() -> None:
        async with launch() as browser:
            context = await browser.new_context(viewport=VIEWPORT)
            page = await context.new_page()
            await page.set_content(f'<!doctype html><html lang="en"><body style="background:#fff">{shows}')
            await screenshot(page, tmp_path / "plain.jpg")
            await screenshot(page, tmp_path / "hidden.jpg", hide=[USER])
            await context.close()

    asyncio.run(shoot())
    assert magenta(tmp_path / "plain.jpg") == 0
    assert magenta(tmp_path / "hidden.jpg") > 3000       # the line of text or the field, blacked out
