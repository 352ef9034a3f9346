"""Writes the document files of the bundled sample portals (PDF, DOCX, DOC, ZIP, GIF).

The portals' truth.json files say which PDFs are tagged, untagged or scanned, so the files must
really be what truth.json claims: a tagged PDF has a structure tree whose elements point at
marked content on the page, an untagged one has a text layer and nothing else, a scanned one is a
picture of text. Everything is built from fixed inputs so a rerun rewrites identical bytes and
git sees no change.

Run: python scripts/make_sample_documents.py
"""
from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, String
from PIL import Image, ImageDraw, ImageFont

SAMPLES = Path(__file__).resolve().parent.parent / "auditor" / "samples"
ZIP_DATE = (2026, 3, 1, 9, 0, 0)


@dataclass(frozen=True)
class Doc:
    title: str
    lines: tuple[str, ...]


def _pdf_text(text: str) -> str:
    return "(" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


def _new_page(pdf: pikepdf.Pdf, content: str, resources: Dictionary) -> pikepdf.Page:
    page = pdf.add_blank_page(page_size=(595, 842))
    page.obj.Resources = resources
    page.obj.Contents = pdf.make_stream(content.encode("latin-1"))
    return page


def _font(pdf: pikepdf.Pdf) -> Dictionary:
    return Dictionary(F1=pdf.make_indirect(Dictionary(
        Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica,
        Encoding=Name.WinAnsiEncoding)))


def _save(pdf: pikepdf.Pdf) -> bytes:
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True, compress_streams=True)
    return out.getvalue()


def tagged_pdf(doc: Doc, lang: str = "en-GB") -> bytes:
    """Heading and paragraphs each wrapped in marked content that a StructElem points at."""
    pdf = pikepdf.new()
    ops = []
    for mcid, line in enumerate((doc.title,) + doc.lines):
        tag, size = ("H1", 16) if mcid == 0 else ("P", 11)
        y = 780 - mcid * 24
        ops.append(f"/{tag} <</MCID {mcid}>> BDC BT /F1 {size} Tf 72 {y} Td {_pdf_text(line)} Tj ET EMC")
    page = _new_page(pdf, "\n".join(ops), Dictionary(Font=_font(pdf)))
    page.obj.StructParents = 0
    page.obj.Tabs = Name.S

    root = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    document = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document, P=root))
    elements = [pdf.make_indirect(Dictionary(
        Type=Name.StructElem, S=Name("/H1" if mcid == 0 else "/P"), P=document, Pg=page.obj,
        K=mcid)) for mcid in range(len(doc.lines) + 1)]
    document.K = Array(elements)
    root.K = document
    root.ParentTree = pdf.make_indirect(Dictionary(Nums=Array([0, Array(elements)])))
    root.ParentTreeNextKey = 1

    pdf.Root.StructTreeRoot = root
    pdf.Root.MarkInfo = Dictionary(Marked=True)
    pdf.Root.Lang = String(lang)
    pdf.Root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
    pdf.docinfo[Name.Title] = String(doc.title)
    return _save(pdf)


def untagged_pdf(doc: Doc) -> bytes:
    """A text layer only, like most PDFs exported from word processors without the tags option."""
    pdf = pikepdf.new()
    ops = [f"BT /F1 11 Tf 72 {780 - i * 24} Td {_pdf_text(line)} Tj ET"
           for i, line in enumerate((doc.title,) + doc.lines)]
    _new_page(pdf, "\n".join(ops), Dictionary(Font=_font(pdf)))
    return _save(pdf)


def scanned_pdf(doc: Doc) -> bytes:
    """One page that is only a 1-bit picture of text: no fonts, no text operators, no tags."""
    width, height = 620, 877
    image = Image.new("1", (width, height), 1)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=15)
    for i, line in enumerate((doc.title,) + doc.lines):
        draw.text((60, 70 + i * 34), line, fill=0, font=font)
    pdf = pikepdf.new()
    scan = pikepdf.Stream(pdf, zlib.compress(image.tobytes(), 9))
    scan.Type, scan.Subtype = Name.XObject, Name.Image
    scan.Width, scan.Height = width, height
    scan.ColorSpace, scan.BitsPerComponent = Name.DeviceGray, 1
    scan.Filter = Name.FlateDecode
    _new_page(pdf, "q 595 0 0 842 0 0 cm /Scan Do Q", Dictionary(XObject=Dictionary(Scan=scan)))
    return _save(pdf)


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bundle:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            bundle.writestr(info, data)
    return out.getvalue()


