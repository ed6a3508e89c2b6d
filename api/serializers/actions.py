"""The small bodies of the task actions. Presence and meaning are the service's to check
(a reason is required to pause, return or cancel; the new owner must be in the group...),
so that the domain's order holds: stale version 412, who 403, state 409, input 400."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from api.serializers.fields import NormalizedCharField, NumberField, optional_date
from assignments import limits
from assignments.choices import Direction
from assignments.models import Member
from assignments.services import CORRECTABLE_OUTCOME_FIELDS

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise


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
    due_date = optional_date(help_text=_("The new due date, later than the current one."))
    reason = NormalizedCharField(required=False, allow_blank=True, default="", help_text=_("Required."))


class ExplainBodySerializer(serializers.Serializer):
    reason = NormalizedCharField(
        required=False, allow_blank=True, default="", help_text=_("Why the task is late. Required.")
    )
    proposed_due_date = optional_date(help_text=_("The due date the owner proposes, later than today."))


def _member_list(not_also: StrPromise) -> serializers.PrimaryKeyRelatedField:
    """A whole new list of people on a task, by member id (coordinators or watchers)."""
    return serializers.PrimaryKeyRelatedField(
        queryset=Member.objects.all(),
        many=True,
        required=False,
        default=list,
        help_text=format_lazy(
            _(
                "The whole new list (member ids; empty for none): active members of any group, "
                "never the owner nor a {other}."
            ),
            other=not_also,
        ),
    )


class CoordinatorsBodySerializer(serializers.Serializer):
    coordinators = _member_list(not_also=_("watcher"))
    note = NormalizedCharField(required=False, allow_blank=True, default="", help_text=_("Why (optional)."))


class WatchersBodySerializer(serializers.Serializer):
    watchers = _member_list(not_also=_("coordinator"))
    note = NormalizedCharField(required=False, allow_blank=True, default="", help_text=_("Why (optional)."))


class CorrectOutcomeBodySerializer(serializers.Serializer):
    """The outcome's fields to correct (the others keep their value), and the reason."""

    indicator = NormalizedCharField(max_length=limits.INDICATOR_MAX, required=False, allow_blank=True)
    unit = NormalizedCharField(max_length=limits.UNIT_MAX, required=False, allow_blank=True)
    baseline = NumberField(required=False, allow_null=True)
    target = NumberField(required=False, allow_null=True)
    direction = serializers.ChoiceField(choices=Direction.choices, required=False)
    reason = NormalizedCharField(required=False, allow_blank=True, default="", help_text=_("Required."))

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        if isinstance(data, Mapping):
            # `actual` follows the measurements; the rest of the task is edited elsewhere.
            fixed = sorted(set(data) - {*CORRECTABLE_OUTCOME_FIELDS, "reason"})
            if fixed:
                raise serializers.ValidationError(
                    {name: [_("This field cannot be corrected.")] for name in fixed}
                )
        return super().to_internal_value(data)
