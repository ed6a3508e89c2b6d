"""Query filters for lists (django-filter). Every relation has a filter.

An invalid value (an unknown status, a date that is not one, an id that does not exist)
makes the form invalid, which the API answers with a 400 naming the parameter; so does a
parameter that names no filter (`FilterSet(accepted=...)`), rather than being ignored.
Free text is searched through a folded column (`q=`): case, accents and "đ"/"d" do not
matter (assignments/text.py, docs/api.md "Search").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import F, Q, QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from django_filters import fields as filter_fields
from django_filters import rest_framework as filters

from assignments import limits, roles, search
from assignments.choices import (
    WEBHOOK_EVENT_TYPES,
    WEBHOOK_TEST_EVENT,
    DeadlineStatus,
    Escalation,
    EventKind,
    NoteKind,
    NotificationKind,
    Status,
    WebhookDeliveryStatus,
)
from assignments.models import (
    Event,
    Group,
    Measurement,
    Member,
    Note,
    Notification,
    Process,
    ReferenceAction,
    ReferenceChange,
    ReferenceKind,
    Target,
    Task,
    Ward,
    WebhookDelivery,
    WebhookEndpoint,
)

UNKNOWN_PARAMETER = _("Unknown parameter. This list takes: %(names)s.")

# --------------------------------------------------------------------------- the base


class FilterSet(filters.FilterSet):
    """django-filter's, refusing unknown parameters when told which others the caller takes.

    `accepted` names the parameters that are not filters but that the caller reads
    itself (the API: `page`, `page_size`, `format`); any other parameter that names no
    filter is an error under its own name. Left out (`None`), unknown parameters are
    ignored, as django-filter does.
    """

    def __init__(
        self,
        data: Any = None,
        queryset: QuerySet | None = None,
        *,
        request: Any = None,
        prefix: str | None = None,
        accepted: Iterable[str] | None = None,
    ) -> None:
        super().__init__(data, queryset, request=request, prefix=prefix)
        self.accepted = None if accepted is None else frozenset(accepted)

    def unknown_parameters(self) -> list[str]:
        """The parameters sent that name neither a filter nor an accepted parameter."""
        if not self.is_bound or self.accepted is None:
            return []
        known = set(self.filters) | self.accepted
        # Never None: django-filter stores `data or QueryDict()`; the stubs allow None.
        data = cast("QueryDict | dict[str, Any]", self.data)
        return sorted(name for name in data if name not in known)

    def get_form_class(self) -> type[forms.Form]:
        form_class = super().get_form_class()
        unknown = self.unknown_parameters()
        if not unknown:
            return form_class
        names = ", ".join(sorted(set(self.filters) | (self.accepted or frozenset())))

        def clean(form: forms.Form) -> dict[str, Any] | None:
            cleaned = form_class.clean(form)
            for name in unknown:
                error = ValidationError(UNKNOWN_PARAMETER, code="unknown_parameter", params={"names": names})
                # add_error() refuses a field the form lacks; the stubs omit BaseForm._errors.
                form._errors[name] = form.error_class([error], renderer=form.renderer)  # type: ignore[attr-defined]
            return cleaned

        return type(form_class.__name__, (form_class,), {"clean": clean})


# --------------------------------------------------------------------------- filter kinds


class StrictBooleanField(forms.Field):
    """`true`/`false` (also 1/0, yes/no); anything else is an error rather than ignored."""

    TRUE = frozenset({"true", "1", "yes"})
    FALSE = frozenset({"false", "0", "no"})

    def to_python(self, value: Any) -> bool | None:
        if value in (None, ""):
            return None
        text = str(value).strip().lower()
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise forms.ValidationError(_("Use true or false."), code="invalid")


class BooleanFilter(filters.BooleanFilter):
    # Any form field will do for django-filter; the stubs narrow it to NullBooleanField.
    field_class = StrictBooleanField  # type: ignore[assignment]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # A plain text input: django-filter's BooleanWidget turns unknown words into None.
        kwargs.setdefault("widget", forms.TextInput)
        super().__init__(*args, **kwargs)


class SearchFilter(filters.CharFilter):
    """Every word of the query in a folded search column: case, accents and "đ"/"d" aside.

    "Phuc Xa", "PHÚC XÁ", "xa phuc" and "phúc xá" all find "Phường Phúc Xá": the query is
    folded and split into words as the column was (assignments/text.py), and each word
    must begin a word of the column, in any order ("phu" finds "Phúc" and "Phương", "uc"
    does not). On PostgreSQL each `LIKE '% word%'` on the tasks is served by their
    column's trigram index (migration 0004); members and wards are a few hundred rows.
    """

    def __init__(self, *args: Any, column: str = "search_text", **kwargs: Any) -> None:
        self.column = column
        super().__init__(*args, **kwargs)

    def filter(self, qs: QuerySet, value: str) -> QuerySet:
        return search.matching(qs, value, self.column)


class IdFilter(filters.NumberFilter):
    """An id: a whole number (`1.5` is a 400, not a filter matching nothing)."""

    field_class = forms.IntegerField  # type: ignore[assignment]  # the stubs allow NumberFilter only its DecimalField


class IsoDateTimeField(filter_fields.IsoDateTimeField):
    def to_python(self, value: Any) -> Any:
        # An unencoded "+07:00" in a query string arrives as " 07:00": put the sign back.
        if isinstance(value, str) and len(value) > 6 and value[-6] == " " and value[-3] == ":":
            value = f"{value[:-6]}+{value[-5:]}"
        moment = super().to_python(value)
        if moment is None:
            return moment
        try:
            # Python takes offsets up to ±23:59, PostgreSQL only up to ±15:59 (a 500 for
            # "+18:28"); in UTC the instant is the same and every database takes it.
            return moment.astimezone(dt.UTC)
        except OverflowError:  # 9999-12-31T23:00-05:00 is past the last UTC year
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class DateFilter(limits.DateInWindow, filters.DateFilter):
    """A date in the window of years (assignments/limits.py), as everywhere a date comes in:
    `due_before=0026-03-31` is a 400 naming the parameter."""


class IsoDateTimeFilter(limits.DateInWindow, filters.IsoDateTimeFilter):
    field_class = IsoDateTimeField


class InFilter(filters.MultipleChoiceFilter):
    """Several values of one column as one `IN (...)`, not django-filter's `a OR b OR ...`:
    PostgreSQL then reads an index on (group, status) for the statuses asked only, where
    the ORs were a filter over every task of the group (a member's count on a million
    tasks read 132,000 index entries for 20,000)."""

    def filter(self, qs: Any, value: Any) -> Any:
        if not value or self.is_noop(qs, value):
            return qs
        qs = self.get_method(qs)(**{f"{self.field_name}__in": sorted(set(value))})
        return qs.distinct() if self.distinct else qs


class OrderingFilter(filters.OrderingFilter):
    """django-filter's, with `id` as the last key so pages never overlap or skip rows."""

    def filter(self, qs: QuerySet, value: Any) -> QuerySet:
        qs = super().filter(qs, value)
        if value:
            qs = qs.order_by(*qs.query.order_by, "id")
        return qs


