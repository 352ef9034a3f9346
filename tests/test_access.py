"""Document access verdicts on small saved artifacts: each gate, its URL chain, and the derived
documents_require_login (true, false or null, never a false that was not measured)."""
import json
import shutil
from pathlib import Path

from model.artifacts import DocumentArtifact, Form, FormField, Link, PageType
from checks.access import document_wall, documents_access
from checks.evaluate import reclassify
from auditor.cli import evaluate_run
from checks.metrics import compute_metrics
from tests.artifact_factory import BASE, link, page, portal

BUYER = "http://buyer.test"


def typed(p, kind, *evidence):
    p.page_type = PageType(kind, list(evidence) or ["test"])
    return p


def notice(path="/n/1", links=()):
    return typed(page(path, depth=2, links=list(links), text="Closing date\nReference NS-1\nBuyer Council"), "notice")


def home(*paths):
    return page("/", links=[link(p) for p in paths])


def wall(path, login="/logon.htm", **extra):
    """A documents page that the server redirected to the sign-in page with a return URL."""
    target = f"{BASE}{login}?ReturnUrl=%2F{path.strip('/')}"
    p = page(path, depth=3, redirects=[BASE + path], **extra)
    p.final_url = target
    return typed(p, "login", f"redirected from {BASE + path} to sign-in address {target}")


def test_the_legacy_documents_page_that_redirects_to_sign_in_is_a_wall_not_open_access():
    n = notice(links=[link("/tenders/docs101.htm", "View tender documents")])
    p = portal(home("/n/1"), n, wall("/tenders/docs101.htm"))
    m = compute_metrics(p)
    access = m["documents_access"]
    assert access["verdict"] == "sign_in"
    assert access["evidence"] == [BASE + "/n/1", BASE + "/tenders/docs101.htm",
                                  BASE + "/logon.htm?ReturnUrl=%2Ftenders/docs101.htm"]
    assert "sign-in address" in access["detail"]
    assert m["documents_require_login"] is True
    # the wall is the documents', not the notice's
    assert m["notice_requires_login"] is False and m["notices_behind_login"] == 0


def test_a_notice_without_documents_is_unknown_never_a_confident_false():
    m = compute_metrics(portal(home("/n/1"), notice()))
    assert m["documents_access"]["verdict"] == "unknown"
    assert m["documents_require_login"] is None
    assert "links no documents" in m["unknown"]["documents_require_login"]


def test_open_documents_through_two_documents_pages_on_another_host_are_attributed_to_the_notice():
    n = notice(links=[Link(url=BUYER + "/t/7", text="Tender documents", kind="external")])
    hub = page("/t/7", depth=3, links=[Link(url=BUYER + "/t/7/files", text="View documents", kind="external")])
    hub.url = hub.final_url = BUYER + "/t/7"
    files = page("/t/7/files", depth=4, links=[Link(url=BUYER + "/f/spec.pdf", text="Spec", kind="document")])
    files.url = files.final_url = BUYER + "/t/7/files"
    spec = DocumentArtifact(url=BUYER + "/f/spec.pdf", found_on=[files.url], status=200, format="pdf", bytes=10)
    m = compute_metrics(portal(home("/n/1"), n, hub, files, documents=[spec]))
    access = m["documents_access"]
    assert access["verdict"] == "open" and access["notices"][0]["documents"] == [spec.url]
    assert access["evidence"] == [BASE + "/n/1", hub.url, files.url, spec.url]
    assert m["documents_require_login"] is False
    assert m["documents"]["count"] == 1 and m["clicks_to_documents"] == 4


def test_sign_in_with_hand_approved_registration():
    idp = "http://id.test/authorize?return_to=x"
    docs = wall("/docs/1", text="")
    docs.final_url = idp
    docs.text = "Sign in\nNew supplier? Register. Approval can take up to 5 working days."
    p = portal(home("/n/1"), notice(links=[link("/docs/1", "Documents")]), docs)
    access = documents_access(p)
    assert access["verdict"] == "registration_approval" and "5 working days" in access["detail"]
    assert compute_metrics(p)["documents_require_login"] is True


