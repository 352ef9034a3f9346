"""The supplier summary says, in plain English, what each fixture portal asks of a supplier."""
import copy
import json
from pathlib import Path

from reports.summary import supplier_summary

RESULTS = json.loads((Path(__file__).parent / "fixtures" / "report_run" / "results.json").read_text())
METRICS = {p["slug"]: p["metrics"] for p in RESULTS["portals"]}


def test_open_portal():
    assert supplier_summary(METRICS["northshire"]) == [
        "Notices and documents are open to everyone.",
        "A notice is 2 clicks from the home page; a document is 3 clicks.",
        "Documents are mostly PDFs. 3 of 30 PDFs are untagged, so screen readers cannot follow them reliably.",
        "Automated testing of 24 pages found no serious or critical accessibility barriers.",
        "The portal publishes an accessibility statement and open data.",
    ]


def test_walled_portal():
    assert supplier_summary(METRICS["eastmarch"]) == [
        "Notices are open to everyone, but you must register (24 fields, CAPTCHA) before you can read tender documents.",
        "A notice is 2 clicks from the home page.",
        "Documents arrive as ZIP bundles of untagged PDFs, which screen readers cannot follow reliably.",
        "Automated testing of 30 pages found 24 serious or critical accessibility barriers.",
        "The portal publishes an accessibility statement but no open data.",
    ]


def test_legacy_portal_with_an_unknown_metric():
    assert supplier_summary(METRICS["westvale"]) == [
        "Notices and documents are open to everyone.",
        "A notice is 4 clicks from the home page; a document is 5 clicks.",
        "Documents are mostly untagged PDFs, which screen readers cannot follow reliably.",
        "Automated testing of 96 pages found 53 serious or critical accessibility barriers.",
        "The portal publishes no accessibility statement; we could not tell whether it publishes open data.",
    ]


def test_notices_behind_login_without_a_registration_form():
    m = copy.deepcopy(METRICS["eastmarch"])
    m["notice_requires_login"] = True
    m["registration"] = {"found": False, "url": None, "fields": 0, "required_fields": 0, "captcha": False}
    m["clicks_to_notice"] = None
    summary = supplier_summary(m)
    assert summary[0] == "You must log in with an account before you can read tender notices or their documents."
    assert summary[1] == "We could not find a path of links from the home page to a tender notice."


def test_a_statement_says_when_it_was_prepared_so_an_old_one_is_not_taken_for_current():
    m = copy.deepcopy(METRICS["eastmarch"])
    m["accessibility_statement"] = {"found": True, "url": "https://e.example/a11y", "date": "2019-09-03"}
    assert supplier_summary(m)[-1] == \
        "The portal publishes an accessibility statement (prepared 2019-09-03) but no open data."


def test_everything_unknown_never_guesses():
    assert supplier_summary(None) == [
        "We could not tell whether you need an account to read notices and documents.",
        "We could not find a path of links from the home page to a tender notice.",
        "We could not tell what form the documents take.",
        "We could not run the automated accessibility test on this portal.",
        "We could not tell whether the portal publishes an accessibility statement or open data.",
    ]


def test_single_counts_are_singular():
    m = copy.deepcopy(METRICS["northshire"])
    m.update(clicks_to_notice=1, clicks_to_documents=1)
    m["axe"]["violations"].update(critical=1, serious=0)
    m["axe"]["pages"] = 1
    summary = supplier_summary(m)
    assert summary[1] == "A notice is 1 click from the home page; a document is 1 click."
    assert summary[3] == "Automated testing of 1 page found 1 serious or critical accessibility barrier."


def test_each_documents_gate_is_said_plainly():
    m = copy.deepcopy(METRICS["eastmarch"])
    said = {}
    for verdict in ("registration_approval", "access_code", "expression_of_interest", "sign_in"):
        m["documents_access"] = {"verdict": verdict}
        said[verdict] = supplier_summary(m)[0]
    assert said["registration_approval"] == ("Notices are open to everyone, but you must register (24 fields, CAPTCHA) "
                                             "and wait for the portal to approve your account by hand before you "
                                             "can read tender documents.")
    assert "access code you must ask the buyer for" in said["access_code"]
    assert "after you express interest" in said["expression_of_interest"]
    assert said["sign_in"] == supplier_summary(METRICS["eastmarch"])[0]


def test_open_documents_stay_open_in_the_summary():
    m = copy.deepcopy(METRICS["northshire"])
    m["documents_access"] = {"verdict": "open"}
    assert supplier_summary(m)[0] == "Notices and documents are open to everyone."