# --------------------------------------------------------------------------- reference data


class WardFilterSet(FilterSet):
    active = BooleanFilter(help_text=_("Only wards in use (true) or retired (false)."))
    group = filters.ModelChoiceFilter(
        field_name="groups", queryset=Group.objects.all(), help_text=_("Wards of this group (id).")
    )
    member = filters.ModelChoiceFilter(
        field_name="members",
        queryset=Member.objects.all(),
        help_text=_("Wards this member is in charge of (id)."),
    )
    q = SearchFilter(
        help_text=_(
            "Words of the name, or the code, in any order; case and accents aside "
            "(`phuc xa` and `PHÚC XÁ` find “Phúc Xá”, `d` finds “đ”)."
        )
    )

    class Meta:
        model = Ward
        fields = ["active", "group", "member", "q"]


class MemberFilterSet(FilterSet):
    group = filters.ModelChoiceFilter(
        field_name="member_groups", queryset=Group.objects.all(), help_text=_("Members of this group (id).")
    )
    ward = filters.ModelChoiceFilter(
        field_name="wards", queryset=Ward.objects.all(), help_text=_("Members in charge of this ward (id).")
    )
    user = filters.ModelChoiceFilter(
        queryset=get_user_model().objects.all(), help_text=_("The member of this login (user id).")
    )
    is_standing = BooleanFilter(help_text=_("Standing Committee members (true) or not (false)."))
    active = BooleanFilter(help_text=_("Active members (true) or deactivated (false)."))
    q = SearchFilter(
        help_text=_(
            "Words of the full name or the title, in any order; case and accents aside "
            "(`nguyen van` finds “Nguyễn Văn”)."
        )
    )

    class Meta:
        model = Member
        fields = ["group", "ward", "user", "is_standing", "active", "q"]


class GroupFilterSet(FilterSet):
    member = filters.ModelChoiceFilter(
        field_name="members",
        queryset=Member.objects.all(),
        help_text=_("Groups this member belongs to (id)."),
    )
    ward = filters.ModelChoiceFilter(
        field_name="wards", queryset=Ward.objects.all(), help_text=_("Groups in charge of this ward (id).")
    )
    leader = filters.ModelChoiceFilter(
        queryset=Member.objects.all(), help_text=_("Groups led by this member (id).")
    )

    class Meta:
        model = Group
        fields = ["member", "ward", "leader"]