def docx(doc: Doc, with_title: bool = True) -> bytes:
    """A minimal valid Word document; core.xml with or without dc:title."""
    paragraphs = "".join(f"<w:p><w:r><w:t>{_xml(line)}</w:t></w:r></w:p>"
                         for line in (doc.title,) + doc.lines)
    title = f"<dc:title>{_xml(doc.title)}</dc:title>" if with_title else ""
    return _zip({
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
            '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
            '</Types>').encode(),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
            '</Relationships>').encode(),
        "word/document.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f'<w:body>{paragraphs}</w:body></w:document>').encode(),
        "docProps/core.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
            ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
            ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f'{title}<dc:creator>Procurement Team</dc:creator><dc:language>en-GB</dc:language>'
            '<dcterms:created xsi:type="dcterms:W3CDTF">2026-03-01T09:00:00Z</dcterms:created>'
            '</cp:coreProperties>').encode(),
    })


def legacy_doc(doc: Doc) -> bytes:
    """Old council sites often served RTF under a .doc name; Word opens it as a Word document."""
    body = "\\par ".join(line.replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}")
                         for line in (doc.title,) + doc.lines)
    return ("{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 Times New Roman;}}\\f0\\fs24 " + body + "}\n").encode()


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def gif(width: int, height: int, text: str = "", transparent: bool = False) -> bytes:
    image = Image.new("P", (width, height), 0)
    image.putpalette([255, 255, 255, 0, 51, 102, 255, 204, 0] + [0] * 759)
    if text:
        image.paste(1, (0, 0, width, height))
        ImageDraw.Draw(image).text((6, height // 2 - 6), text, fill=2,
                                   font=ImageFont.load_default(size=14))
    out = io.BytesIO()
    image.save(out, "GIF", transparency=0) if transparent else image.save(out, "GIF")
    return out.getvalue()


def _spec(ref: str, subject: str) -> Doc:
    return Doc(f"{ref} {subject}: specification", (
        f"Reference: {ref}",
        f"This specification describes the {subject.lower()} the authority wishes to buy.",
        "Section 1: background and scope of the requirement.",
        "Section 2: service levels, reporting and contract management.",
        "Section 3: social value and environmental commitments.",
        "Bidders must answer every question in the response form.",
    ))


def documents() -> dict[str, bytes]:
    """Every generated file, keyed by its path under auditor/samples/."""
    files: dict[str, bytes] = {}
    o = "open-portal/site/documents/"
    files[o + "NS-2026-0041/invitation-to-tender.pdf"] = tagged_pdf(Doc(
        "NS-2026-0041 Invitation to tender: highway winter maintenance", (
            "Northshire Council invites tenders for winter gritting of the highway network.",
            "Tenders must be returned by 12:00 on 30 April 2026.",
            "The contract runs for three years with an option to extend by one year.",
            "Evaluation: 60% quality, 30% price, 10% social value.")))
    files[o + "NS-2026-0041/pricing-schedule.docx"] = docx(Doc(
        "NS-2026-0041 Pricing schedule", ("Enter a price for each route in the table below.",
                                          "Prices must exclude VAT.")))
    files[o + "NS-2026-0042/specification.pdf"] = tagged_pdf(_spec("NS-2026-0042", "School catering services"))
    files[o + "NS-2026-0043/specification.pdf"] = tagged_pdf(_spec("NS-2026-0043", "Library management system"))
    files[o + "NS-2026-0044/specification.pdf"] = tagged_pdf(_spec("NS-2026-0044", "Domiciliary care framework"))
    files[o + "NS-2026-0044/supplier-response-form.docx"] = docx(Doc(
        "Supplier response form", ("Answer each quality question in no more than 500 words.",)),
        with_title=False)

    w = "walled-portal/site/tender/docs/"
    instructions = Doc("Instructions to tenderers", (
        "Read these instructions before preparing your tender.",
        "Submit your tender through the eSourcing portal messaging area only.",
        "Late tenders will not be considered."))
    pricing = Doc("Pricing document", ("Complete every yellow cell.", "Do not alter formulas."))
    files[w + "EM-0871/tender-pack.zip"] = _zip({
        "01 Instructions to tenderers.pdf": untagged_pdf(instructions),
        "02 Specification.pdf": untagged_pdf(_spec("EM-0871", "Fleet vehicle leasing")),
        "03 Pricing document.docx": docx(pricing),
    })
    files[w + "EM-0874/tender-pack.zip"] = _zip({
        "Instructions.pdf": untagged_pdf(instructions),
        "Specification.pdf": untagged_pdf(_spec("EM-0874", "Office cleaning services")),
    })
    files[w + "EM-0880/documents.zip"] = _zip({
        "Specification.pdf": untagged_pdf(_spec("EM-0880", "Legal services panel")),
    })
    files[w + "EM-0883/tender-pack.zip"] = _zip({
        "ITT.pdf": untagged_pdf(instructions),
        "Spec.pdf": untagged_pdf(_spec("EM-0883", "Temporary agency staff")),
    })
    files[w + "EM-0883/clarifications.pdf"] = untagged_pdf(Doc("EM-0883 Clarification log", (
        "Q1: Is TUPE expected to apply? A: No.",
        "Q2: May bidders form a consortium? A: Yes, name a lead partner.")))

    l = "legacy-portal/site/"
    files[l + "tenders/docs/wc-2026-017-spec.pdf"] = scanned_pdf(_spec("WC/2026/017", "Grounds maintenance"))
    files[l + "tenders/docs/wc-2026-017-form-of-tender.doc"] = legacy_doc(Doc(
        "FORM OF TENDER - WC/2026/017", ("I/We the undersigned offer to provide the services",
                                         "for the sum of ..................",
                                         "Signed ...................... Date ..........")))
    files[l + "tenders/docs/wc-2026-019-spec.pdf"] = scanned_pdf(_spec("WC/2026/019", "Public toilet cleaning"))
    files[l + "tenders/docs/wc-2026-020-spec.pdf"] = scanned_pdf(_spec("WC/2026/020", "Street lighting repairs"))
    files[l + "images/spacer.gif"] = gif(1, 1, transparent=True)
    files[l + "images/logo.gif"] = gif(220, 48, "WESTSHIRE COUNCIL")
    files[l + "images/tenders-button.gif"] = gif(160, 28, "Current tenders")

    s = "spa-portal/site/files/"
    files[s + "SV-101/specification.pdf"] = tagged_pdf(_spec("SV-101", "Adult social care transport"))
    files[s + "SV-102/specification.pdf"] = untagged_pdf(_spec("SV-102", "Parks tree surgery"))
    files[s + "SV-103/itt.pdf"] = tagged_pdf(Doc("SV-103 Invitation to tender: ICT managed service", (
        "Southvale Council seeks a partner for end-user computing support.",
        "Clarification questions close ten days before the deadline.")))
    files[s + "SV-103/pricing.pdf"] = untagged_pdf(Doc("SV-103 Pricing schedule", (
        "Unit rates for service desk, deskside support and device refresh.",)))
    files[s + "SV-105/brief.pdf"] = untagged_pdf(Doc("SV-105 Consultancy brief", (
        "Independent review of the waste collection service.",)))

    n = "notice-service/hosts/buyer/site/files/"
    files[n + "101/specification.pdf"] = tagged_pdf(_spec("FAPC-2026-0101", "Highway resurfacing"))
    files[n + "101/pricing-schedule.pdf"] = untagged_pdf(Doc("FAPC-2026-0101 Pricing schedule", (
        "Rates per square metre of surfacing, by road class.",)))
    files[n + "102/specification.pdf"] = tagged_pdf(_spec("FAPC-2026-0102", "Highway drainage maintenance"))
    files[n + "104/invitation-to-tender.pdf"] = tagged_pdf(Doc("FAPC-2026-0104 Invitation to tender", (
        "Northmere County Council invites tenders for LED street lighting.",
        "Tenders must be returned by 12:00 on 9 June 2026.")))
    v = "vendor-host/site/"
    files[v + "calder/docs/CF-7/specification.pdf"] = untagged_pdf(_spec("CF-7", "Breathing apparatus maintenance"))
    for ref, subject in (("AS-301", "Waste collection vehicles"), ("AS-302", "Leisure centre management")):
        files[v + f"ashby/documents/{ref}/invitation-to-tender.pdf"] = untagged_pdf(_spec(ref, subject))
    w = "legacy-walled/site/tenders/"
    files[w + "files/WM102-clarifications.pdf"] = scanned_pdf(Doc("WM102 Clarifications", (
        "Q1: Is scaffolding included? A: Yes.",)))
    for ref, subject in (("WM101", "Cemetery grounds maintenance"), ("WM102", "Town hall roof repairs"),
                         ("WM103", "Parking enforcement services")):
        files[w + f"docs/{ref}/specification.pdf"] = scanned_pdf(_spec(ref, subject))
    files["webforms-portal/site/Files/KM-203/Specification.pdf"] = untagged_pdf(
        _spec("KM-203", "Care home fire safety works"))

    files["faults-portal/site/docs/sample.pdf"] = untagged_pdf(Doc("Sample document", (
        "A document linked from the faults portal.",)))
    return files


def main() -> None:
    for relative, data in documents().items():
        path = SAMPLES / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)
            print(f"wrote {relative} ({len(data)} bytes)")


if __name__ == "__main__":
    main()
