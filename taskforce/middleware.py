"""Requests whose query string or form post is not UTF-8 are refused with a 400.

Django decodes a query string and a form post as UTF-8 and puts U+FFFD where the bytes are
not: `%ED%A0%80` (a lone surrogate as some encoders write it) or `%FF` would reach a
search, a note or a name as "�", stored for good. Refused here instead, before any view,
with the same `invalid_unicode` as the API's JSON parser (api/parsers.py): the one error
shape under /api/, a short page elsewhere. Multipart bodies (files) are left to Django.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import unquote_to_bytes

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from api.parsers import InvalidUnicode
from api.views.errors import API_PREFIX

FORM_TYPE = "application/x-www-form-urlencoded"


def _is_utf8(encoded: bytes) -> bool:
    try:
        unquote_to_bytes(encoded.replace(b"+", b" ")).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _query_bytes(request: HttpRequest) -> bytes:
    # PEP 3333: the server hands the raw bytes over as a latin-1 string.
    text = request.META.get("QUERY_STRING", "")
    try:
        return text.encode("iso-8859-1")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogatepass")


def _form_bytes(request: HttpRequest) -> bytes:
    if request.method != "POST" or request.content_type != FORM_TYPE:
        return b""
    try:
        return request.body
    except (RequestDataTooBig, TooManyFieldsSent):
        return b""  # refused later, where it is read, with its own answer


class RefuseInvalidUnicode:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _is_utf8(_query_bytes(request)) and _is_utf8(_form_bytes(request)):
            return self.get_response(request)
        refusal = InvalidUnicode()
        if request.path.startswith(API_PREFIX):
            return JsonResponse({"code": refusal.default_code, "detail": str(refusal.detail)}, status=400)
        return render(request, "web/bad_request.html", {"detail": refusal.detail}, status=400)
