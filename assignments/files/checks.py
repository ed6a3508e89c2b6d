"""What an upload must be to be kept: each check raises a ValidationError on `file`,
worded for the person who chose the file.

The type is read from the file's first bytes (`filetype`), never from its name or the
type the browser claims: a script named `report.pdf` is not a PDF. The name is kept for
display only (the stored file gets a name of the app's making), and a name that tries to
be a path or hides its real ending behind a right-to-left override is refused, not
silently cleaned, so the person sees why.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from typing import IO

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from assignments import limits
from assignments.text import normalize_text

FIELD = "file"

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOC = "application/msword"
XLS = "application/vnd.ms-excel"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
JPEG = "image/jpeg"
PNG = "image/png"
WEBP = "image/webp"

#: The types accepted, each with the ending its stored file gets.
ALLOWED_TYPES: dict[str, str] = {
    JPEG: "jpg",
    PNG: "png",
    WEBP: "webp",
    PDF: "pdf",
    DOCX: "docx",
    XLSX: "xlsx",
    DOC: "doc",
    XLS: "xls",
    ODT: "odt",
    ODS: "ods",
}
IMAGE_TYPES = frozenset({JPEG, PNG, WEBP})
#: The zip-based office formats, and the member each must hold to be what it claims.
ZIP_TYPES: dict[str, str] = {
    DOCX: "word/document.xml",
    XLSX: "xl/workbook.xml",
    ODT: "content.xml",
    ODS: "content.xml",
}
#: How much of the file `filetype` needs to recognise every type above.
HEAD_BYTES = 8192

#: A zip's limits: what it may unpack to, how many members, and how much a member may
#: shrink (a real document compresses tenfold, a bomb a thousandfold).
ZIP_MAX_UNPACKED = 256 * 1024 * 1024
ZIP_MAX_MEMBERS = 5000
ZIP_MAX_RATIO = 200
#: Below this a member's ratio does not matter: it cannot unpack to much.
ZIP_RATIO_FLOOR = 1024 * 1024

#: What a PDF says to run something when it is opened; the object names, as bytes.
PDF_ACTIVE = re.compile(rb"/(?:JavaScript|JS|Launch|EmbeddedFile|RichMedia)(?![A-Za-z])")
#: A macro project inside an old Word or Excel file (the storage's name, in UTF-16).
OLE_MACROS = "_VBA_PROJECT".encode("utf-16-le")
#: How far a scan of the bytes may overlap two chunks (the longest pattern above).
SCAN_OVERLAP = 32

#: Characters a name may not hold: controls (NUL, line breaks) and the direction marks
#: and overrides that make "gpj.exe" look like "exe.jpg".
_DIRECTION_MARKS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

NOT_ALLOWED_TYPE = _(
    "This kind of file is not accepted. Send a photo (JPEG, PNG, WebP), a PDF, or a Word, "
    "Excel or OpenDocument file."
)
NO_FILE = _("Choose a file to attach.")
EMPTY = _("The file is empty.")
TOO_LARGE = _("The file is too large: at most %(limit)s.")
BAD_NAME = _("The file name may not hold a path, control characters or direction marks.")
NO_NAME = _("The file has no name.")
NAME_TOO_LONG = _("The file name is too long: at most %(limit)s characters.")
DAMAGED = _("The file is damaged or is not the kind of file it claims to be.")
ZIP_BOMB = _("The file unpacks to far more than it holds; it is refused.")
MACROS = _("Files with macros are not accepted; save it without macros (.docx, .xlsx).")
ACTIVE_PDF = _("PDF files that run scripts or carry other files are not accepted.")


def max_size() -> int:
    """The largest upload, in bytes (settings FILES_MAX_SIZE, 20 MB by default)."""
    return int(settings.FILES_MAX_SIZE)


def too_large() -> ValidationError:
    return ValidationError({FIELD: [TOO_LARGE % {"limit": filesizeformat(max_size())}]}, code="too_large")


def refuse(message: object, code: str) -> ValidationError:
    return ValidationError({FIELD: [message]}, code=code)


def clean_name(raw: str | None) -> str:
    """The uploaded name, NFC, fit to show and to offer as a download's name."""
    name = normalize_text(raw or "")
    if not name:
        raise refuse(NO_NAME, "required")
    if (
        "/" in name
        or "\\" in name
        or name in {".", ".."}
        or any(c in _DIRECTION_MARKS or unicodedata.category(c) in {"Cc", "Cf", "Zl", "Zp"} for c in name)
    ):
        raise refuse(BAD_NAME, "invalid_name")
    if len(name) > limits.FILE_NAME_MAX:
        raise refuse(NAME_TOO_LONG % {"limit": limits.FILE_NAME_MAX}, "invalid_name")
    return name


def detect_type(head: bytes) -> str:
    """The allowed type the bytes are, or a refusal."""
    if not head:
        raise refuse(EMPTY, "empty")
    kind = filetype.guess(head)
    mime = kind.mime if kind is not None else ""
    if mime == "image/apng":  # an animated PNG is a PNG
        mime = PNG
    if mime not in ALLOWED_TYPES:
        raise refuse(NOT_ALLOWED_TYPE, "file_type")
    return mime


def check_contents(stream: IO[bytes], content_type: str) -> None:
    """The traps of an allowed type. `stream` is read from the start and left anywhere."""
    if content_type in ZIP_TYPES:
        _check_zip(stream, ZIP_TYPES[content_type])
    elif content_type == PDF:
        if _holds(stream, PDF_ACTIVE):
            raise refuse(ACTIVE_PDF, "active_content")
    elif content_type in (DOC, XLS) and _holds(stream, re.compile(re.escape(OLE_MACROS))):
        raise refuse(MACROS, "macros")


def _check_zip(stream: IO[bytes], required_member: str) -> None:
    """A zip whose directory keeps its promises: no more than it may unpack to, no member
    that shrinks like a bomb, no path out of itself, no macros, and the member its type
    needs. Only the directory is read; nothing is unpacked."""
    stream.seek(0)
    try:
        with zipfile.ZipFile(stream) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError):
        raise refuse(DAMAGED, "damaged") from None
    if len(members) > ZIP_MAX_MEMBERS:
        raise refuse(ZIP_BOMB, "zip_bomb")
    unpacked = 0
    names = set()
    for member in members:
        unpacked += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        if unpacked > ZIP_MAX_UNPACKED or (member.file_size > ZIP_RATIO_FLOOR and ratio > ZIP_MAX_RATIO):
            raise refuse(ZIP_BOMB, "zip_bomb")
        name = member.filename
        if name.startswith(("/", "\\")) or ".." in name.replace("\\", "/").split("/"):
            raise refuse(DAMAGED, "damaged")
        names.add(name)
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise refuse(MACROS, "macros")
    if required_member not in names:
        raise refuse(DAMAGED, "damaged")


def _holds(stream: IO[bytes], pattern: re.Pattern[bytes], chunk_size: int = 1024 * 1024) -> bool:
    """Whether the bytes hold `pattern`, read a chunk at a time (chunks overlap, so a match
    across two is found)."""
    stream.seek(0)
    tail = b""
    while chunk := stream.read(chunk_size):
        window = tail + chunk
        if pattern.search(window):
            return True
        tail = window[-SCAN_OVERLAP:]
    return False
