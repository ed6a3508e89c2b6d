"""What is recorded on a task: measurements, notes and the audit trail (events)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from api.serializers.briefs import UserBriefSerializer
from api.serializers.fields import NormalizedCharField, optional_date, optional_number
from assignments.choices import NoteKind, Status
from assignments.models import Event, Measurement, Note


class MeasurementSerializer(serializers.ModelSerializer):
    recorded_by = UserBriefSerializer(read_only=True)

    class Meta:
        model = Measurement
        fields = ["id", "value", "measured_on", "note", "recorded_by", "recorded_at"]
        read_only_fields = fields


class MeasurementInputSerializer(serializers.Serializer):
    value = optional_number(help_text=_("The measured value, in the outcome's unit."))
    measured_on = optional_date(help_text=_("The day it was measured; not in the future."))
    note = NormalizedCharField(
        required=False, allow_blank=True, default="", help_text=_("The evidence: where the value comes from.")
    )


class NoteSerializer(serializers.ModelSerializer):
    author = UserBriefSerializer(read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Note
        fields = ["id", "kind", "kind_label", "text", "author", "created_at"]
        read_only_fields = fields


class NoteInputSerializer(serializers.Serializer):
    text = NormalizedCharField(required=False, allow_blank=True, default="")
    kind = serializers.ChoiceField(
        choices=NoteKind.choices,
        default=NoteKind.NOTE,
        help_text=_(
            "`note` (the default): the owner, the coordinators, the group's leader or the office; "
            "`direction` (ý kiến chỉ đạo): a Standing Committee member."
        ),
    )


class EventSerializer(serializers.ModelSerializer):
    actor = UserBriefSerializer(read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    # Declared: a read-only model field loses `allow_blank`, and the schema would then
    # promise a status where the creation event has none ("").
    from_status = serializers.ChoiceField(
        choices=Status.choices,
        allow_blank=True,
        read_only=True,
        help_text=_("The status before the change; empty for the creation."),
    )

    class Meta:
        model = Event
        fields = ["id", "kind", "kind_label", "actor", "at", "from_status", "to_status", "note", "data"]
        read_only_fields = fields
