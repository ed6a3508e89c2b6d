"""`Idempotency-Key` on POSTs that create: a retry replays the first answer, creates nothing.

A phone on a bad connection may send a request, lose the answer and send it again. With
the same `Idempotency-Key` header (any string up to 255 visible ASCII characters, e.g. a
UUID made when the user pressed the button) the second request gets the first one's
status and body, with `Idempotent-Replayed: true`, and nothing new is created.

- The key belongs to the user: two users never share answers.
- The key is inserted before the work, in the same transaction. A concurrent retry
  blocks on the unique constraint until the first commits, then replays its answer;
  if the first failed and rolled back, the retry does the work itself.
- Only successes are kept: a request that failed (400, 403, 409...) leaves no key, so
  the client may fix the problem and retry with the same key.
- The same key with another method, path or body is a 422 `idempotency_key_reused`.
- A multipart upload's file counts by its name, size and checksum: a retry of the same
  file replays the first answer and stores no second copy.
- Keys expire after 24 hours (`IDEMPOTENCY_KEY_TTL`): a user's expired keys are deleted
  when they next use one, and `manage.py purge_idempotency_keys` clears the rest.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import re
from collections.abc import Callable
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from api.exceptions import UnprocessableEntity
from api.models import IDEMPOTENCY_KEY_TTL, IdempotencyKey
from assignments import clock, roles
from assignments.files.prepare import digest

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
#: Response headers worth replaying with the body.
KEPT_HEADERS = ("ETag", "Location")

_VALID_KEY = re.compile(r"^[\x21-\x7e]{1,255}$")


class InvalidIdempotencyKey(exceptions.APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = _("The Idempotency-Key header must be 1 to 255 visible ASCII characters.")
    default_code = "invalid_idempotency_key"


class _KeyTaken(Exception):
    """Another request with this key committed first."""


class _Failed(Exception):
    """The work answered an error: roll the key back with it."""

    def __init__(self, response: Response) -> None:
        self.response = response


def idempotent(view_method: Callable[..., Response]) -> Callable[..., Response]:
    """Decorate a view method that creates something (the user is already authenticated)."""

    @functools.wraps(view_method)
    def wrapper(view: Any, request: Request, *args: Any, **kwargs: Any) -> Response:
        key = request.headers.get(HEADER)
        if key is None:
            return view_method(view, request, *args, **kwargs)
        if not _VALID_KEY.match(key):
            raise InvalidIdempotencyKey()
        fingerprint = _fingerprint(request)
        now = clock.now()
        user = roles.signed_in(request.user)
        kept = IdempotencyKey.objects.filter(
            user=user, key=key, created_at__gte=now - IDEMPOTENCY_KEY_TTL
        ).first()
        if kept is not None:
            return _replay(kept, fingerprint)
        try:
            with transaction.atomic():
                IdempotencyKey.objects.filter(user=user).expired(now).delete()
                record = _claim(request, key, fingerprint, now)
                response = view_method(view, request, *args, **kwargs)
                if not status.is_success(response.status_code):
                    raise _Failed(response)
                record.status_code = response.status_code
                record.response_body = json.loads(JSONRenderer().render(response.data) or b"null")
                record.response_headers = {h: response[h] for h in KEPT_HEADERS if h in response}
                record.save(update_fields=["status_code", "response_body", "response_headers"])
                return response
        except _Failed as failed:
            return failed.response
        except _KeyTaken:
            return _replay(IdempotencyKey.objects.get(user=user, key=key), fingerprint)

    return wrapper


def _claim(request: Request, key: str, fingerprint: str, now: dt.datetime) -> IdempotencyKey:
    try:
        with transaction.atomic():
            return IdempotencyKey.objects.create(
                user=roles.signed_in(request.user), key=key, fingerprint=fingerprint, created_at=now
            )
    except IntegrityError:
        raise _KeyTaken() from None


def _fingerprint(request: Request) -> str:
    data = request.data
    if hasattr(data, "lists"):  # a form's QueryDict
        data = dict(data.lists())
    body = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_file_or_text)
    raw = f"{request.method}\n{request.path}\n{body}".encode()
    return hashlib.sha256(raw).hexdigest()


def _file_or_text(value: Any) -> Any:
    """An uploaded file by its name, size and checksum (a retry sends the same bytes)."""
    if isinstance(value, UploadedFile):
        size, sha256 = digest(value)
        return {"name": value.name, "size": size, "sha256": sha256}
    return str(value)


def _replay(kept: IdempotencyKey, fingerprint: str) -> Response:
    if kept.fingerprint != fingerprint:
        raise UnprocessableEntity(
            _("This Idempotency-Key was already used for another request; send a new key."),
            code="idempotency_key_reused",
        )
    headers = {**kept.response_headers, REPLAYED_HEADER: "true"}
    return Response(kept.response_body, status=kept.status_code, headers=headers)
