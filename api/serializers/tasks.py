"""Tasks as the API shows them, and the bodies that create and edit them.

Reading: `TaskSerializer`, related objects as briefs. Writing: the input serializers
only turn JSON into Python values (types, lengths, ids that exist); whether the values
make a valid task is the service's to say (`services.task_create`, `task_edit`), with
the domain's messages ("Every task needs exactly one owner (clear person)."). So the
input fields are optional here and missing ones reach the service as None or "".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers.briefs import (
    GroupBriefSerializer,
    MemberBriefSerializer,
    ProcessBriefSerializer,
    TargetBriefSerializer,
    UserBriefSerializer,
    WardBriefSerializer,
)
from api.serializers.fields import NormalizedCharField, optional_date, optional_number
from assignments import limits
from assignments.choices import DeadlineStatus, Direction, Priority
from assignments.models import Group, Member, Outcome, Process, Target, Task, TaskStep, Ward
from assignments.services import EDITABLE_FIELDS

# --------------------------------------------------------------------------- reading


class TaskStepSerializer(serializers.ModelSerializer):
    class Meta:
        model = TaskStep
        fields = ["id", "order", "name", "expected_days", "completed_at", "note"]
        read_only_fields = fields


class OutcomeSerializer(serializers.ModelSerializer):
    achieved = serializers.BooleanField(
        read_only=True, help_text=_("Whether the latest measured value reaches the target.")
    )

    class Meta:
        model = Outcome
        fields = ["indicator", "unit", "baseline", "target", "direction", "actual", "achieved"]
        read_only_fields = fields


class TaskSerializer(serializers.ModelSerializer):
    group = GroupBriefSerializer(read_only=True)
    ward = WardBriefSerializer(read_only=True, allow_null=True)
    owner = MemberBriefSerializer(read_only=True)
    assigned_by = UserBriefSerializer(read_only=True)
    coordinators = MemberBriefSerializer(many=True, read_only=True)
    watchers = serializers.SerializerMethodField(
        help_text=_("Who reads the task and is told of it, with no duty (người theo dõi).")
    )
    process = ProcessBriefSerializer(read_only=True)
    target = TargetBriefSerializer(read_only=True, allow_null=True)
    steps = TaskStepSerializer(many=True, read_only=True)
    outcome = OutcomeSerializer(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    deadline_status = serializers.ChoiceField(
        choices=DeadlineStatus.choices,
        read_only=True,
        help_text=_("Where the task stands against its due date, as of today in Hanoi."),
    )
    deadline_status_label = serializers.SerializerMethodField()
    priority_label = serializers.CharField(source="get_priority_display", read_only=True)
    extended = serializers.BooleanField(
        read_only=True, help_text=_("Whether the due date was extended (see original_due_date).")
    )

    class Meta:
        model = Task
        fields = [
            "id",
            "title",
            "description",
            "group",
            "ward",
            "owner",
            "assigned_by",
            "coordinators",
            "watchers",
            "process",
            "target",
            "steps",
            "outcome",
            "status",
            "status_label",
            "deadline_status",
            "deadline_status_label",
            "priority",
            "priority_label",
            "source",
            "start_date",
            "due_date",
            "original_due_date",
            "extended",
            "submitted_at",
            "completed_at",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(MemberBriefSerializer(many=True))
    def get_watchers(self, task: Task) -> list[dict[str, Any]]:
        # The briefs come with the task's row (`for_display`): no query per task.
        return task.watcher_briefs

    @extend_schema_field(serializers.CharField())
    def get_deadline_status_label(self, task: Task) -> str:
        return str(DeadlineStatus(task.deadline_status).label)


# --------------------------------------------------------------------------- writing


class OutcomeInputSerializer(serializers.Serializer):
    indicator = NormalizedCharField(
        max_length=limits.INDICATOR_MAX, required=False, allow_blank=True, default=""
    )
    unit = NormalizedCharField(max_length=limits.UNIT_MAX, required=False, allow_blank=True, default="")
    baseline = optional_number()
    target = optional_number()
    direction = serializers.ChoiceField(choices=Direction.choices, default=Direction.INCREASE)


class TaskCreateSerializer(serializers.Serializer):
    """The body of `POST tasks/`, as docs/api.md shows it."""

    title = NormalizedCharField(
        max_length=limits.TASK_TITLE_MAX, required=False, allow_blank=True, default=""
    )
    description = NormalizedCharField(required=False, allow_blank=True, default="")
    group = serializers.PrimaryKeyRelatedField(
        queryset=Group.objects.all(), required=False, allow_null=True, default=None
    )
    ward = serializers.PrimaryKeyRelatedField(
        queryset=Ward.objects.all(), required=False, allow_null=True, default=None
    )
    owner = serializers.PrimaryKeyRelatedField(
        queryset=Member.objects.all(), required=False, allow_null=True, default=None
    )
    coordinators = serializers.PrimaryKeyRelatedField(
        queryset=Member.objects.all(), many=True, required=False, default=list
    )
    process = serializers.PrimaryKeyRelatedField(
        queryset=Process.objects.all(), required=False, allow_null=True, default=None
    )
    target = serializers.PrimaryKeyRelatedField(
        queryset=Target.objects.all(), required=False, allow_null=True, default=None
    )
    start_date = optional_date()
    due_date = optional_date()
    priority = serializers.ChoiceField(choices=Priority.choices, default=Priority.NORMAL)
    # A declared field, taken off the class by DRF's metaclass: not Field.source.
    source = NormalizedCharField(  # type: ignore[assignment]
        max_length=limits.TASK_SOURCE_MAX, required=False, allow_blank=True, default=""
    )
    outcome = OutcomeInputSerializer(required=False, allow_null=True, default=None)


class TaskEditSerializer(serializers.Serializer):
    """The body of `PATCH tasks/{id}/`: content fields only; any other field is a 400."""

    title = NormalizedCharField(max_length=limits.TASK_TITLE_MAX, required=False, allow_blank=True)
    description = NormalizedCharField(required=False, allow_blank=True)
    ward = serializers.PrimaryKeyRelatedField(queryset=Ward.objects.all(), required=False, allow_null=True)
    priority = serializers.ChoiceField(choices=Priority.choices, required=False)
    # A declared field, taken off the class by DRF's metaclass: not Field.source.
    source = NormalizedCharField(  # type: ignore[assignment]
        max_length=limits.TASK_SOURCE_MAX, required=False, allow_blank=True
    )
    target = serializers.PrimaryKeyRelatedField(
        queryset=Target.objects.all(), required=False, allow_null=True
    )

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        if isinstance(data, Mapping):
            # Status, owner and due date change through their actions, which keep the trail.
            fixed = sorted(set(data) - set(EDITABLE_FIELDS))
            if fixed:
                raise serializers.ValidationError(
                    {name: [_("This field cannot be edited.")] for name in fixed}
                )
        return super().to_internal_value(data)
