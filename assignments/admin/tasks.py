"""Tasks with everything that happened to them, and the audit trail.

The admin is not a way around the rules: a task's status, owner and due date change
only through its actions (services), so they are read-only here; content edits go
through `services.task_edit`, which writes the event and bumps the version. Steps,
the outcome, measurements, notes and events are shown, never edited.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import QuerySet
from django.utils import formats
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from assignments import services
from assignments.choices import DeadlineStatus
from assignments.exceptions import DomainError
from assignments.models import Event, Measurement, Note, Outcome, Task, TaskStep
from assignments.models.tasks import TaskQuerySet

from .base import OfficeModelAdmin, ReadOnly, RecordInline
from .forms import TaskForm

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise


class ServiceRefused(Exception):
    """A service refused the admin's change; carries the reasons for the form."""

    def __init__(self, error: ValidationError) -> None:
        super().__init__(error)
        self.error = error


class DeadlineStatusFilter(admin.SimpleListFilter):
    title = _("deadline status")
    parameter_name = "deadline_status"

    def lookups(self, request, model_admin):
        return DeadlineStatus.choices

    def queryset(self, request, queryset):
        # The changelist's queryset carries the annotation (TaskAdmin.get_queryset).
        if self.value():
            return queryset.filter(deadline_status=self.value())
        return queryset


class OutcomeInline(RecordInline, admin.StackedInline):
    model = Outcome
    fields = ("indicator", "unit", "baseline", "target", "direction", "actual", "achieved", "measurement_log")

    @admin.display(description=_("achieved"), boolean=True)
    def achieved(self, outcome: Outcome) -> bool:
        return outcome.achieved

    @admin.display(description=_("measurements"))
    def measurement_log(self, outcome: Outcome) -> str | StrPromise:
        # Measurements hang off the outcome, one level too deep for an inline of the task.
        rows = outcome.measurements.select_related("recorded_by").order_by("measured_on", "id")
        if not rows:
            return _("No measurements recorded yet.")
        headers = [
            # Columns of the measurement, not relations (get_field is typed to answer either).
            capfirst(cast(models.Field, Measurement._meta.get_field(name)).verbose_name)
            for name in ("measured_on", "value", "note", "recorded_by")
        ]
        return format_html(
            "<table><thead><tr>{}</tr></thead><tbody>{}</tbody></table>",
            format_html_join("", "<th>{}</th>", ((header,) for header in headers)),
            format_html_join(
                "",
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                (
                    (
                        formats.date_format(m.measured_on, "SHORT_DATE_FORMAT"),
                        formats.localize(m.value),
                        m.note,
                        m.recorded_by.get_username(),
                    )
                    for m in rows
                ),
            ),
        )


class TaskStepInline(RecordInline, admin.TabularInline):
    model = TaskStep
    fields = ("order", "name", "expected_days", "completed_at", "completed_by", "note")
    ordering = ("order",)

    def get_queryset(self, request) -> QuerySet[TaskStep]:
        return super().get_queryset(request).select_related("completed_by")


class NoteInline(RecordInline, admin.TabularInline):
    model = Note
    fields = ("created_at", "kind", "author", "text")

    def get_queryset(self, request) -> QuerySet[Note]:
        return super().get_queryset(request).select_related("author")


class EventInline(RecordInline, admin.TabularInline):
    model = Event
    fields = ("at", "kind", "actor", "from_status", "to_status", "note", "data")

    def get_queryset(self, request) -> QuerySet[Event]:
        return super().get_queryset(request).select_related("actor")


