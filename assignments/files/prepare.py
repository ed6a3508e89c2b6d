"""An upload checked and made ready to store; then stored under a name of the app's making.

The stored name is `<year>/<month>/<random>.<ending of the type>`: never the uploaded
name (which is only shown), never guessable, and the same in every store (file system,
S3). The checksum (SHA-256) and the size are of the bytes stored, read a chunk at a time:
a 20 MB upload is never held in memory (it waits in a temporary file, Django's upload
handler, taskforce/uploads.py).
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from typing import IO

from django.core.files import File
from django.core.files.base import ContentFile

from assignments import clock
from assignments.files import checks, images
from assignments.models.attachments import attachment_storage

CHUNK = 64 * 1024


@dataclass(frozen=True)
class PreparedFile:
    """What is stored and what the attachment's row says of it."""

    name: str
    content_type: str
    size: int
    sha256: str
    content: File
    thumbnail: bytes | None


@dataclass(frozen=True)
class StoredFile:
    """Where a prepared file went; `discard` removes it again (the row was not written)."""

    file: str
    thumbnail: str

    def discard(self) -> None:
        storage = attachment_storage()
        for name in (self.file, self.thumbnail):
            if name:
                storage.delete(name)


def prepare(upload: File | None, *, name: str | None = None) -> PreparedFile:
    """Check `upload` (checks.py) and, for a photo, re-encode it (images.py).

    Raises a ValidationError on `file` saying what is wrong; reads the upload, does not
    keep it open.
    """
    if upload is None:
        raise checks.refuse(checks.NO_FILE, "required")
    display_name = checks.clean_name(name if name is not None else upload.name)
    if upload.size is None or upload.size > checks.max_size():
        raise checks.too_large()
    stream: IO[bytes] = upload  # a File is a binary stream
    stream.seek(0)
    content_type = checks.detect_type(stream.read(checks.HEAD_BYTES))
    checks.check_contents(stream, content_type)
    thumbnail = None
    content: File = upload
    if content_type in checks.IMAGE_TYPES:
        processed = images.process(stream, content_type)
        content, thumbnail = ContentFile(processed.content), processed.thumbnail
    size, sha256 = digest(content)
    return PreparedFile(
        name=display_name,
        content_type=content_type,
        size=size,
        sha256=sha256,
        content=content,
        thumbnail=thumbnail,
    )


def digest(content: File) -> tuple[int, str]:
    """The size and SHA-256 of `content`, read a chunk at a time."""
    hasher = hashlib.sha256()
    size = 0
    content.seek(0)
    for chunk in content.chunks(CHUNK):
        hasher.update(chunk)
        size += len(chunk)
    content.seek(0)
    return size, hasher.hexdigest()


def store(prepared: PreparedFile) -> StoredFile:
    """Write the file (and its thumbnail) to the attachments' store."""
    storage = attachment_storage()
    stem = f"{clock.now():%Y/%m}/{uuid.uuid4().hex}"
    ending = checks.ALLOWED_TYPES[prepared.content_type]
    prepared.content.seek(0)
    file_name = storage.save(f"{stem}.{ending}", prepared.content)
    thumbnail_name = ""
    if prepared.thumbnail is not None:
        try:
            thumbnail_name = storage.save(f"{stem}-small.jpg", ContentFile(prepared.thumbnail))
        except Exception:
            storage.delete(file_name)
            raise
    return StoredFile(file=file_name, thumbnail=thumbnail_name)
