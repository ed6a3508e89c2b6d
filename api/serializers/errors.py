"""The one error shape, for the schema (api/exceptions.py writes it)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    code = serializers.CharField(
        help_text=_(
            "A stable machine code: invalid, invalid_credentials, parse_error, invalid_if_match, "
            "invalid_idempotency_key, not_authenticated, authentication_failed, permission_denied, "
            "not_found, method_not_allowed, invalid_state (or a more precise state code such as "
            "steps_incomplete), version_mismatch, idempotency_key_reused."
        )
    )
    detail = serializers.CharField(help_text=_("A message for a person, in the request's language."))
    # A declared field, taken off the class by DRF's metaclass: it does not replace the
    # serializer's `errors`, as the stubs read it.
    errors = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text=_(
            "Validation failures only: the messages of each field; nested fields with dotted "
            "names (outcome.target), errors about the whole body under non_field_errors."
        ),
    )
