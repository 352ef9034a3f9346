"""What a document file really is, whatever its link or headers claim.

Portals serve tender packs as `download.aspx?id=7` with `application/octet-stream`, name ZIPs
`.pdf`, and answer a `.pdf` link with an HTML sign-in page. The bytes are the only reliable
witness, so magic bytes come first, then Content-Disposition, then Content-Type, then the URL.
"""
from __future__ import annotations

import io
import re
import struct
import zipfile
from email.message import Message
from urllib.parse import unquote, urlsplit

from model.urls import extension_format

_CONTENT_TYPES = {
    "application/pdf": "pdf", "application/x-pdf": "pdf",
    "application/msword": "doc", "application/vnd.ms-excel": "xls",
    "application/vnd.ms-powerpoint": "ppt",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.presentation": "odp",
    "application/rtf": "rtf", "text/rtf": "rtf",
    "application/zip": "zip", "application/x-zip-compressed": "zip", "application/x-zip": "zip",
    "application/x-7z-compressed": "7z", "application/vnd.rar": "rar",
    "application/x-rar-compressed": "rar", "application/gzip": "gz", "application/x-gzip": "gz",
    "text/csv": "csv", "text/html": "html", "application/xhtml+xml": "html",
    "application/xml": "xml", "text/xml": "xml", "application/json": "json",
}
# Says only "a file" (octet-stream) or is routinely sent for CSV and XML too (text/plain):
# a file name's extension is better evidence than these.
_WEAK_CONTENT_TYPES = {"text/plain": "txt"}

_ODF_MIMETYPES = {
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.presentation": "odp",
}
_OOXML_PARTS = (("word/", "docx"), ("xl/", "xlsx"), ("ppt/", "pptx"))
_OLE_STREAMS = (("WordDocument", "doc"), ("Workbook", "xls"), ("Book", "xls"),
                ("PowerPoint Document", "ppt"))

_SIMPLE_MAGIC = (
    (b"{\\rtf", "rtf", "magic bytes {\\rtf"),
    (b"7z\xbc\xaf\x27\x1c", "7z", "magic bytes 7z"),
    (b"Rar!\x1a\x07", "rar", "magic bytes Rar!"),
    (b"\x1f\x8b", "gz", "magic bytes gzip"),
)
# Formats whose files always start with a signature: a body without it is not that format.
_SIGNED_FORMATS = {"pdf", "docx", "xlsx", "pptx", "odt", "ods", "odp", "zip", "doc", "xls",
                   "ppt", "rtf", "7z", "rar", "gz"}
_HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)\b", re.I | re.S)
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_NAMES = 1000                  # member names read to tell ODF, OOXML and plain ZIP apart


def sniff_format(head: bytes, content_type: str = "", content_disposition: str = "",
                 url: str = "") -> tuple[str, str]:
    """The real format of a file and the evidence for it.

    `head` is the start of the body (empty when only headers were fetched). When the body is
    there but lacks the signature of the format the headers claim, the answer is "unknown":
    a `.pdf` that is not a PDF will not open as one.
    """
    declared = _declared_format(content_type, content_disposition, url)
    if head:
        magic = _magic_format(head, declared[0] if declared else "")
        if magic:
            return magic
        if declared and declared[0] in _SIGNED_FORMATS:
            return "unknown", f"{declared[1]} claims {declared[0]}, but the body lacks its magic bytes"
    return declared or ("unknown", "no magic bytes, headers or extension identify it")


def filename_from_disposition(content_disposition: str) -> str | None:
    """The file name a Content-Disposition header gives (RFC 6266, including filename*=)."""
    if not content_disposition:
        return None
    message = Message()
    message["content-disposition"] = content_disposition
    name = (message.get_filename() or "").strip()
    return name or None


def _declared_format(content_type: str, content_disposition: str, url: str) -> tuple[str, str] | None:
    filename = filename_from_disposition(content_disposition)
    if filename and (fmt := extension_format(filename)):
        return fmt, f"Content-Disposition filename={filename}"
    mime = content_type.split(";", 1)[0].strip().lower()
    if mime in _CONTENT_TYPES:
        return _CONTENT_TYPES[mime], f"Content-Type {mime}"
    path = unquote(urlsplit(url).path)
    if fmt := extension_format(path):
        return fmt, f"URL extension .{path.rsplit('.', 1)[-1].lower()}"
    if mime in _WEAK_CONTENT_TYPES:
        return _WEAK_CONTENT_TYPES[mime], f"Content-Type {mime}"
    return None


