"""What the OpenAPI schema says beyond what drf-spectacular reads from the code.

- every operation takes `Accept-Language` (the one AutoSchema below adds it);
- the phone headers: `If-Match` and `ETag`, `Idempotency-Key` and `Idempotent-Replayed`;
- the error responses in the one shape (`errors(...)`), each with an example; 415 on
  every write, which DRF answers to a body it cannot parse;
- a `BriefRelatedField` is an id in requests and a brief in responses.

The knox token scheme ("Authorization: Token <token>") is drf-spectacular's own
extension for `knox.auth.TokenAuthentication` (drf_spectacular.contrib.knox_auth_token),
applied to our subclass of it (api/authentication.py).
"""

from __future__ import annotations

from typing import Any

from drf_spectacular import openapi
from drf_spectacular.contrib.knox_auth_token import KnoxTokenScheme
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import build_basic_type
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import Direction, OpenApiExample, OpenApiParameter, OpenApiResponse

from api.serializers.errors import ErrorSerializer

# --------------------------------------------------------------------------- headers

ACCEPT_LANGUAGE = OpenApiParameter(
    "Accept-Language",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    enum=["vi", "en"],
    description="Language of messages, error texts and labels: `vi` (the default) or `en`.",
)

IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description=(
        'The task\'s ETag as last read, e.g. `"7"` (`W/"7"` is accepted too). If the task has '
        "changed since, the answer is 412 `version_mismatch` and nothing is changed. `*` or no "
        "header: no check. A malformed value is a 400 `invalid_if_match`."
    ),
    examples=[OpenApiExample("version 7", value='"7"')],
)

IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description=(
        "A key made by the client for this one creation (e.g. a UUID), 1 to 255 visible ASCII "
        "characters. Retrying with the same key and the same body replays the first answer "
        "(same status and body, header `Idempotent-Replayed: true`) and creates nothing. The "
        "same key with another body is a 422 `idempotency_key_reused`. Keys are kept 24 hours; "
        "a failed request keeps no key."
    ),
    examples=[OpenApiExample("a UUID", value="3f2a9c1e-8d4b-4f7a-9a51-0c6e2d7b8e10")],
)


def etag_header(*status_codes: int) -> OpenApiParameter:
    return OpenApiParameter(
        "ETag",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        response=list(status_codes),
        description='The task\'s version, quoted (`"8"`): send it back in `If-Match`.',
    )


REPLAYED = OpenApiParameter(
    "Idempotent-Replayed",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    response=[201],
    enum=["true"],
    description="Present when this answer is the replay of an earlier request with the same Idempotency-Key.",
)

# --------------------------------------------------------------------------- errors

_ERROR_EXAMPLES: dict[int, tuple[str, dict[str, Any]]] = {
    400: (
        "A missing field",
        {
            "code": "invalid",
            "detail": "Invalid input.",
            "errors": {"owner": ["Every task needs exactly one owner (clear person)."]},
        },
    ),
    401: (
        "No token",
        {"code": "not_authenticated", "detail": "Log in first: send “Authorization: Token <token>”."},
    ),
    403: ("Not the owner", {"code": "permission_denied", "detail": "Only the task's owner may do this."}),
    404: ("Not found, or not yours to see", {"code": "not_found", "detail": "Not found."}),
    409: (
        "Wrong state",
        {"code": "invalid_state", "detail": "Cannot start a task whose status is “In progress”."},
    ),
    410: (
        "Withdrawn",
        {"code": "file_withdrawn", "detail": "This file was withdrawn and is no longer served."},
    ),
    412: (
        "Stale copy",
        {
            "code": "version_mismatch",
            "detail": "The task was changed by someone else; reload it and try again.",
        },
    ),
    415: (
        "Not JSON",
        {
            "code": "unsupported_media_type",
            "detail": "Send the request body as JSON (Content-Type: application/json).",
        },
    ),
    422: (
        "Key reused",
        {
            "code": "idempotency_key_reused",
            "detail": "This Idempotency-Key was already used for another request; send a new key.",
        },
    ),
    429: (
        "Too many failed logins",
        {"code": "throttled", "detail": "Too many requests; wait a moment and try again (see Retry-After)."},
    ),
}

