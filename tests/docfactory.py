"""Small tender documents built in memory, so document tests need no fixture files."""
from __future__ import annotations

import io
import zipfile
import zlib

import pikepdf
from PIL import Image
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas


def pdf_with_text(text: str = "Invitation to tender", pages: int = 1, title: str = "") -> bytes:
    """An untagged PDF with a real text layer (reportlab writes untagged files)."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.setTitle(title)
    for number in range(pages):
        pdf.drawString(72, 720, f"{text} - page {number + 1}")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def tagged_pdf(title: str = "Tender specification", lang: str = "en-GB") -> bytes:
    """A PDF that declares itself tagged (MarkInfo/Marked and a StructTreeRoot), with Lang and Title."""
    with pikepdf.open(io.BytesIO(pdf_with_text())) as pdf:
        pdf.Root.MarkInfo = pikepdf.Dictionary(Marked=True)
        pdf.Root.StructTreeRoot = pdf.make_indirect(
            pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot, K=pikepdf.Array()))
        pdf.Root.Lang = pikepdf.String(lang)
        pdf.docinfo["/Title"] = title
        return _save(pdf)


def marked_without_structure() -> bytes:
    """Claims to be tagged (MarkInfo/Marked true) but has no structure tree: not really tagged."""
    with pikepdf.open(io.BytesIO(pdf_with_text())) as pdf:
        pdf.Root.MarkInfo = pikepdf.Dictionary(Marked=True)
        return _save(pdf)


def xmp_titled_pdf(title: str = "Lot 2 pricing schedule") -> bytes:
    """The title only in XMP metadata (dc:title), none in the document info dictionary."""
    with pikepdf.open(io.BytesIO(pdf_with_text())) as pdf:
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
            meta["dc:title"] = title
        return _save(pdf)


def scanned_pdf(pages: int = 2) -> bytes:
    """Image-only pages, as a scanner makes them: no text layer at all."""
    image = Image.new("L", (200, 260), color=255)
    image.paste(0, (20, 20, 180, 40))   # a dark bar standing in for a scanned line of text
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.setTitle("")
    for _ in range(pages):
        pdf.drawImage(ImageReader(image), 72, 400, width=200, height=260)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def blank_pdf() -> bytes:
    """No text and no images (reportlab still lists a font in the page resources)."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.rect(72, 72, 100, 100)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def encrypted_pdf(user_password: str = "bidder") -> bytes:
    with pikepdf.open(io.BytesIO(pdf_with_text())) as pdf:
        buffer = io.BytesIO()
        pdf.save(buffer, encryption=pikepdf.Encryption(user=user_password, owner="owner"))
        return buffer.getvalue()


def damaged_pdf() -> bytes:
    """A PDF header followed by nothing a reader can recover."""
    return b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Cat" + bytes(range(256)) * 4


def docx(title: str | None = None, core_lang: str | None = None,
         style_lang: str | None = None) -> bytes:
    """A minimal Word package: title/language in docProps/core.xml, default language in styles."""
    core = _core_properties(title, core_lang)
    styles = ('<?xml version="1.0" encoding="UTF-8"?>'
              '<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
              f'<w:docDefaults><w:rPrDefault><w:rPr><w:lang w:val="{style_lang}"/></w:rPr>'
              '</w:rPrDefault></w:docDefaults></w:styles>') if style_lang else None
    return zip_of({
        "[Content_Types].xml": _CONTENT_TYPES,
        "_rels/.rels": _RELS,
        "word/document.xml": '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxml'
                             'formats.org/wordprocessingml/2006/main"><w:body/></w:document>',
        **({"word/styles.xml": styles} if styles else {}),
        **({"docProps/core.xml": core} if core else {}),
    })


def xlsx(title: str | None = None) -> bytes:
    core = _core_properties(title, None)
    return zip_of({"[Content_Types].xml": _CONTENT_TYPES, "_rels/.rels": _RELS,
                   "xl/workbook.xml": "<workbook/>", **({"docProps/core.xml": core} if core else {})})


def odt(title: str | None = None, lang: str | None = None, style_language: str | None = None,
        mimetype: str = "application/vnd.oasis.opendocument.text") -> bytes:
    """An ODF package: `mimetype` stored first, as the ODF specification requires."""
    meta_items = (f"<dc:title>{title}</dc:title>" if title else "") + (
        f"<dc:language>{lang}</dc:language>" if lang else "")
    meta = ('<?xml version="1.0" encoding="UTF-8"?><office:document-meta '
            'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            f'xmlns:dc="http://purl.org/dc/elements/1.1/"><office:meta>{meta_items}</office:meta>'
            '</office:document-meta>')
    members = {"mimetype": mimetype, "content.xml": "<office:document-content/>", "meta.xml": meta}
    if style_language:
        language, country = style_language.split("-")
        members["styles.xml"] = (
            '<?xml version="1.0"?><office:document-styles '
            'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
            'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0">'
            '<office:styles><style:style style:name="Code"><style:text-properties '
            'fo:language="zxx"/></style:style><style:default-style style:family="paragraph">'
            f'<style:text-properties fo:language="{language}" fo:country="{country}"/>'
            '</style:default-style></office:styles></office:document-styles>')
    return zip_of(members, stored_first=True)


