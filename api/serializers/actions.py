"""The small bodies of the task actions. Presence and meaning are the service's to check
(a reason is required to pause, return or cancel; the new owner must be in the group...),
so that the domain's order holds: stale version 412, who 403, state 409, input 400."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from api.serializers.fields import DateField, NormalizedCharField
from assignments.models import Member


class NoteBodySerializer(serializers.Serializer):
    note = NormalizedCharField(
        required=False,
        allow_blank=True,
        default="",
        help_text=_("Why, or what was done. Required to pause, return or cancel."),
    )


class ReassignBodySerializer(serializers.Serializer):
    owner = serializers.PrimaryKeyRelatedField(
        queryset=Member.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text=_("The new owner: an active member of the task's group (member id)."),
    )
    reason = NormalizedCharField(required=False, allow_blank=True, default="", help_text=_("Required."))


class ExtendBodySerializer(serializers.Serializer):
    due_date = DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text=_("The new due date, later than the current one."),
    )
    reason = NormalizedCharField(required=False, allow_blank=True, default="", help_text=_("Required."))