#: Other 400s worth an example: a date outside the window of years, and a body holding
#: text that is not Unicode (refused as a whole: `errors` is absent).
_MORE_ERROR_EXAMPLES: dict[int, list[tuple[str, dict[str, Any]]]] = {
    400: [
        (
            "A date outside the window",
            {
                "code": "invalid",
                "detail": "Invalid input.",
                "errors": {"due_date": ["Enter a date between 01/01/2000 and 31/12/2100."]},
            },
        ),
        (
            "Not valid Unicode",
            {
                "code": "invalid_unicode",
                "detail": (
                    "The request holds text that is not valid Unicode (a lone surrogate such as "
                    "\\ud800); send UTF-8 text."
                ),
            },
        ),
    ],
}

_ERROR_DESCRIPTIONS = {
    400: (
        "Invalid input: `errors` names each field (nested as `outcome.target`); a body or query "
        "holding text that is not valid Unicode is `invalid_unicode`, without `errors`."
    ),
    401: "Not logged in, or the token is invalid or expired.",
    403: "Logged in, but not allowed: `detail` says who may.",
    404: "No such object, or one the caller may not see.",
    409: "Not possible in the task's current state.",
    410: "The file was withdrawn: it stays in the record (who, when, why) but is no longer served.",
    412: "`If-Match` names an old version: reload the task (its ETag is in the answer).",
    415: "The body is not JSON (nor a form): send `Content-Type: application/json`.",
    422: "The Idempotency-Key was used for a different request.",
    429: "Too many failed logins for this username or from this address: wait `Retry-After` seconds.",
}


_LIST_400_DESCRIPTION = (
    "Invalid input: `errors` names each parameter with a wrong value, and each query parameter "
    "this list does not take (neither one of its filters nor `page`, `page_size`, `format`)."
)
_UNKNOWN_PARAMETER_EXAMPLE = {
    "value": {
        "code": "invalid",
        "detail": "Invalid input.",
        "errors": {"stauts": ["Unknown parameter. This list takes: format, group, ordering, page, ..."]},
    },
    "summary": "A parameter this list does not take",
}


def errors(*status_codes: int, public: bool = False) -> dict[int, OpenApiResponse]:
    """The error responses of an operation, in the one shape; 401 unless `public`."""
    codes = sorted(set(status_codes) | (set() if public else {401}))
    return {code: _error_response(code) for code in codes}


def _error_response(code: int) -> OpenApiResponse:
    return OpenApiResponse(
        ErrorSerializer,
        description=_ERROR_DESCRIPTIONS[code],
        examples=[
            OpenApiExample(_ERROR_EXAMPLES[code][0], value=_ERROR_EXAMPLES[code][1]),
            *(OpenApiExample(name, value=value) for name, value in _MORE_ERROR_EXAMPLES.get(code, [])),
        ],
    )


# --------------------------------------------------------------------------- schema class and extensions


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's, with `Accept-Language` on every operation and 415 on every write."""

    def get_override_parameters(self) -> list[Any]:
        return [ACCEPT_LANGUAGE, *super().get_override_parameters()]

    def _get_response_bodies(self, direction: Direction = "response") -> dict[str, Any]:
        # Here, not in get_response_serializers(): @extend_schema(responses=...) replaces
        # that one. DRF reads the body of a write as JSON, a form or multipart; any other
        # Content-Type is a 415, whatever the operation.
        responses = super()._get_response_bodies(direction)
        if self.method in ("POST", "PUT", "PATCH") and "415" not in responses:
            responses["415"] = self._get_response_for_code(_error_response(415), "415", direction=direction)
        if self.method == "GET" and self._is_list_view() and "400" in responses:
            # A list also answers 400 to a query parameter it does not take (api/filters.py).
            invalid = responses["400"]
            invalid["description"] = _LIST_400_DESCRIPTION
            for content in invalid.get("content", {}).values():
                content.setdefault("examples", {})["UnknownParameter"] = _UNKNOWN_PARAMETER_EXAMPLE
        return responses


class BriefRelatedFieldExtension(OpenApiSerializerFieldExtension):
    target_class = "api.serializers.fields.BriefRelatedField"

    def map_serializer_field(self, auto_schema: openapi.AutoSchema, direction: Direction) -> dict[str, Any]:
        if direction == "request":
            schema = build_basic_type(OpenApiTypes.INT)
            assert schema is not None  # None only for OpenApiTypes.NONE
            return schema
        return auto_schema.resolve_serializer(self.target.brief, direction).ref


class TokenSchemeExtension(KnoxTokenScheme):
    """Our token authentication is knox's, with more checks: the same scheme in the schema."""

    target_class = "api.authentication.TokenAuthentication"