def zip_of(members: dict[str, bytes | str], stored_first: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, (name, data) in enumerate(members.items()):
            method = zipfile.ZIP_STORED if stored_first and index == 0 else zipfile.ZIP_DEFLATED
            archive.writestr(name, data, compress_type=method)
    return buffer.getvalue()


def zip_bomb(megabytes: int = 20) -> bytes:
    """One member of zeros that deflates about a thousandfold: a small zip bomb."""
    return zip_of({"readme.pdf": b"\0" * (megabytes * 1_000_000)})


def _core_properties(title: str | None, lang: str | None) -> str | None:
    if title is None and lang is None:
        return None
    items = (f"<dc:title>{title}</dc:title>" if title is not None else "") + (
        f"<dc:language>{lang}</dc:language>" if lang else "")
    return ('<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties xmlns:cp="http://schemas.'
            'openxmlformats.org/package/2006/metadata/core-properties" '
            f'xmlns:dc="http://purl.org/dc/elements/1.1/">{items}</cp:coreProperties>')


def _save(pdf: pikepdf.Pdf, compress: bool = False) -> bytes:
    buffer = io.BytesIO()
    pdf.save(buffer, compress_streams=compress)
    return buffer.getvalue()


_CONTENT_TYPES = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxml'
                  'formats.org/package/2006/content-types"/>')
_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxml'
         'formats.org/package/2006/relationships"/>')


def mark_members_encrypted(archive: bytes) -> bytes:
    """Set the "encrypted" flag on every member (zipfile cannot write encrypted archives)."""
    data = bytearray(archive)
    for signature, flags_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.find(signature)
        while at >= 0:
            data[at + flags_at] |= 0x1
            at = data.find(signature, at + 4)
    return bytes(data)


def form_reuse_pdf(pages: int = 20, references: int = 300) -> bytes:
    """Pages sharing one /Resources whose /XObject holds `references` names for one form that has
    no resources of its own (so it inherits them): a naive walker re-enters it references**depth
    times per page."""
    pdf = pikepdf.new()
    form = pdf.make_stream(b"q Q", Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Form,
                           BBox=[0, 0, 10, 10])
    names = pikepdf.Dictionary({f"/X{i}": form for i in range(references)})
    resources = pdf.make_indirect(pikepdf.Dictionary(XObject=names))
    content = pdf.make_stream(b" ".join(f"/X{i} Do".encode() for i in range(references)))
    for _ in range(pages):
        pdf.pages.append(pikepdf.Page(pikepdf.Dictionary(
            Type=pikepdf.Name.Page, MediaBox=[0, 0, 612, 792], Resources=resources, Contents=content)))
    return _save(pdf, compress=True)


def inflating_pdf(gibibytes: float = 1.0) -> bytes:
    """One page whose Flate content stream (about 1 MB per GiB) inflates to `gibibytes` of
    spaces before any text."""
    deflater = zlib.compressobj(9)
    chunk = b" " * 2**20
    raw = b"".join(deflater.compress(chunk) for _ in range(int(gibibytes * 1024))) + \
        deflater.compress(b"BT /F1 12 Tf (late) Tj ET") + deflater.flush()
    pdf = pikepdf.new()
    stream = pikepdf.Stream(pdf, raw)
    stream.Filter = pikepdf.Name.FlateDecode
    font = pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                              BaseFont=pikepdf.Name.Helvetica)
    pdf.pages.append(pikepdf.Page(pikepdf.Dictionary(
        Type=pikepdf.Name.Page, MediaBox=[0, 0, 612, 792], Contents=pdf.make_indirect(stream),
        Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font)))))
    buffer = io.BytesIO()
    pdf.save(buffer, compress_streams=False, stream_decode_level=pikepdf.StreamDecodeLevel.none)
    return buffer.getvalue()


def long_title_pdf(characters: int = 1_000_000) -> bytes:
    with pikepdf.open(io.BytesIO(pdf_with_text())) as pdf:
        pdf.docinfo["/Title"] = "T" * characters
        return _save(pdf)


def many_member_zip(members: int = 240_000) -> bytes:
    """An archive of `members` empty files: a small download with a huge member list."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for index in range(members):
            archive.writestr(f"f{index}.txt", b"")
    return buffer.getvalue()