def test_approval_stated_on_the_registration_page_the_sign_in_page_links():
    p = portal(home("/n/1"), notice(links=[link("/docs/1", "Documents")]),
               wall("/docs/1", login="/login", links=[link("/register", "Register as a supplier")]),
               typed(page("/register", text="Accounts are vetted: registrations must be approved by our team."),
                     "registration"))
    p.pages[-1].url = p.pages[-1].final_url = BASE + "/register"
    assert documents_access(p)["verdict"] == "registration_approval"


def test_an_access_code_form_where_the_documents_were_due():
    code = page("/docs/1", depth=3, forms=[Form(fields=[FormField("input", "text", "code", "Document access code")])],
                text="Enter the code the buyer sent you.")
    access = documents_access(portal(home("/n/1"), notice(links=[link("/docs/1", "Tender documents")]), code))
    assert access["verdict"] == "access_code" and "Document access code" in access["detail"]


def test_expression_of_interest_without_a_sign_in_leaves_the_login_question_open():
    eoi = page("/docs/1", depth=3, text="Documents are released once you express interest in this opportunity.")
    p = portal(home("/n/1"), notice(links=[link("/docs/1", "Documents")]), eoi)
    m = compute_metrics(p)
    assert m["documents_access"]["verdict"] == "expression_of_interest"
    assert m["documents_require_login"] is None and "expression of interest" in m["unknown"]["documents_require_login"]


def test_the_strongest_gate_decides_and_every_notice_is_listed():
    open_notice = notice("/n/1", links=[link("/d/a.pdf", "Spec", "document")])
    walled = notice("/n/2", links=[link("/docs/2", "View documents")])
    eoi = page("/docs/3", depth=3, text="Opt in to this opportunity to see its documents.")
    a = DocumentArtifact(url=BASE + "/d/a.pdf", found_on=[BASE + "/n/1"], status=200, format="pdf")
    p = portal(home("/n/1", "/n/2", "/n/3"), open_notice, walled, wall("/docs/2"),
               notice("/n/3", links=[link("/docs/3", "Documents")]), eoi, documents=[a])
    access = documents_access(p)
    assert access["verdict"] == "expression_of_interest"
    assert access["counts"] == {"expression_of_interest": 1, "open": 1, "sign_in": 1}
    assert [n["verdict"] for n in access["notices"]] == ["open", "sign_in", "expression_of_interest"]


def test_site_navigation_to_guidance_documents_is_not_a_notices_documents_link():
    start = page("/", links=[link("/n/1"), link("/guidance", "Guidance documents")])
    n = notice(links=[link("/guidance", "Guidance documents")])
    access = documents_access(portal(start, n, typed(page("/guidance", text="Sign in to continue"), "login")))
    assert access["verdict"] == "unknown"


def test_a_documents_link_not_followed_is_unknown_with_its_reason():
    access = documents_access(portal(home("/n/1"), notice(links=[link("/docs/9", "Documents")])))
    assert access["verdict"] == "unknown" and "not followed" in access["notices"][0]["evidence"]


def test_a_cookie_banners_opt_in_is_not_an_expression_of_interest():
    page_ = page("/docs/1", depth=3, text="We use cookies. Opt in to analytics cookies? Yes / No")
    access = documents_access(portal(home("/n/1"), notice(links=[link("/docs/1", "Documents")]), page_))
    assert access["verdict"] == "unknown" and "neither a document nor a gate" in access["detail"]


def test_a_walled_file_whose_sign_in_page_says_registration_is_vetted():
    n = notice(links=[link("/d/pack.zip", "Tender pack", "document")])
    pack = DocumentArtifact(url=BASE + "/d/pack.zip", found_on=[n.url], status=200, format="zip", requires_login=True,
                            login_evidence="redirected to a sign-in address", final_url=BASE + "/login?next=%2Fd",
                            redirects=[BASE + "/d/pack.zip"])
    sign_in = typed(page("/login", text="Sign in. New suppliers: accounts are checked by hand; approval may take "
                                        "up to 3 working days."), "login")
    access = documents_access(portal(home("/n/1", "/login"), n, sign_in, documents=[pack]))
    assert access["verdict"] == "registration_approval"
    assert access["evidence"] == [n.url, pack.url, BASE + "/login?next=%2Fd"]


