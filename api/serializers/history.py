"""The history of reference data, as the office reads it (`reference-changes/`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from api.serializers.briefs import UserBriefSerializer
from assignments.models import ReferenceChange


class ReferenceChangeSerializer(serializers.ModelSerializer):
    actor = UserBriefSerializer(
        read_only=True,
        allow_null=True,
        help_text=_("Who made the change; null for the system (the demo seed)."),
    )
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    action_label = serializers.CharField(source="get_action_display", read_only=True)
    changes = serializers.JSONField(
        read_only=True,
        help_text=_(
            'Each field that changed: {"field": {"from": …, "to": …}}. Dates in ISO, numbers as '
            "strings, related objects as ids, many-to-many as sorted id lists, a process's steps as "
            "a list of {order, name, expected_days}; a creation has every field with `from` null, "
            "a deletion every field with `to` null."
        ),
    )

    class Meta:
        model = ReferenceChange
        fields = [
            "id",
            "kind",
            "kind_label",
            "object_id",
            "label",
            "action",
            "action_label",
            "actor",
            "at",
            "changes",
        ]
        read_only_fields = fields
        extra_kwargs = {"label": {"help_text": _("The object's name at the time of the change.")}}
