"""Pure tests of the document checks of checks/document_checks.py, on hand-built artifacts."""
from __future__ import annotations

from checks import document_checks
from model.artifacts import DocumentArtifact
from tests.artifact_factory import page, portal


def test_document_checks_report_on_the_linking_page():
    untagged = DocumentArtifact(url="http://portal.test/spec.pdf", found_on=["http://portal.test/notice/1"],
                                pdf={"tagged": False, "lang": None, "title": "Spec", "text_layer": True, "scanned": False})
    scanned = DocumentArtifact(url="http://portal.test/scan.pdf", found_on=["http://portal.test/notice/2"],
                               pdf={"tagged": False, "lang": None, "title": None, "text_layer": False, "scanned": True})
    bundle = DocumentArtifact(url="http://portal.test/pack.zip", found_on=["http://portal.test/notice/3"], zip_members=[
        {"name": "form.docx", "office": {"title": None, "lang": "en-GB"}, "pdf": None, "members": None},
        {"name": "inner.zip", "pdf": None, "office": None, "members": [
            {"name": "tagged.pdf", "pdf": {"tagged": True, "lang": "en", "title": "T", "text_layer": True, "scanned": False}}]}])
    p = portal(page("/"), documents=[untagged, scanned, bundle])
    tagged = document_checks.documents_tagged(p)
    assert [f.url for f in tagged.findings] == ["http://portal.test/notice/1"] and tagged.score == 0.5
    assert [f.url for f in document_checks.documents_text(p).findings] == ["http://portal.test/notice/2"]
    assert [f.url for f in document_checks.documents_language(p).findings] == ["http://portal.test/notice/1"]
    titles = document_checks.documents_title(p).findings
    assert ["pack.zip → form.docx" in f.message for f in titles] == [False, True]
    assert document_checks.documents_tagged(portal(page("/"))).score is None
    only_scans = document_checks.documents_tagged(portal(page("/"), documents=[scanned]))
    assert only_scans.score is None and "scanned image with no text" in only_scans.value   # not applicable, with why
