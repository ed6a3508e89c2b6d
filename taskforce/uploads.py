"""The size limit of uploads, applied while the bytes arrive (settings FILE_UPLOAD_HANDLERS).

Django keeps a small upload in memory and writes a larger one to a temporary file as it
comes, so a 20 MB photo never sits in memory; but it would write a 2 GB one to disk just
the same. This handler, first in the chain, counts each file's bytes and, past
FILES_MAX_SIZE, stops keeping that file (the rest of the request is read and dropped, so
the phone gets an answer, not a reset connection). The file is then missing from the
request, and `refused(request)` names it, so the view answers a 400 saying the limit.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpRequest

_REFUSED = "_taskforce_uploads_too_large"


class SizeLimitHandler(FileUploadHandler):
    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        if self.received > settings.FILES_MAX_SIZE:
            if self.request is not None:
                refused_fields(self.request).add(self.field_name)
            raise SkipFile()
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def refused_fields(request: HttpRequest) -> set[str]:
    """The file fields of `request` dropped for being too large."""
    refused: set[str] = request.__dict__.setdefault(_REFUSED, set())
    return refused


def refused(request: Any) -> bool:
    """Whether a file of this request (a Django or a DRF request) was too large."""
    django_request = getattr(request, "_request", request)
    return bool(django_request.__dict__.get(_REFUSED))