def _magic_format(head: bytes, declared: str) -> tuple[str, str] | None:
    """Signatures at offset 0 first: a ZIP of stored PDFs has `%PDF-` in its first kilobyte
    too, and must still be seen as the archive it is."""
    if head.startswith(b"PK\x03\x04"):
        return _zip_family(head, declared)
    if head.startswith(_OLE_MAGIC):
        return _ole_family(head, declared)
    for magic, fmt, evidence in _SIMPLE_MAGIC:
        if head.startswith(magic):
            return fmt, evidence
    if b"%PDF-" in head[:1024]:   # the spec tolerates junk before the header, and so do readers
        return "pdf", "magic bytes %PDF"
    text = head[:2048].lstrip(b"\xef\xbb\xbf")
    if _HTML_START.match(text):
        return "html", "body starts with HTML markup"
    if text.lstrip().startswith(b"<?xml"):
        if re.search(rb"<html\b", text, re.I):
            return "html", "body is XHTML"
        return "xml", "body starts with <?xml"
    return None


def _zip_family(head: bytes, declared: str) -> tuple[str, str]:
    """ODF, OOXML or a plain ZIP, told apart by the package's member names."""
    names, odf_mimetype = zip_member_names(head)
    if odf_mimetype in _ODF_MIMETYPES:
        return _ODF_MIMETYPES[odf_mimetype], f"ZIP magic bytes PK with mimetype {odf_mimetype}"
    if "[Content_Types].xml" in names:
        for prefix, fmt in _OOXML_PARTS:
            if any(name.startswith(prefix) for name in names):
                return fmt, f"ZIP magic bytes PK with OOXML {prefix} parts"
        if declared in ("docx", "xlsx", "pptx"):
            return declared, "ZIP magic bytes PK with [Content_Types].xml (OOXML), kind as declared"
    return "zip", "magic bytes PK (ZIP)"


def zip_member_names(head: bytes) -> tuple[list[str], str]:
    """Member names, and the ODF mimetype member's content, from a whole ZIP or its start.

    A whole file has a central directory; a head only has the local headers that fit in it,
    which is enough because ODF puts `mimetype` first and OOXML writers put their parts early.
    """
    try:
        if _directory_entries(head) > MAX_NAMES:
            raise zipfile.BadZipFile("too many entries to list: read the local headers instead")
        with zipfile.ZipFile(io.BytesIO(head)) as archive:
            names = archive.namelist()
            mimetype = ""
            if "mimetype" in names and archive.getinfo("mimetype").file_size < 200:
                mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
            return names, mimetype
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, NotImplementedError,
            RuntimeError):
        pass
    names, mimetype, pos = [], "", 0
    while head[pos:pos + 4] == b"PK\x03\x04" and len(names) < MAX_NAMES and pos + 30 <= len(head):
        _, _, flags, method, _, _, _, size, _, name_len, extra_len = struct.unpack(
            "<4sHHHHHIIIHH", head[pos:pos + 30])
        name = head[pos + 30:pos + 30 + name_len].decode("utf-8", "replace")
        names.append(name)
        data_at = pos + 30 + name_len + extra_len
        if name == "mimetype" and method == zipfile.ZIP_STORED:
            mimetype = head[data_at:data_at + size].decode("ascii", "replace").strip()
        if flags & 0x08 or size == 0xFFFFFFFF:   # sizes follow the data: cannot skip ahead
            break
        pos = data_at + size
    return names, mimetype


def _directory_entries(data: bytes) -> int:
    """The entry count a ZIP's end-of-central-directory record states (0 if none is found), so
    an archive listing hundreds of thousands of members is not listed just to be sniffed."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if end < 0 or end + 22 > len(data):
        return 0
    return struct.unpack("<H", data[end + 10:end + 12])[0]


def _ole_family(head: bytes, declared: str) -> tuple[str, str]:
    """Legacy Word, Excel or PowerPoint: the OLE2 directory names the application's stream."""
    for stream, fmt in _OLE_STREAMS:
        if stream.encode("utf-16-le") + b"\x00\x00" in head:
            return fmt, f"OLE2 magic bytes with a {stream} stream"
    if declared in ("doc", "xls", "ppt"):
        return declared, "OLE2 magic bytes (legacy Office), application as declared"
    return "unknown", "OLE2 magic bytes (legacy Office or Outlook), application not identified"
