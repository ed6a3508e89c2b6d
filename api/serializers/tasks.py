"""Tasks as the API shows them, and the bodies that create and edit them.

Reading: `TaskSerializer`, related objects as briefs. Writing: the input serializers
only turn JSON into Python values (types, lengths, ids that exist); whether the values
make a valid task is the service's to say (`services.task_create`, `task_edit`), with
the domain's messages ("Every task needs exactly one owner (clear person)."). So the
input fields are optional here and missing ones reach the service as None or "".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import cache
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers.briefs import (
    DocumentBriefSerializer,
    GroupBriefSerializer,
    MemberBriefSerializer,
    ProcessBriefSerializer,
    TargetBriefSerializer,
    UserBriefSerializer,
    WardBriefSerializer,
    document_brief,
)
from api.serializers.fields import NormalizedCharField, optional_date, optional_number
from assignments import limits
from assignments.choices import (
    ApproverKind,
    DeadlineStatus,
    Direction,
    Escalation,
    Priority,
    ProductKind,
    Status,
)
from assignments.models import Document, Group, Member, Outcome, Process, Target, Task, TaskStep, Ward
from assignments.services import EDITABLE_FIELDS

# --------------------------------------------------------------------------- reading

#: The columns a task's document reads (`for_display().only(*TASK_COLUMNS)`): the rows
#: of a page are a third as wide (no search text, no login's password hash, no process
#: description), so a page of 200 is fetched and built faster.
TASK_COLUMNS = (
    *(f.name for f in Task._meta.concrete_fields if f.name != "search_text"),
    "group__number",
    "group__name",
    "ward__code",
    "ward__name",
    "owner__full_name",
    "assigned_by__username",
    "assigned_by__member__full_name",
    "assigned_by__member__user",
    "process__name",
    "target__code",
    "target__name",
    "document__number",
    "document__kind",
    "approver__full_name",
    *(f"outcome__{f.name}" for f in Outcome._meta.concrete_fields),
)


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


class ExplanationSerializer(serializers.Serializer):
    reason = serializers.CharField()
    proposed_due_date = serializers.DateField()
    explained_at = serializers.DateTimeField()


def _explanation(task: Task) -> dict[str, Any] | None:
    """The explanation, while it holds for the current due date (an extension ends it)."""
    if not task.explained or task.explained_at is None or task.proposed_due_date is None:
        return None
    return {
        "reason": task.explanation,
        "proposed_due_date": _date(task.proposed_due_date),
        "explained_at": _datetime(task.explained_at),
    }


class ProductSerializer(serializers.Serializer):
    """What the task must deliver (rõ sản phẩm)."""

    kind = serializers.ChoiceField(choices=ProductKind.choices)
    kind_label = serializers.CharField()
    description = serializers.CharField()
    file_required = serializers.BooleanField(
        help_text=_("Whether `submit` waits for a file of the kind `product` (409 `product_missing`).")
    )


class ApproverSerializer(serializers.Serializer):
    """Who accepts and returns the task (rõ thẩm quyền)."""

    kind = serializers.ChoiceField(choices=ApproverKind.choices)
    kind_label = serializers.CharField()
    member = MemberBriefSerializer(
        allow_null=True, help_text=_("The named Standing Committee member, for `standing_member`; else null.")
    )


def _product(task: Task, labels: dict[str, str]) -> dict[str, Any] | None:
    # No kind, no product stated (the services refuse a description or a required file without one).
    if not task.product_kind:
        return None
    return {
        "kind": task.product_kind,
        "kind_label": labels[f"product:{task.product_kind}"],
        "description": task.product_description,
        "file_required": task.product_file_required,
    }


def _approver(task: Task, labels: dict[str, str]) -> dict[str, Any]:
    member = task.approver
    return {
        "kind": task.approver_kind,
        "kind_label": labels[f"approver:{task.approver_kind}"],
        "member": None if member is None else {"id": member.id, "name": member.full_name},
    }


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
    document = DocumentBriefSerializer(
        read_only=True, allow_null=True, help_text=_("The assigning document (văn bản giao việc), or null.")
    )
    product = serializers.SerializerMethodField(
        help_text=_("What the task must deliver (rõ sản phẩm), or null when no product is stated.")
    )
    approver = serializers.SerializerMethodField(
        help_text=_("Who accepts and returns the task (rõ thẩm quyền): the group's leader by default.")
    )
    steps = TaskStepSerializer(many=True, read_only=True)
    outcome = OutcomeSerializer(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    deadline_status = serializers.ChoiceField(
        choices=DeadlineStatus.choices,
        read_only=True,
        help_text=_("Where the task stands against its due date, as of today in Hanoi."),
    )
    deadline_status_label = serializers.SerializerMethodField()
    escalation = serializers.ChoiceField(
        choices=Escalation.choices,
        read_only=True,
        help_text=_(
            "How far an overdue task has been raised: none, owner (asked to explain), leader, "
            "committee (docs/rules.md, Escalation)."
        ),
    )
    escalation_label = serializers.SerializerMethodField()
    explanation = serializers.SerializerMethodField(
        help_text=_("The owner's explanation of the delay for the current due date (giải trình), or null.")
    )
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
            "escalation",
            "escalation_label",
            "explanation",
            "priority",
            "priority_label",
            "source",
            "document",
            "product",
            "approver",
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

    @extend_schema_field(ProductSerializer(allow_null=True))
    def get_product(self, task: Task) -> dict[str, Any] | None:
        return _product(task, _labels(get_language()))

    @extend_schema_field(ApproverSerializer())
    def get_approver(self, task: Task) -> dict[str, Any]:
        return _approver(task, _labels(get_language()))

    @extend_schema_field(serializers.CharField())
    def get_deadline_status_label(self, task: Task) -> str:
        return str(DeadlineStatus(task.deadline_status).label)

    @extend_schema_field(serializers.CharField())
    def get_escalation_label(self, task: Task) -> str:
        return str(Escalation(task.escalation).label)

    @extend_schema_field(ExplanationSerializer(allow_null=True))
    def get_explanation(self, task: Task) -> dict[str, Any] | None:
        return _explanation(task)

    def to_representation(self, instance: Task) -> dict[str, Any]:
        """The document the fields above declare, written out by hand.

        DRF's field machinery (a nested serializer per brief and per step, a lookup and
        a conversion per field) was most of a page of 200's time. This builds the same
        document, key for key and value for value, from the task `for_display()` reads;
        the declared fields stay the schema, and a test holds this to
        `ModelSerializer.to_representation` for tasks of every shape.
        """
        task = instance
        labels = _labels(get_language())
        ward = task.ward
        target = task.target
        return {
            "id": task.id,
            "title": task.title,
            "description": task.description,
            "group": {"id": task.group.id, "number": task.group.number, "name": task.group.name},
            "ward": None if ward is None else {"id": ward.id, "code": ward.code, "name": ward.name},
            "owner": {"id": task.owner.id, "name": task.owner.full_name},
            "assigned_by": _user_brief(task.assigned_by),
            "coordinators": [{"id": m.id, "name": m.full_name} for m in task.coordinators.all()],
            "watchers": task.watcher_briefs,
            "process": {"id": task.process.id, "name": task.process.name},
            "target": None if target is None else {"id": target.id, "code": target.code, "name": target.name},
            "steps": [
                {
                    "id": step.id,
                    "order": step.order,
                    "name": step.name,
                    "expected_days": step.expected_days,
                    "completed_at": _datetime(step.completed_at),
                    "note": step.note,
                }
                for step in task.steps.all()
            ],
            "outcome": _outcome(task),
            "status": task.status,
            "status_label": labels[task.status],
            "deadline_status": str(task.deadline_status),
            "deadline_status_label": labels[f"deadline:{task.deadline_status}"],
            "escalation": str(task.escalation),
            "escalation_label": labels[f"escalation:{task.escalation}"],
            "explanation": _explanation(task),
            "priority": task.priority,
            "priority_label": labels[f"priority:{task.priority}"],
            "source": task.source,
            "document": document_brief(task.document),
            "product": _product(task, labels),
            "approver": _approver(task, labels),
            "start_date": _date(task.start_date),
            "due_date": _date(task.due_date),
            "original_due_date": _date(task.original_due_date),
            "extended": task.extended,
            "submitted_at": _datetime(task.submitted_at),
            "completed_at": _datetime(task.completed_at),
            "version": task.version,
            "created_at": _datetime(task.created_at),
            "updated_at": _datetime(task.updated_at),
        }


@cache
def _labels(language: str | None) -> dict[str, str]:
    """The choice labels in one language, translated once per process and language."""
    labels = {s.value: str(s.label) for s in Status}
    labels |= {f"deadline:{s.value}": str(s.label) for s in DeadlineStatus}
    labels |= {f"priority:{p.value}": str(p.label) for p in Priority}
    labels |= {f"escalation:{e.value}": str(e.label) for e in Escalation}
    labels |= {f"product:{k.value}": str(k.label) for k in ProductKind}
    labels |= {f"approver:{k.value}": str(k.label) for k in ApproverKind}
    return labels


def _date(value: dt.date | None) -> str | None:
    # As DRF's DateField with DATE_FORMAT "iso-8601".
    return None if value is None else value.isoformat()


def _datetime(value: dt.datetime | None) -> str | None:
    # As DRF's DateTimeField: in the current time zone, ISO 8601, "Z" for UTC.
    if value is None:
        return None
    text = timezone.localtime(value).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _user_brief(user: Any) -> dict[str, Any]:
    # As UserBriefSerializer: the member's full name, else the username (the office).
    try:
        name = user.member.full_name
    except ObjectDoesNotExist:
        name = user.get_username()
    return {"id": user.id, "username": user.username, "name": name}


def _outcome(task: Task) -> dict[str, Any] | None:
    try:
        outcome = task.outcome
    except ObjectDoesNotExist:
        return None
    return {
        "indicator": outcome.indicator,
        "unit": outcome.unit,
        "baseline": outcome.baseline,
        "target": outcome.target,
        "direction": outcome.direction,
        "actual": outcome.actual,
        "achieved": outcome.achieved,
    }


# --------------------------------------------------------------------------- writing


class OutcomeInputSerializer(serializers.Serializer):
    indicator = NormalizedCharField(
        max_length=limits.INDICATOR_MAX, required=False, allow_blank=True, default=""
    )
    unit = NormalizedCharField(max_length=limits.UNIT_MAX, required=False, allow_blank=True, default="")
    baseline = optional_number()
    target = optional_number()
    direction = serializers.ChoiceField(choices=Direction.choices, default=Direction.INCREASE)


class ProductInputSerializer(serializers.Serializer):
    """`product` in a body: the fields not sent to an edit keep their value."""

    kind = serializers.ChoiceField(choices=ProductKind.choices, required=False, allow_blank=True)
    description = NormalizedCharField(
        max_length=limits.PRODUCT_DESCRIPTION_MAX, required=False, allow_blank=True
    )
    file_required = serializers.BooleanField(required=False)


class ApproverInputSerializer(serializers.Serializer):
    """`approver` in a body: `member` (an id) only with the kind `standing_member`."""

    kind = serializers.ChoiceField(choices=ApproverKind.choices, required=False)
    member = serializers.PrimaryKeyRelatedField(
        queryset=Member.objects.all(), required=False, allow_null=True
    )


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
    document = serializers.PrimaryKeyRelatedField(
        queryset=Document.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text=_("The assigning document (id), one the assigner may read."),
    )
    product = ProductInputSerializer(
        required=False,
        allow_null=True,
        default=None,
        help_text=_("What the task must deliver: a kind, a description, whether a file is required."),
    )
    approver = ApproverInputSerializer(
        required=False,
        allow_null=True,
        default=None,
        help_text=_("Who accepts the task; the group's leader when left out."),
    )


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
    document = serializers.PrimaryKeyRelatedField(
        queryset=Document.objects.all(), required=False, allow_null=True
    )
    product = ProductInputSerializer(required=False, allow_null=True)
    approver = ApproverInputSerializer(required=False, allow_null=True)

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        if isinstance(data, Mapping):
            # Status, owner and due date change through their actions, which keep the trail.
            fixed = sorted(set(data) - set(EDITABLE_FIELDS))
            if fixed:
                raise serializers.ValidationError(
                    {name: [_("This field cannot be edited.")] for name in fixed}
                )
        return super().to_internal_value(data)
