"""PDF structure as it matters to a supplier using assistive technology.

An untagged PDF reads as one undifferentiated stream to a screen reader; a scanned one reads as
nothing at all. Both are common in tender packs, so both are measured.
"""
from __future__ import annotations

import io
import re
from typing import Any

import pikepdf

PAGES_CHECKED = 20            # a text layer on the first pages is enough to call it text
_FORM_DEPTH = 3               # Form XObjects nest; real files rarely go deeper than this
_TEXT_OPERATORS = "Tj TJ ' \""
_STREAM_NAME = re.compile(r"^.*?<_io\.BytesIO object at 0x[0-9a-f]+>:\s*")  # varies run to run


def inspect_pdf(data: bytes) -> dict[str, Any]:
    """Tagging, language, title, text layer and page count of a PDF; never raises.

    Keys: pages, encrypted, tagged, lang, title, text_layer, scanned, pages_checked (pages
    looked at for text: the search stops at the first page with text), error.
    Unknown values (a damaged or password-protected file) are None.
    """
    result: dict[str, Any] = {"pages": None, "encrypted": False, "tagged": None, "lang": None,
                              "title": None, "text_layer": None, "scanned": None,
                              "pages_checked": 0, "error": None}
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            result["encrypted"] = pdf.is_encrypted
            root = pdf.Root
            mark_info = root.get("/MarkInfo")
            marked = isinstance(mark_info, pikepdf.Dictionary) and bool(mark_info.get("/Marked", False))
            result["tagged"] = marked and "/StructTreeRoot" in root
            result["lang"] = _text(root.get("/Lang"))
            result["title"] = _title(pdf)
            result["pages"] = len(pdf.pages)
            text = images = False
            for page in pdf.pages[:PAGES_CHECKED]:
                result["pages_checked"] += 1
                page_text, page_images = _marks(page.obj, page.obj.get("/Resources"), _FORM_DEPTH)
                text, images = text or page_text, images or page_images
                if text:
                    break
            result["text_layer"] = text
            result["scanned"] = not text and images
    except pikepdf.PasswordError:
        result["encrypted"] = True
        result["error"] = "encrypted: a password is needed to open it"
    except Exception as exc:  # noqa: BLE001 - any damage, however qpdf reports it, is a finding
        message = _STREAM_NAME.sub("", str(exc))
        result["error"] = f"damaged PDF: {type(exc).__name__}: {message}"[:300]
    return result


def _marks(content: pikepdf.Object, resources: Any, depth: int) -> tuple[bool, bool]:
    """(shows text with a font, draws an image) for a page or Form XObject, forms included."""
    resources = resources if isinstance(resources, pikepdf.Dictionary) else pikepdf.Dictionary()
    fonts = resources.get("/Font")
    has_fonts = isinstance(fonts, pikepdf.Dictionary) and len(fonts.keys()) > 0
    text = has_fonts and any(_shows_text(operands) for operands, _ in
                             pikepdf.parse_content_stream(content, _TEXT_OPERATORS))
    images = any(isinstance(item, pikepdf.ContentStreamInlineImage)
                 for item in pikepdf.parse_content_stream(content, "BI ID EI"))
    xobjects = resources.get("/XObject")
    if not isinstance(xobjects, pikepdf.Dictionary):
        return text, images
    for _, xobject in xobjects.items():
        if text and images:
            break
        if not isinstance(xobject, pikepdf.Stream):
            continue
        subtype = xobject.get("/Subtype")
        if subtype == pikepdf.Name.Image:
            images = True
        elif subtype == pikepdf.Name.Form and depth > 0:
            form_text, form_images = _marks(xobject, xobject.get("/Resources", resources), depth - 1)
            text, images = text or form_text, images or form_images
    return text, images


def _shows_text(operands: list[Any]) -> bool:
    """A text-showing operator with at least one non-empty string (`() Tj` shows nothing)."""
    for operand in operands:
        if isinstance(operand, pikepdf.String) and len(bytes(operand)) > 0:
            return True
        if isinstance(operand, pikepdf.Array) and any(
                isinstance(item, pikepdf.String) and len(bytes(item)) > 0 for item in operand):
            return True
    return False


def _title(pdf: pikepdf.Pdf) -> str | None:
    title = _text(pdf.docinfo.get("/Title")) if pdf.trailer.get("/Info") is not None else None
    if title:
        return title
    try:
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
            return _text(meta.get("dc:title"))
    except Exception:  # noqa: BLE001 - broken XMP only means there is no usable title there
        return None


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None
