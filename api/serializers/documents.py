"""Assigning documents (văn bản giao việc) as the API shows them, and the bodies that
register and change them.

Reading: `DocumentSerializer`, with the summary figures of the document's tasks that the
caller may read (`figures`, the same figures `summary/` gives, counted for the whole page
in one query by the view). Writing: the bodies only turn JSON into Python values; whether
they make a valid document is the service's to say (assignments/services/documents.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers.briefs import UserBriefSerializer
from api.serializers.fields import NormalizedCharField, optional_date
from api.serializers.summary import FiguresSerializer, _figures
from api.serializers.tasks import TaskCreateSerializer
from assignments import limits
from assignments.choices import DocumentKind
from assignments.models import Document
from assignments.services import DOCUMENT_FIELDS


class DocumentSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    title = serializers.CharField(
        source="__str__", read_only=True, help_text=_("How the document reads: “Kết luận số 15-KL/QU”.")
    )
    created_by = UserBriefSerializer(read_only=True)
    figures = serializers.SerializerMethodField(
        help_text=_(
            "The summary figures of the document's tasks that the caller may read (as summary/ counts them)."
        )
    )

    class Meta:
        model = Document
        fields = [
            "id",
            "number",
            "kind",
            "kind_label",
            "title",
            "issued_on",
            "issuer",
            "excerpt",
            "figures",
            "created_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(FiguresSerializer)
    def get_figures(self, document: Document) -> dict[str, Any]:
        # Counted by the view for the page at once (`figures_by_document` in the context).
        return _figures(self.context["figures"][document.pk])


class DocumentInputSerializer(serializers.Serializer):
    """The body of `PATCH documents/{id}/`: the fields to change."""

    number = NormalizedCharField(max_length=limits.DOCUMENT_NUMBER_MAX, required=False, allow_blank=True)
    kind = serializers.ChoiceField(choices=DocumentKind.choices, required=False)
    issued_on = optional_date()
    issuer = NormalizedCharField(max_length=limits.DOCUMENT_ISSUER_MAX, required=False, allow_blank=True)
    excerpt = NormalizedCharField(required=False, allow_blank=True)

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        if isinstance(data, Mapping):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError(
                    {name: [_("This field cannot be edited.")] for name in unknown}
                )
        values = super().to_internal_value(data)
        # `optional_date` sends a date left out as None: only what was sent changes.
        return {name: value for name, value in values.items() if name in data or name not in DOCUMENT_FIELDS}


class DocumentCreateSerializer(DocumentInputSerializer):
    """The body of `POST documents/`: the document, and optionally its tasks (each as
    `POST tasks/` takes it), registered and assigned in one go."""

    tasks = TaskCreateSerializer(
        many=True,
        required=False,
        help_text=_("Tasks to assign by this document, in the same call; all or nothing."),
    )

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        # A task row's errors are named by its place, as the service names them (`tasks.2.owner`):
        # the one error shape flattens DRF's list of rows by index.
        values = serializers.Serializer.to_internal_value(self, data)
        return {
            "number": values.get("number", ""),
            "kind": values.get("kind", ""),
            "issued_on": values.get("issued_on"),
            "issuer": values.get("issuer", ""),
            "excerpt": values.get("excerpt", ""),
            "tasks": values.get("tasks", []),
        }
