"""The filters of `tasks/` (docs/api.md, "Filters of tasks/"), which the board and the dashboard share."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from assignments import roles
from assignments.choices import (
    ApproverKind,
    DeadlineStatus,
    Escalation,
    ProductKind,
    Status,
)
from assignments.filtersets.base import (
    BooleanFilter,
    DateFilter,
    FilterSet,
    InFilter,
    IsoDateTimeFilter,
    OrderingFilter,
    SearchFilter,
)
from assignments.models import (
    Document,
    Group,
    Member,
    Process,
    Target,
    Task,
    Ward,
)

# --------------------------------------------------------------------------- tasks


class TaskFilterSet(FilterSet):
    """The filters of `tasks/` (docs/api.md). The queryset must carry `deadline_status`,
    `escalation` and `priority_rank` (`Task.objects.for_display()` does)."""

    # No DISTINCT: these filter the task row itself, never a join that could repeat it.
    status = InFilter(
        choices=Status.choices,
        distinct=False,
        help_text=_("Repeat for several: status=assigned&status=in_progress."),
    )
    deadline_status = InFilter(
        choices=DeadlineStatus.choices,
        distinct=False,
        help_text=_("Where the task stands against its due date today; repeatable."),
    )
    escalation = InFilter(
        choices=Escalation.choices,
        distinct=False,
        help_text=_("How far an overdue task has been raised (none, owner, leader, committee); repeatable."),
    )
    group = filters.ModelChoiceFilter(queryset=Group.objects.all(), help_text=_("Tasks of this group (id)."))
    ward = filters.ModelChoiceFilter(
        queryset=Ward.objects.all(),
        null_label=_("No ward"),
        null_value="none",
        help_text=_("Tasks in this ward (id), or `none` for tasks with no ward."),
    )
    owner = filters.ModelChoiceFilter(
        queryset=Member.objects.all(), help_text=_("Tasks owned by this member (id).")
    )
    coordinator = filters.ModelChoiceFilter(
        field_name="coordinators",
        queryset=Member.objects.all(),
        help_text=_("Tasks this member coordinates (id)."),
    )
    watcher = filters.ModelChoiceFilter(
        field_name="watchers",
        queryset=Member.objects.all(),
        help_text=_("Tasks this member watches (id)."),
    )
    assigned_by = filters.ModelChoiceFilter(
        queryset=get_user_model().objects.all(), help_text=_("Tasks assigned by this login (user id).")
    )
    process = filters.ModelChoiceFilter(
        queryset=Process.objects.all(), help_text=_("Tasks following this process (id).")
    )
    target = filters.ModelChoiceFilter(
        queryset=Target.objects.all(), help_text=_("Tasks contributing to this term target (id).")
    )
    document = filters.ModelChoiceFilter(
        queryset=Document.objects.all(),
        null_label=_("No document"),
        null_value="none",
        help_text=_("Tasks assigned by this document (id), or `none` for tasks with no document."),
    )
    product_kind = InFilter(
        choices=ProductKind.choices,
        distinct=False,
        help_text=_("Tasks that must deliver a product of this kind; repeatable."),
    )
    product_file_required = BooleanFilter(
        field_name="product_file_required",
        help_text=_("true: tasks whose submission waits for the product's file; false: the others."),
    )
    approver_kind = InFilter(
        choices=ApproverKind.choices,
        distinct=False,
        help_text=_("Who accepts the task (group_leader, standing_committee, standing_member); repeatable."),
    )
    approver = filters.ModelChoiceFilter(
        queryset=Member.objects.all(),
        help_text=_("Tasks this Standing Committee member is named to accept (id)."),
    )
    mine = BooleanFilter(method="filter_mine", help_text=_("true: only the tasks I own; false: the others."))
    watching = BooleanFilter(
        method="filter_watching", help_text=_("true: only the tasks I watch; false: the others.")
    )
    extended = BooleanFilter(
        method="filter_extended",
        help_text=_(
            "true: tasks whose due date was extended (due_date later than original_due_date); "
            "false: the others."
        ),
    )
    due_before = DateFilter(
        field_name="due_date", lookup_expr="lte", help_text=_("Due on or before this date (YYYY-MM-DD).")
    )
    due_after = DateFilter(
        field_name="due_date", lookup_expr="gte", help_text=_("Due on or after this date (YYYY-MM-DD).")
    )
    updated_since = IsoDateTimeFilter(
        field_name="updated_at",
        lookup_expr="gte",
        help_text=_(
            "Changed at or after this time (ISO 8601 with offset, e.g. 2026-02-02T09:00:00+07:00): "
            "for incremental sync, send the latest updated_at you hold."
        ),
    )
    q = SearchFilter(
        help_text=_(
            "Words of the title, the description, the owner's or the ward's name, in any order; "
            "case and accents aside (`phuc xa` and `PHÚC XÁ` find “Phúc Xá”, `d` finds “đ”)."
        )
    )
    ordering = OrderingFilter(
        fields=(("due_date", "due_date"), ("updated_at", "updated_at"), ("priority_rank", "priority")),
        # django-filter formats these labels once, at import, in whatever language is active
        # then; the keys are the API's own, so the labels are given as plain keys too.
        field_labels={"due_date": "due_date", "updated_at": "updated_at", "priority_rank": "priority"},
        help_text=_("due_date (the default), updated_at or priority (most urgent last; -priority first)."),
    )

    class Meta:
        model = Task
        fields = [
            "status",
            "deadline_status",
            "escalation",
            "group",
            "ward",
            "owner",
            "coordinator",
            "watcher",
            "assigned_by",
            "process",
            "target",
            "document",
            "product_kind",
            "product_file_required",
            "approver_kind",
            "approver",
            "mine",
            "watching",
            "extended",
            "due_before",
            "due_after",
            "updated_since",
            "q",
        ]

    def filter_mine(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        member = roles.member_of(self.request.user) if self.request is not None else None
        mine = Q(owner=member) if member is not None else Q(pk__in=[])
        return queryset.filter(mine) if value else queryset.exclude(mine)

    def filter_watching(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        member = roles.member_of(self.request.user) if self.request is not None else None
        if member is None:
            watched = Q(pk__in=[])
        else:
            # A subquery, not a join: no row repeated, no DISTINCT.
            watched = Q(pk__in=Task.watchers.through.objects.filter(member=member).values("task_id"))
        return queryset.filter(watched) if value else queryset.exclude(watched)

    def filter_extended(self, queryset: QuerySet[Task], name: str, value: bool | None) -> QuerySet[Task]:
        if value is None:
            return queryset
        # A due date is never shortened (task_due_never_shortened): later is extended.
        extended = Q(due_date__gt=F("original_due_date"))
        return queryset.filter(extended) if value else queryset.exclude(extended)
