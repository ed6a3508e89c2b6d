"""Optimistic concurrency over HTTP: a task's `version` is its ETag.

A phone remembers the ETag it read and sends it back in `If-Match` with a write; the
service compares it with the task's version under the row lock, so a stale copy gets
412 and nothing changes. Accepted forms: `"7"`, `W/"7"` (a weak tag compares the same
here: the version is the only validator) and `*` (no check). Anything else is a 400
with code `invalid_if_match` rather than a silent write without the check.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.request import Request

_ENTITY_TAG = re.compile(r'^(?:W/)?"(\d{1,9})"$')


class InvalidIfMatch(exceptions.APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = _('The If-Match header must be the ETag of the task, e.g. "7".')
    default_code = "invalid_if_match"


def etag(version: int) -> str:
    return f'"{version}"'


def expected_version(request: Request) -> int | None:
    """The version named by `If-Match`, or None when the header is absent or `*`."""
    value = request.headers.get("If-Match")
    if value is None:
        return None
    value = value.strip()
    if value == "*":
        return None
    match = _ENTITY_TAG.match(value)
    if match is None:
        raise InvalidIfMatch()
    return int(match.group(1))
