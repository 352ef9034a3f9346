"""PDF structure as it matters to a supplier using assistive technology.

An untagged PDF reads as one undifferentiated stream to a screen reader; a scanned one reads as
nothing at all. Both are common in tender packs, so both are measured.

A PDF from the web is untrusted: a few kilobytes can make a naive walker parse the same form
millions of times, or inflate one content stream to gigabytes. So each Form XObject is looked
at once per document, decoded content is capped, and the number of forms visited is capped. A
cap that stops the text-layer search leaves text_layer and scanned unknown (None) and says so in
"limit". (The worker process in sandbox.py adds hard CPU-time and memory limits on top.)
"""
from __future__ import annotations

import io
import re
import warnings
import zlib
from dataclasses import dataclass, field
from typing import Any

import pikepdf

PAGES_CHECKED = 20            # a text layer on the first pages is enough to call it text
MAX_DECODED_BYTES = 64_000_000  # content-stream bytes decoded per document, all streams together
MAX_FORMS = 500               # distinct Form XObjects looked into per document
MAX_TEXT_CHARS = 500          # a stored title or language is cut to this many characters
_FORM_DEPTH = 3               # Form XObjects nest; real files rarely go deeper than this
_OPERATORS = "Tj TJ ' \" BI ID EI"   # text-showing operators and inline images
_STREAM_NAME = re.compile(r"^.*?<_io\.BytesIO object at 0x[0-9a-f]+>:\s*")  # varies run to run


class LimitReached(Exception):
    """A document cap stopped the walk; the message names the cap."""


@dataclass
class _Budget:
    """What one document may cost: decoded bytes and forms, and the forms already seen."""
    pdf: pikepdf.Pdf
    decoded: int = 0
    seen: set[tuple[int, int]] = field(default_factory=set)


def inspect_pdf(data: bytes) -> dict[str, Any]:
    """Tagging, language, title, text layer and page count of a PDF; never raises.

    Keys: pages, encrypted, tagged, lang, title, text_layer, scanned, pages_checked (pages
    looked at for text: the search stops at the first page with text), limit (the cap that cut
    the text search short, else None), error. Unknown values (a damaged or password-protected
    file, or a search cut short) are None. Title and language are capped at MAX_TEXT_CHARS.
    """
    result: dict[str, Any] = {"pages": None, "encrypted": False, "tagged": None, "lang": None,
                              "title": None, "text_layer": None, "scanned": None,
                              "pages_checked": 0, "limit": None, "error": None}
    try:
        with warnings.catch_warnings(), pikepdf.open(io.BytesIO(data)) as pdf:
            warnings.simplefilter("ignore")   # qpdf's repair notes on damaged streams
            result["encrypted"] = pdf.is_encrypted
            root = pdf.Root
            mark_info = root.get("/MarkInfo")
            marked = isinstance(mark_info, pikepdf.Dictionary) and bool(mark_info.get("/Marked", False))
            result["tagged"] = marked and "/StructTreeRoot" in root
            result["lang"] = _text(root.get("/Lang"))
            result["title"] = _title(pdf)
            result["pages"] = len(pdf.pages)
            _text_layer(pdf, result)
    except pikepdf.PasswordError:
        result["encrypted"] = True
        result["error"] = "encrypted: a password is needed to open it"
    except Exception as exc:  # noqa: BLE001 - any damage, however qpdf reports it, is a finding
        message = _STREAM_NAME.sub("", str(exc))
        result["error"] = f"damaged PDF: {type(exc).__name__}: {message}"[:300]
    return result


def _text_layer(pdf: pikepdf.Pdf, result: dict[str, Any]) -> None:
    """Fill text_layer and scanned from the first pages, within the document's budget."""
    budget = _Budget(pdf)
    text = images = False
    try:
        for page in pdf.pages[:PAGES_CHECKED]:
            result["pages_checked"] += 1
            page_text, page_images = _marks(page.obj, page.obj.get("/Resources"), _FORM_DEPTH, budget)
            text, images = text or page_text, images or page_images
            if text:
                break
    except LimitReached as exc:
        result["limit"] = str(exc)
        if not text:              # the text may lie beyond the cap: unknown, not "none"
            return
    result["text_layer"] = text
    result["scanned"] = not text and images


def _marks(content: pikepdf.Object, resources: Any, depth: int, budget: _Budget) -> tuple[bool, bool]:
    """(shows text with a font, draws an image) for a page or Form XObject, forms included."""
    resources = resources if isinstance(resources, pikepdf.Dictionary) else pikepdf.Dictionary()
    fonts = resources.get("/Font")
    has_fonts = isinstance(fonts, pikepdf.Dictionary) and len(fonts.keys()) > 0
    text = images = False
    stream = pikepdf.Stream(budget.pdf, _decoded_content(content, budget))
    for instruction in pikepdf.parse_content_stream(stream, _OPERATORS):
        if isinstance(instruction, pikepdf.ContentStreamInlineImage):
            images = True
        elif has_fonts and not text:
            text = _shows_text(instruction.operands)
        if text and images:
            return text, images
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
        elif subtype == pikepdf.Name.Form and depth > 0 and xobject.objgen not in budget.seen:
            # a form already looked into adds nothing new: hostile files reference one form
            # hundreds of times from resources shared by every page
            if len(budget.seen) >= MAX_FORMS:
                raise LimitReached(f"more than {MAX_FORMS} Form XObjects")
            budget.seen.add(xobject.objgen)
            form_text, form_images = _marks(xobject, xobject.get("/Resources", resources), depth - 1, budget)
            text, images = text or form_text, images or form_images
    return text, images


def _decoded_content(content: pikepdf.Object, budget: _Budget) -> bytes:
    """A page's or form's content, decoded no further than the document's budget allows."""
    streams = content.get("/Contents") if not isinstance(content, pikepdf.Stream) else content
    if isinstance(streams, pikepdf.Stream):
        streams = [streams]
    if not isinstance(streams, (pikepdf.Array, list)):
        return b""
    parts = [_decode(part, budget) for part in streams if isinstance(part, pikepdf.Stream)]
    return b"\n".join(parts)


def _decode(stream: pikepdf.Stream, budget: _Budget) -> bytes:
    """One stream's decoded bytes; raises LimitReached rather than inflate past the budget.

    Flate (nearly every content stream) is inflated incrementally, so a bomb stops at the cap
    without ever being held whole; other filters are decoded by qpdf, within the worker's
    memory limit."""
    room = MAX_DECODED_BYTES - budget.decoded
    filters = stream.get("/Filter")
    if isinstance(filters, pikepdf.Array) and len(filters) == 1:
        filters = filters[0]
    if filters == pikepdf.Name.FlateDecode and "/DecodeParms" not in stream:
        inflater = zlib.decompressobj()
        try:
            data = inflater.decompress(stream.read_raw_bytes(), room + 1)
        except zlib.error:
            data = b""        # a damaged stream shows nothing, as in a reader
    else:
        data = stream.read_bytes()
    budget.decoded += len(data)
    if len(data) > room:
        raise LimitReached(f"content streams decode to more than {MAX_DECODED_BYTES // 1_000_000} MB")
    return data


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
    text = str(value).strip()[:MAX_TEXT_CHARS]
    return text or None
