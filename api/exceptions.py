"""The one error shape of the API: every 4xx answers {"code", "detail", "errors"}.

`code` is stable for programs, `detail` is for a person (in the request's language),
`errors` maps each field to its messages and is present only on validation failures.
Nested fields are flattened to dotted keys ("outcome.target", "steps.1.name"), the same
keys the services use, so a client shows every message next to its input.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ObjectDoesNotExist
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from api.preconditions import etag
from assignments.exceptions import DomainError, NotPermitted, VersionMismatch

INVALID_INPUT = _("Invalid input.")
#: A body of JSON `null` (DRF's own text for it, "No data provided", is not translatable).
NO_DATA = _("The request body is empty (null): send a JSON object.")


class InvalidCredentials(exceptions.APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = _("Wrong username or password.")
    default_code = "invalid_credentials"


class Conflict(exceptions.APIException):
    """The action is not allowed in the task's current state."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = _("This cannot be done in the task's current state.")
    default_code = "invalid_state"


class Gone(exceptions.APIException):
    """What was here is no longer served (a withdrawn file): 410."""

    status_code = status.HTTP_410_GONE
    default_detail = _("This file was withdrawn and is no longer served.")
    default_code = "file_withdrawn"


class PreconditionFailed(exceptions.APIException):
    """`If-Match` names a version that is no longer the task's."""

    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = _("The task was changed by someone else; reload it and try again.")
    default_code = "version_mismatch"

    def __init__(self, detail: Any = None, code: str | None = None, *, current: int | None = None) -> None:
        super().__init__(detail, code)
        self.current = current


class UnprocessableEntity(exceptions.APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = _("The request cannot be processed.")
    default_code = "unprocessable"


# Messages of DRF's own exceptions that DRF ships without a Vietnamese translation: ours
# are in the project's catalogue. Used only when the exception carries its default text.
_DEFAULT_DETAILS = {
    "not_authenticated": _("Log in first: send “Authorization: Token <token>”."),
    "authentication_failed": _("The token is invalid or has expired; log in again."),
    "parse_error": _("The request body is not valid JSON."),
    "not_acceptable": _("The requested response format is not available; ask for JSON."),
    "unsupported_media_type": _("Send the request body as JSON (Content-Type: application/json)."),
    "throttled": _("Too many requests; wait a moment and try again (see Retry-After)."),
}


def exception_handler(exc: Exception, context: dict[str, Any]):
    """DRF's handler, fed with the domain's and Django's errors, answering the one shape."""
    exc = _as_api_exception(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # not a client error: let it be a 500 (and be logged)
    # DRF answers only its own exceptions; Django's two it also takes are turned into
    # them above, so the shape below can read `detail`.
    assert isinstance(exc, exceptions.APIException)
    code = _code_of(exc)
    if isinstance(exc, exceptions.ValidationError):
        response.data = {"code": code, "detail": str(INVALID_INPUT), "errors": flatten_errors(exc.detail)}
    else:
        response.data = {"code": code, "detail": _detail_of(exc, code)}
    if isinstance(exc, PreconditionFailed) and exc.current is not None:
        # The version the client must reload; saves a round trip to learn it.
        response["ETag"] = etag(exc.current)
    return response


def _as_api_exception(exc: Exception) -> Exception:
    if isinstance(exc, DjangoValidationError):
        detail: dict[str, list[str]] = (
            exc.message_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: exc.messages}
        )
        return exceptions.ValidationError(detail)
    if isinstance(exc, VersionMismatch):
        return PreconditionFailed(exc.message, exc.code, current=exc.current)
    if isinstance(exc, NotPermitted):
        return exceptions.PermissionDenied(exc.message, exc.code)
    if isinstance(exc, DomainError):  # InvalidTransition, and any other rule of state
        return Conflict(exc.message, exc.code)
    if isinstance(exc, ObjectDoesNotExist | Http404):
        # A task outside the user's scope and a task that does not exist look the same.
        return exceptions.NotFound()
    if isinstance(exc, DjangoPermissionDenied):
        # DRF answers it with a 403 but keeps Django's exception, which has no `detail`.
        return exceptions.PermissionDenied(*exc.args)
    return exc


def _code_of(exc: Exception) -> str:
    if isinstance(exc, exceptions.ValidationError):
        return "invalid"
    if isinstance(exc, exceptions.APIException):
        codes = exc.get_codes()
        if isinstance(codes, str):
            return codes
        return exc.default_code
    return "error"


def _detail_of(exc: exceptions.APIException, code: str) -> str:
    if code in _DEFAULT_DETAILS and _is_default_detail(exc):
        return str(_DEFAULT_DETAILS[code])
    detail = exc.detail
    if isinstance(detail, list | dict):  # never raised so, but keep the shape
        return str(exc.default_detail)
    return str(detail)


def _is_default_detail(exc: exceptions.APIException) -> bool:
    # DRF's ParseError carries the parser's reason in English, UnsupportedMediaType the
    # media type in English, authentication failures knox's or DRF's English text,
    # Throttled the wait in English (Retry-After has it): each is replaced by one
    # translated message.
    if isinstance(
        exc,
        exceptions.ParseError
        | exceptions.UnsupportedMediaType
        | exceptions.AuthenticationFailed
        | exceptions.Throttled,
    ):
        return True
    return str(exc.detail) == str(exc.default_detail)


def flatten_errors(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """{"outcome": {"target": ["..."]}} -> {"outcome.target": ["..."]}; lists of rows by index."""
    flat: dict[str, list[str]] = {}
    if isinstance(detail, Mapping):
        for key, value in detail.items():
            if key in (NON_FIELD_ERRORS, api_settings.NON_FIELD_ERRORS_KEY):
                # About the whole object: named after it ("steps"), or non_field_errors at the top.
                name = prefix or api_settings.NON_FIELD_ERRORS_KEY
            else:
                name = f"{prefix}.{key}" if prefix else str(key)
            for field, messages in flatten_errors(value, name).items():
                flat.setdefault(field, []).extend(messages)
    elif isinstance(detail, list | tuple):
        messages = [item for item in detail if not isinstance(item, Mapping | list | tuple)]
        if messages:
            flat.setdefault(prefix or api_settings.NON_FIELD_ERRORS_KEY, []).extend(
                _text(m) for m in messages
            )
        for index, item in enumerate(detail):
            if isinstance(item, Mapping | list | tuple) and item:
                for field, messages in flatten_errors(
                    item, f"{prefix}.{index}" if prefix else str(index)
                ).items():
                    flat.setdefault(field, []).extend(messages)
    else:
        flat.setdefault(prefix or api_settings.NON_FIELD_ERRORS_KEY, []).append(_text(detail))
    return flat


def _text(message: Any) -> str:
    # DRF's serializers answer a `null` body with an untranslated ErrorDetail of code "null".
    if getattr(message, "code", None) == "null" and str(message) == "No data provided":
        return str(NO_DATA)
    return str(message)
