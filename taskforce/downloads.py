"""A stored file as a download: the one answer the API and the pages give for a file.

Streamed from the store a block at a time (a 20 MB file is never read into memory), as an
attachment under its shown name (Vietnamese kept, RFC 6266 `filename*`), with the type
read from its bytes at upload, `nosniff` (SecurityMiddleware), a sandboxing
Content-Security-Policy (a file opened in the browser runs nothing and reaches nothing),
and `Cache-Control: private` (a shared cache never keeps it). Who may have it is the
caller's check, made before this is called.
"""

from __future__ import annotations

from django.http import FileResponse

from assignments.models import Attachment
from assignments.models.attachments import attachment_storage

#: Blocks of the stream: enough for a phone on a slow link, small for the server.
BLOCK = 64 * 1024


def file_response(attachment: Attachment, *, thumbnail: bool = False) -> FileResponse:
    storage = attachment_storage()
    name = (attachment.thumbnail.name if thumbnail else attachment.file.name) or ""
    response = FileResponse(
        storage.open(name, "rb"),
        as_attachment=not thumbnail,
        filename=attachment.name,
        content_type="image/jpeg" if thumbnail else attachment.content_type,
    )
    response.block_size = BLOCK
    if not thumbnail:
        response["Content-Length"] = str(attachment.size)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, max-age=0, must-revalidate"
    response["ETag"] = f'"{attachment.sha256}"'
    return response