class ProcessFilterSet(FilterSet):
    active = BooleanFilter(help_text=_("Processes in use (true) or retired (false)."))

    class Meta:
        model = Process
        fields = ["active"]


class ReferenceChangeFilterSet(FilterSet):
    """The history of reference data (`reference-changes/`), newest first."""

    kind = filters.MultipleChoiceFilter(
        choices=ReferenceKind.choices,
        distinct=False,
        help_text=_("Changes of this kind of reference data; repeatable."),
    )
    object = IdFilter(
        field_name="object_id",
        min_value=1,
        max_value=limits.ID_MAX,
        help_text=_("Changes of the object with this id (with `kind`: ward 3 is not member 3)."),
    )
    action = filters.MultipleChoiceFilter(
        choices=ReferenceAction.choices, distinct=False, help_text=_("Changes of this action; repeatable.")
    )
    user = filters.ModelChoiceFilter(
        field_name="actor",
        queryset=get_user_model().objects.all(),
        help_text=_("Changes made by this login (user id)."),
    )
    since = IsoDateTimeFilter(
        field_name="at",
        lookup_expr="gte",
        help_text=_("Changes at or after this time (ISO 8601 with offset, e.g. 2026-02-02T09:00:00+07:00)."),
    )

    class Meta:
        model = ReferenceChange
        fields = ["kind", "object", "action", "user", "since"]


class NotificationFilterSet(FilterSet):
    """The caller's inbox (`notifications/`), newest first."""

    unread = BooleanFilter(
        method="filter_unread", help_text=_("true: only the unread; false: only the read.")
    )
    kind = filters.MultipleChoiceFilter(
        choices=NotificationKind.choices,
        distinct=False,
        help_text=_("Notifications of this kind; repeatable."),
    )
    task = IdFilter(
        field_name="task", min_value=1, max_value=limits.ID_MAX, help_text=_("About this task (id).")
    )

    class Meta:
        model = Notification
        fields = ["unread", "kind", "task"]

    def filter_unread(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        return queryset.filter(read_at__isnull=value)


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


# --------------------------------------------------------------------------- a task's records
# The task is the path's (`tasks/{id}/events/`); these filter within it.


class EventFilterSet(FilterSet):
    kind = filters.MultipleChoiceFilter(
        choices=EventKind.choices, distinct=False, help_text=_("Events of this kind; repeatable.")
    )
    actor = filters.ModelChoiceFilter(
        queryset=get_user_model().objects.all(), help_text=_("Events written by this login (user id).")
    )

    class Meta:
        model = Event
        fields = ["kind", "actor"]


class NoteFilterSet(FilterSet):
    author = filters.ModelChoiceFilter(
        queryset=get_user_model().objects.all(), help_text=_("Notes written by this login (user id).")
    )
    kind = filters.ChoiceFilter(
        choices=NoteKind.choices,
        help_text=_("`note` for the ordinary notes, `direction` for the Standing Committee's directions."),
    )

    class Meta:
        model = Note
        fields = ["author", "kind"]


class MeasurementFilterSet(FilterSet):
    recorded_by = filters.ModelChoiceFilter(
        queryset=get_user_model().objects.all(), help_text=_("Values recorded by this login (user id).")
    )

    class Meta:
        model = Measurement
        fields = ["recorded_by"]


# --------------------------------------------------------------------------- webhooks
# The office's endpoints (`webhooks/`) and each one's delivery log, whose endpoint is the
# path's (`webhooks/{id}/deliveries/`).


class WebhookEndpointFilterSet(FilterSet):
    active = BooleanFilter(help_text=_("true: the endpoints sending; false: the paused ones."))

    class Meta:
        model = WebhookEndpoint
        fields = ["active"]


class WebhookDeliveryFilterSet(FilterSet):
    status = filters.MultipleChoiceFilter(
        choices=WebhookDeliveryStatus.choices,
        distinct=False,
        help_text=_("Deliveries in this state; repeatable."),
    )
    type = filters.MultipleChoiceFilter(
        field_name="message__type",
        choices=[(kind, kind) for kind in (*WEBHOOK_EVENT_TYPES, WEBHOOK_TEST_EVENT)],
        distinct=False,
        help_text=_("Deliveries of this event type (e.g. task.submitted); repeatable."),
    )

    class Meta:
        model = WebhookDelivery
        fields = ["status", "type"]
