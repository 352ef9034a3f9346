"""ZIP bundles and Office/ODF documents: what is inside, within safe limits.

Tender packs often arrive as one ZIP of PDFs and spreadsheets, sometimes a ZIP of ZIPs. We look
inside to count formats and check each PDF, but an archive from the web is untrusted input: a
few kilobytes can claim gigabytes (a zip bomb), so every read is capped.
"""
from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote
from xml.etree import ElementTree

from auditor.documents.formats import sniff_format
from auditor.documents.pdf import MAX_TEXT_CHARS, inspect_pdf
from model.urls import extension_format

MAX_MEMBERS_OPENED = 200          # members whose bytes we read, per archive
MAX_MEMBERS_LISTED = 1000         # members recorded, per archive (members_total has them all)
MAX_NAME_CHARS = 500              # a member's stored name is cut to this many characters
MAX_MEMBER_BYTES = 30_000_000     # uncompressed bytes read from one member for inspection
MAX_TOTAL_BYTES = 100_000_000     # uncompressed bytes read from one archive, nested ones included
MAX_RATIO = 100                   # uncompressed/compressed beyond this is treated as a bomb
_RATIO_FLOOR = 1_000_000          # small members may compress well without being suspicious
_SNIFF_BYTES = 4096
_MAX_XML_BYTES = 2_000_000        # docProps/meta parts are a few kilobytes in real files

OOXML_FORMATS = ("docx", "xlsx", "pptx")
ODF_FORMATS = ("odt", "ods", "odp")
LEGACY_OFFICE_FORMATS = ("doc", "xls", "ppt")
OFFICE_FORMATS = OOXML_FORMATS + ODF_FORMATS + LEGACY_OFFICE_FORMATS

_DC = "{http://purl.org/dc/elements/1.1/}"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
_FO = "{urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0}"


class DamagedArchive(ValueError):
    """The bytes are not a readable ZIP archive."""


def inspect_office(data: bytes, fmt: str) -> dict[str, Any]:
    """Title and language of an Office/ODF document; never raises.

    Keys: title, lang, note, error. OOXML: docProps/core.xml, with Word's default language from
    word/styles.xml when core.xml has none. ODF: meta.xml, then the default style's fo:language.
    Legacy binary formats are not parsed (note says so).
    """
    result: dict[str, Any] = {"title": None, "lang": None, "note": None, "error": None}
    if fmt in LEGACY_OFFICE_FORMATS:
        result["note"] = "legacy binary format"
        return result
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            core = _xml(archive, "meta.xml" if fmt in ODF_FORMATS else "docProps/core.xml")
            if core is not None:
                result["title"] = _element_text(core.find(f".//{_DC}title"))
                result["lang"] = _element_text(core.find(f".//{_DC}language"))
            if not result["lang"]:
                result["lang"] = _default_language(archive, fmt)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ElementTree.ParseError, ValueError,
            NotImplementedError, RuntimeError, EOFError, zlib.error) as exc:
        result["error"] = f"damaged {fmt}: {type(exc).__name__}: {exc}"[:300]
    return result


def inspect_zip(data: bytes) -> dict[str, Any]:
    """The members of a ZIP (directories aside) with their formats, and inspection where safe.

    Keys: members (the first MAX_MEMBERS_LISTED) and members_total (how many the archive
    holds). Each member: name, bytes (uncompressed, as the archive states), format, pdf
    (inspect_pdf) or office (inspect_office) or members and members_total (a nested ZIP, opened
    one level deep only), and note (why a member was not opened or inspected, else None).
    Raises DamagedArchive when the data is not a readable ZIP.
    """
    members, total = _Walk().members(data, nested=False)
    return {"members": members, "members_total": total}