@admin.register(Task)
class TaskAdmin(OfficeModelAdmin):
    form = TaskForm
    list_display = ("title", "group", "owner", "status", "due_date", "deadline_status_label")
    list_select_related = ("group", "owner")
    list_filter = ("status", DeadlineStatusFilter, "group", "ward", "priority")
    search_fields = ("title",)
    date_hierarchy = "due_date"
    inlines = (OutcomeInline, TaskStepInline, NoteInline, EventInline)
    fieldsets = (
        (
            None,
            {"fields": ("title", "description", "source", "priority", "ward", "target", "expected_version")},
        ),
        (
            _("Assignment"),
            {"fields": ("group", "owner", "coordinators", "watchers", "assigned_by", "process")},
        ),
        (
            _("Deadline and status"),
            {
                "fields": (
                    "status",
                    "deadline_status_label",
                    "start_date",
                    "due_date",
                    "original_due_date",
                    "submitted_at",
                    "completed_at",
                    "version",
                    "created_at",
                    "updated_at",
                ),
                "description": _(
                    "Status, owner and due date change only through the task's actions (start, "
                    "hand over, extend...), so that each change is recorded in its history."
                ),
            },
        ),
    )
    readonly_fields = (
        "group",
        "owner",
        "coordinators",
        "watchers",
        "assigned_by",
        "process",
        "status",
        "deadline_status_label",
        "start_date",
        "due_date",
        "original_due_date",
        "submitted_at",
        "completed_at",
        "version",
        "created_at",
        "updated_at",
    )

    def get_queryset(self, request) -> QuerySet[Task]:
        # Task.objects's queryset; the admin's is typed as a plain QuerySet.
        return cast(TaskQuerySet, super().get_queryset(request)).with_deadline_status()

    @admin.display(description=_("deadline status"), ordering="deadline_status")
    def deadline_status_label(self, task: Task) -> str | StrPromise:
        return DeadlineStatus(task.deadline_status).label

    def has_add_permission(self, request, obj=None) -> bool:
        # A task is assigned with all five "rõ" through the API, never half-made here.
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        # Tasks are never deleted: they are cancelled.
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        # A done or cancelled task's content is closed too (services.task_edit).
        return super().has_change_permission(request, obj) and not (obj is not None and obj.is_closed)

    def get_form(self, request, obj=None, change=False, **kwargs):
        # A subclass of self.form, TaskForm; typed as any ModelForm.
        form = cast(type[TaskForm], super().get_form(request, obj, change=change, **kwargs))
        form.refusal = getattr(request, "task_edit_refusal", None)
        return form

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ServiceRefused as refused:
            # The admin's transaction is rolled back; show the form again, with the
            # service's reasons next to the fields they concern.
            request.task_edit_refusal = refused.error
            return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change) -> None:
        # Only EDITABLE_FIELDS, each the form's cleaned value: what ContentChanges holds.
        changes = cast(
            services.ContentChanges,
            {name: form.cleaned_data[name] for name in form.changed_data if name in services.EDITABLE_FIELDS},
        )
        if not changes:
            return
        try:
            services.task_edit(
                task=obj.pk,
                actor=request.user,
                changes=changes,
                expected_version=form.cleaned_data.get("expected_version"),
            )
        except ValidationError as error:
            raise ServiceRefused(error) from error
        except DomainError as error:
            raise ServiceRefused(ValidationError(error.message, code=error.code)) from error

    def save_related(self, request, form, formsets, change) -> None:
        # Nothing else is written from here: steps, outcome, notes and events belong to
        # the services, and the inlines are read-only.
        pass

    def construct_change_message(self, request, form, formsets, add=False):
        # The inlines were not saved (save_related), so only the form has changes to log.
        return super().construct_change_message(request, form, [], add)


@admin.register(Event)
class EventAdmin(ReadOnly, OfficeModelAdmin):
    """The audit trail, to read: no page adds, changes or deletes an event."""

    list_display = ("at", "task", "kind", "actor", "from_status", "to_status")
    list_filter = ("kind",)
    list_select_related = ("task", "actor")
    search_fields = ("task__title", "note")
    date_hierarchy = "at"
    fields = ("task", "kind", "actor", "at", "from_status", "to_status", "note", "data")
    readonly_fields = fields
