"""The parsers of the API: DRF's, which also refuse what Python reads but cannot use.

- Python's `json` reads nested arrays and objects by recursion: a body of 100,000 `[`
  raises RecursionError, which DRF's parser (catching ValueError only) lets through as a
  500. Here it is a 400 `parse_error`, like any other body that is not JSON.
- JSON may spell a lone surrogate (`"\\ud800"`), which is no character: Python reads it
  into a string that cannot be encoded, and whatever then writes it (an error echoing a
  choice, the Idempotency-Key's fingerprint, the database, the answer itself) fails with
  a 500. A body holding one, in a value or a key, is refused here with one 400
  `invalid_unicode`, before anything reads it. (Query strings and form posts cannot carry
  one: their bytes are decoded as UTF-8, and Django replaces what is not UTF-8 with
  U+FFFD; a middleware refuses those bytes too, taskforce/middleware.py.)
- A multipart upload whose file name is a path or hides characters is a 400 on `file`,
  where Django would have cleaned the name without a word (`MultiPartParser`).
"""

from __future__ import annotations

import html
from typing import Any

from django.conf import settings
from django.http.multipartparser import MultiPartParser as DjangoMultiPartParser
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext_lazy as _
from rest_framework import parsers, status
from rest_framework.exceptions import ParseError, ValidationError

from assignments.files import checks
from assignments.text import is_valid_unicode


class InvalidUnicode(ParseError):
    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = _(
        "The request holds text that is not valid Unicode (a lone surrogate such as \\ud800); "
        "send UTF-8 text."
    )
    default_code = "invalid_unicode"


def holds_invalid_unicode(data: Any) -> bool:
    """Whether any string of the parsed body, key or value, at any depth, is not valid Unicode.

    Walked with a stack, not by recursion: the parser already read the body's depth, and
    this must not be the one to run out of it.
    """
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if not is_valid_unicode(item):
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


class JSONParser(parsers.JSONParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError() from None
        if holds_invalid_unicode(data):
            raise InvalidUnicode()
        return data


class _NameCheckingParser(DjangoMultiPartParser):
    """Django's multipart parser, remembering the file names it had to clean.

    Django quietly turns `../../x.pdf` into `x.pdf` and drops NUL and direction marks; a
    name that needed it is refused instead (assignments/files/checks.py says why), so the
    person sees what was wrong with the file they chose."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.unsafe_names: list[str] = []

    def sanitize_file_name(self, file_name: str) -> str | None:
        cleaned = super().sanitize_file_name(file_name)
        if cleaned != html.unescape(file_name):
            self.unsafe_names.append(file_name)
        return cleaned


class MultiPartParser(parsers.MultiPartParser):
    """DRF's, through `_NameCheckingParser`: an unsafe file name is a 400 on `file`."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        parser_context = parser_context or {}
        request = parser_context["request"]
        meta = request.META.copy()
        meta["CONTENT_TYPE"] = media_type
        parser = _NameCheckingParser(
            meta, stream, request.upload_handlers, parser_context.get("encoding", settings.DEFAULT_CHARSET)
        )
        try:
            data, files = parser.parse()
        except MultiPartParserError as exc:
            raise ParseError(f"Multipart form parse error - {exc}") from None
        if parser.unsafe_names:
            for uploads in files.lists():
                for upload in uploads[1]:
                    upload.close()
            raise ValidationError({"file": [str(checks.BAD_NAME)]}, code="invalid_name")
        return parsers.DataAndFiles(data, files)