@dataclass
class _Walk:
    """The read budget shared by an archive and the archives nested in it."""
    opened: int = 0
    bytes_read: int = 0

    def members(self, data: bytes, nested: bool) -> tuple[list[dict[str, Any]], int]:
        """The first MAX_MEMBERS_LISTED members, and how many there are."""
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
            raise DamagedArchive(f"damaged ZIP: {exc}") from exc
        with archive:
            files = [info for info in archive.infolist() if not info.is_dir()]
            return [self.member(archive, info, nested) for info in files[:MAX_MEMBERS_LISTED]], len(files)

    def member(self, archive: zipfile.ZipFile, info: zipfile.ZipInfo, nested: bool) -> dict[str, Any]:
        entry: dict[str, Any] = {"name": info.filename[:MAX_NAME_CHARS], "bytes": info.file_size,
                                 "format": extension_format(info.filename) or "unknown",
                                 "pdf": None, "office": None, "members": None, "members_total": None,
                                 "note": None}
        entry["note"] = self._refusal(info)
        if entry["note"]:
            return entry
        self.opened += 1
        try:
            with archive.open(info) as stream:
                head = stream.read(_SNIFF_BYTES)
                self.bytes_read += len(head)
                entry["format"] = sniff_format(head, url=_name_as_url(info.filename))[0]
                if entry["format"] not in ("pdf", "zip") + OOXML_FORMATS + ODF_FORMATS:
                    return entry
                budget = min(MAX_MEMBER_BYTES, MAX_TOTAL_BYTES - self.bytes_read)
                rest = stream.read(max(budget - len(head), 0) + 1)
                self.bytes_read += len(rest)
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError, EOFError, zlib.error) as exc:
            entry["note"] = f"unreadable member: {type(exc).__name__}: {exc}"[:300]
            return entry
        if len(head) + len(rest) > budget:
            entry["note"] = "not inspected: archive read budget spent"
            if budget == MAX_MEMBER_BYTES:
                entry["note"] = f"not inspected: larger than {MAX_MEMBER_BYTES / 1_000_000:g} MB"
            return entry
        self._inspect(entry, head + rest, nested)
        return entry

    def _refusal(self, info: zipfile.ZipInfo) -> str | None:
        if info.flag_bits & 0x1:
            return "encrypted member"
        if self.opened >= MAX_MEMBERS_OPENED:
            return f"not opened: more than {MAX_MEMBERS_OPENED} members"
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > _RATIO_FLOOR and ratio > MAX_RATIO:
            return f"not opened: compression ratio {ratio:.0f}:1 looks like a zip bomb"
        if self.bytes_read >= MAX_TOTAL_BYTES:
            return f"not opened: archive read budget of {MAX_TOTAL_BYTES // 1_000_000} MB spent"
        return None

    def _inspect(self, entry: dict[str, Any], data: bytes, nested: bool) -> None:
        if entry["format"] == "pdf":
            entry["pdf"] = inspect_pdf(data)
        elif entry["format"] != "zip":
            entry["office"] = inspect_office(data, entry["format"])
        elif nested:
            entry["note"] = "not opened: archive nested more than one level deep"
        else:
            try:
                entry["members"], entry["members_total"] = self.members(data, nested=True)
            except DamagedArchive as exc:
                entry["note"] = str(exc)


def _name_as_url(name: str) -> str:
    return "zip:///" + quote(name)


def _xml(archive: zipfile.ZipFile, name: str) -> ElementTree.Element | None:
    """A small XML part, or None if absent or implausibly large.

    The standard library parser is safe here: expat (2.4 and later) refuses entity-expansion
    bombs and never fetches external entities, and the part's size is capped besides."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > _MAX_XML_BYTES:
        return None
    with archive.open(info) as stream:
        return ElementTree.fromstring(stream.read(_MAX_XML_BYTES))


def _default_language(archive: zipfile.ZipFile, fmt: str) -> str | None:
    if fmt == "docx":
        styles = _xml(archive, "word/styles.xml")
        if styles is None:
            return None
        lang = styles.find(f"{_W}docDefaults/{_W}rPrDefault/{_W}rPr/{_W}lang")
        value = lang.get(f"{_W}val") if lang is not None else None
        return value[:MAX_TEXT_CHARS] if value else None
    if fmt in ODF_FORMATS:
        styles = _xml(archive, "styles.xml")
        if styles is None:
            return None
        for default in styles.iter(f"{_STYLE}default-style"):
            props = default.find(f"{_STYLE}text-properties")
            language = props.get(f"{_FO}language") if props is not None else None
            country = props.get(f"{_FO}country") if props is not None else None
            if language and language != "zxx":   # zxx: "no linguistic content"
                tag = f"{language}-{country}" if country and country != "none" else language
                return tag[:MAX_TEXT_CHARS]
    return None


def _element_text(element: ElementTree.Element | None) -> str | None:
    text = (element.text or "").strip()[:MAX_TEXT_CHARS] if element is not None else ""
    return text or None
