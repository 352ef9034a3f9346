"""The finding fingerprint shared by the fix-list CSV and the known-issue baseline."""
from reports.fingerprint import fingerprint, page_template

FINDING = {"check": "axe:label", "url": "http://127.0.0.1:8123/notice/42?id=7&lang=en",
           "selector": "#q", "message": "Form elements must have labels"}


def test_parts_are_check_host_free_url_template_and_selector():
    assert fingerprint(FINDING) == ("axe:label", "/notice/{id}?id&lang", "#q")
    assert page_template("https://portal.example") == "/?"


def test_same_defect_on_another_page_of_the_template_or_another_host_is_the_same_fingerprint():
    other_page = dict(FINDING, url="https://staging.example/notice/7?lang=cy&id=99", message="reworded")
    assert fingerprint(other_page) == fingerprint(FINDING)
    assert len(fingerprint(FINDING).hex) == 16


def test_another_check_template_or_element_is_another_fingerprint():
    for change in ({"check": "visible-labels"}, {"url": "http://127.0.0.1:8123/search?q=x"},
                   {"selector": "#email"}, {"selector": None}):
        assert fingerprint(dict(FINDING, **change)) != fingerprint(FINDING)
