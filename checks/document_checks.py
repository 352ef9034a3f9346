"""Checks of the accessibility of tender documents (PDF and Office files, ZIP members included), from
the document inspection fields."""
from __future__ import annotations

from typing import Any, Callable, Iterable, Iterator

from model.artifacts import DocumentArtifact, PortalArtifacts
from checks.probe_common import MAX_EVIDENCE
from checks.registry import CheckMeta, Evidence, Finding, Outcome, check


def _inspected(docs: Iterable[DocumentArtifact], kind: str) -> Iterator[tuple[DocumentArtifact, str, dict[str, Any]]]:
    """(document, name, inspection) for each inspected PDF or Office file, ZIP members included."""
    def members(doc: DocumentArtifact, entries: list[dict[str, Any]], prefix: str) -> Iterator[tuple[DocumentArtifact, str, dict[str, Any]]]:
        for entry in entries or []:
            name = f"{prefix}{entry.get('name', '?')}"
            if isinstance(entry.get(kind), dict) and not entry[kind].get("error"):
                yield doc, f"{doc.url} → {name}", entry[kind]
            yield from members(doc, entry.get("members") or [], name + " → ")
    for doc in docs:
        own = getattr(doc, kind)
        if isinstance(own, dict) and not own.get("error"):
            yield doc, doc.url, own
        yield from members(doc, doc.zip_members, "")


DocRule = Callable[[str, dict[str, Any]], str | None]


def per_document(portal: PortalArtifacts, kinds: tuple[str, ...], impact: str, rule: DocRule) -> Outcome:
    """Share of inspected documents without the problem; one finding per problem, on the page linking it."""
    checked = 0
    findings: list[Finding] = []
    for kind in kinds:
        for doc, name, data in _inspected(portal.documents, kind):
            problem = rule(kind, data)
            if problem is None:
                continue
            checked += 1
            if problem:
                findings.append(Finding(url=doc.found_on[0] if doc.found_on else doc.url, selector=None,
                                        impact=impact, message=f"{problem}: {name}"))
    if not checked:
        return Outcome(None, "no inspected document this applies to")
    bad = len(findings)
    return Outcome(1 - bad / checked, {"documents": checked, "failing": bad},
                   [Evidence(f.url, None, f.message) for f in findings[:MAX_EVIDENCE]], findings)


@check(CheckMeta(
    id="documents-tagged",
    category="documents",
    title="Tender PDFs are tagged",
    failure_title="Tender PDFs are untagged",
    why="An untagged PDF has no headings, reading order or table structure for a screen reader: the "
        "specification a supplier must answer is a jumble.",
    fix="Export tagged PDF from the authoring tool (Word: 'Document structure tags for accessibility').",
    measures="Share of inspected PDFs (ZIP members included) that carry a structure tree; scans and PDFs "
             "whose tagging could not be read are left to documents-text.",
    wcag=("1.3.1",),
    needs=("documents",),
    weight=2.0,
))
def documents_tagged(portal: PortalArtifacts) -> Outcome:
    def rule(kind: str, pdf: dict[str, Any]) -> str | None:
        if pdf.get("tagged") is None or pdf.get("scanned"):
            return None          # unknown, or a scan: documents-text reports it
        return "" if pdf["tagged"] else "Untagged PDF"
    outcome = per_document(portal, ("pdf",), "serious", rule)
    scans = sum(1 for _, _, pdf in _inspected(portal.documents, "pdf") if pdf.get("scanned"))
    if outcome.score is None and scans:
        # say why, or "not applicable" stands beside "100% untagged" unexplained
        return Outcome(None, f"every inspected PDF ({scans}) is a scanned image with no text, reported under "
                             "'Tender PDFs contain real text': tags cannot help until there is text to tag")
    return outcome


@check(CheckMeta(
    id="documents-text",
    category="documents",
    title="Tender PDFs contain real text",
    failure_title="Tender PDFs are scanned images with no text",
    why="A scanned page is a picture: screen readers read nothing, and nobody can search or copy from it.",
    fix="Publish the original digital document; if only a scan exists, run OCR and tag the result.",
    measures="Share of inspected PDFs (ZIP members included) with a text layer, rather than scanned page "
             "images only.",
    wcag=("1.1.1",),
    needs=("documents",),
    weight=3.0,
))
def documents_text(portal: PortalArtifacts) -> Outcome:
    def rule(kind: str, pdf: dict[str, Any]) -> str | None:
        if pdf.get("text_layer") is None:
            return None
        return "Scanned PDF with no text layer" if pdf.get("scanned") or not pdf["text_layer"] else ""
    return per_document(portal, ("pdf",), "critical", rule)


@check(CheckMeta(
    id="documents-language",
    category="documents",
    title="Tender documents declare their language",
    failure_title="Tender documents do not declare their language",
    why="Without a language, screen readers read the document with the wrong voice and pronunciation.",
    fix="Set the document language in the authoring tool before exporting (PDF /Lang, Office dc:language).",
    measures="Share of inspected PDF and Office documents (ZIP members included) that declare a language; "
             "scans are left out.",
    wcag=("3.1.1",),
    needs=("documents",),
))
def documents_language(portal: PortalArtifacts) -> Outcome:
    def rule(kind: str, data: dict[str, Any]) -> str | None:
        if kind == "pdf" and data.get("scanned"):
            return None
        return "" if (data.get("lang") or "").strip() else f"No document language ({kind.upper()})"
    return per_document(portal, ("pdf", "office"), "moderate", rule)


@check(CheckMeta(
    id="documents-title",
    category="documents",
    title="Tender documents have titles",
    failure_title="Tender documents have no title",
    why="Screen readers and PDF viewers announce the title; without one suppliers hear a file name like 'doc0231.pdf'.",
    fix="Fill in the document title property and, for PDF, show the title rather than the file name.",
    measures="Share of inspected PDF and Office documents (ZIP members included) whose title property is "
             "filled in.",
    wcag=("2.4.2",),
    needs=("documents",),
    weight=0.5,
))
def documents_title(portal: PortalArtifacts) -> Outcome:
    def rule(kind: str, data: dict[str, Any]) -> str | None:
        return "" if (data.get("title") or "").strip() else f"No document title ({kind.upper()})"
    return per_document(portal, ("pdf", "office"), "minor", rule)