def _probed(path, on, **facts):
    """A document as the probe now stores it: raw facts of the answer, no verdict."""
    return DocumentArtifact(url=BASE + path, found_on=[on], format="pdf", headers={"content-type": "text/html"},
                            **facts)


def test_a_documents_wall_is_judged_from_the_raw_facts_the_probe_stored():
    n = notice(links=[link("/d/a.pdf", "Spec", "document"), link("/d/b.pdf", "ITT", "document"),
                      link("/d/c.pdf", "Form", "document")])
    redirected = _probed("/d/a.pdf", n.url, status=200, final_url=BASE + "/login?next=%2Fd%2Fa.pdf",
                         redirects=[BASE + "/d/a.pdf"])
    forbidden = _probed("/d/b.pdf", n.url, status=403, final_url=BASE + "/d/b.pdf")
    form = _probed("/d/c.pdf", n.url, status=200, final_url=BASE + "/d/c.pdf", password_field=True)
    assert [document_wall(d) for d in (redirected, forbidden, form)] == [
        f"redirected to a sign-in address {BASE}/login?next=%2Fd%2Fa.pdf (path has 'login')", "HTTP 403 Forbidden",
        "an HTML page with a password field was served instead of the file"]
    p = portal(home("/n/1"), n, documents=[redirected, forbidden, form])
    reclassify(p)                  # what evaluate (run and rescore alike) does first
    assert [d.requires_login for d in p.documents] == [True, True, True]
    m = compute_metrics(p)
    assert m["documents_require_login"] is True and m["documents"]["behind_login"] == 3


def test_an_open_answer_is_no_wall_whatever_an_old_verdict_said():
    n = notice(links=[link("/d/a.pdf", "Spec", "document")])
    served = _probed("/d/a.pdf", n.url, status=200, final_url=BASE + "/d/a.pdf", password_field=False,
                     requires_login=True, login_evidence="a verdict the checks no longer share")
    p = portal(home("/n/1"), n, documents=[served])
    reclassify(p)
    assert document_wall(served) is None and served.requires_login is False
    assert compute_metrics(p)["documents_require_login"] is False


def test_a_document_stored_before_raw_facts_keeps_its_stored_verdict():
    old = DocumentArtifact(url=BASE + "/d/a.pdf", status=200, requires_login=True, login_evidence="HTTP 401")
    assert old.headers is None and document_wall(old) == "HTTP 401"
    assert document_wall(DocumentArtifact(url=BASE + "/d/b.pdf", status=200)) is None


OLD_RUN = Path(__file__).parent / "fixtures" / "run_before_raw_document_facts"


def test_rescoring_a_run_made_before_raw_document_facts_reproduces_its_results(tmp_path):
    """Three walled samples crawled by the code before this change (expected.json is its results.json):
    rescore gives the same scores, check scores and metrics, document walls included."""
    run = shutil.copytree(OLD_RUN, tmp_path / "run")
    results = evaluate_run(run)
    expected = json.loads((OLD_RUN / "expected.json").read_text())["portals"]
    # scoring changes made on purpose since, each with its reason; nothing else may differ
    changes = json.loads((OLD_RUN / "deliberate-changes.json").read_text())["portals"]
    for want in expected:
        if change := changes.get(want["slug"]):
            want.update(score=change["score"], grade=change["grade"],
                        categories={**want["categories"], **change["categories"]},
                        checks={**want["checks"], **change["checks"]})
    assert [p["slug"] for p in results["portals"]] == [p["slug"] for p in expected]
    assert sum(p["metrics"]["documents"]["behind_login"] for p in expected) == 5   # stored walls are in play
    for want, got in zip(expected, results["portals"]):
        assert (got["score"], got["grade"], got["categories"]) == (want["score"], want["grade"], want["categories"])
        assert {key: got["metrics"][key] for key in want["metrics"]} == want["metrics"]
        assert {c["id"]: c["score"] for c in got["checks"]} == want["checks"]
