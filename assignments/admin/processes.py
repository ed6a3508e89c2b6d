"""Process templates with their ordered steps, and the term targets."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.utils.translation import gettext_lazy as _

from assignments import services
from assignments.models import Process, ProcessStep, Target
from assignments.services import reference_audit as audit

from .base import NormalizedText, OfficeAccess, ReferenceModelAdmin


class ProcessStepInline(OfficeAccess, NormalizedText, admin.TabularInline):
    # Editing a template never rewrites a task: tasks copy the steps when created. The
    # inline's rows are not saved by Django: ProcessAdmin sends them to the service,
    # which replaces the steps whole.
    model = ProcessStep
    fields = ("order", "name", "expected_days")
    ordering = ("order",)
    extra = 0
    # A task can only be created from a process with at least one step.
    min_num = 1

    def get_formset(self, request, obj=None, **kwargs):
        return super().get_formset(request, obj, validate_min=True, **kwargs)


@admin.register(Process)
class ProcessAdmin(ReferenceModelAdmin):
    protected_hint = _("Tasks follow this process, so it cannot be deleted. Untick “in use” to retire it.")
    list_display = ("name", "active", "step_count")
    list_filter = ("active",)
    search_fields = ("name",)
    inlines = (ProcessStepInline,)
    shape = audit.PROCESS

    def get_queryset(self, request) -> QuerySet[Process]:
        return super().get_queryset(request).annotate(step_count=Count("steps"))

    @admin.display(description=_("number of steps"), ordering="step_count")
    def step_count(self, process: Process) -> int:
        return process.step_count  # type: ignore[attr-defined]  # annotated by get_queryset

    def create_object(self, request, values):
        return services.process_create(actor=request.user, **values)

    def update_object(self, request, obj, values) -> None:
        services.process_update(obj.pk, actor=request.user, changes=values)

    def delete_object(self, request, obj) -> None:
        services.process_delete(obj.pk, actor=request.user)

    def save_model(self, request, obj, form, change) -> None:
        # Saved with its steps, which only the inline's formset holds (save_related).
        pass

    def save_related(self, request, form, formsets, change) -> None:
        steps = [
            {name: row.cleaned_data[name] for name in ("order", "name", "expected_days")}
            for formset in formsets
            for row in formset.forms
            if row.cleaned_data and not formset._should_delete_form(row)
        ]
        values = {**self.service_values(form.instance, form, change), "steps": steps}
        self.save_through_service(request, form.instance, values, change)

    def construct_change_message(self, request, form, formsets, add=False):
        # The inline was not saved as rows (save_related): the steps' change is in the
        # audit row, the form's fields in the admin's log.
        return super().construct_change_message(request, form, [], add)


@admin.register(Target)
class TargetAdmin(ReferenceModelAdmin):
    list_display = ("code", "name", "target_value", "unit", "actual", "deadline", "achieved_on")
    list_filter = ("direction",)
    search_fields = ("code", "name")
    date_hierarchy = "deadline"
    shape = audit.TARGET

    def create_object(self, request, values):
        return services.target_create(actor=request.user, **values)

    def update_object(self, request, obj, values) -> None:
        services.target_update(obj.pk, actor=request.user, changes=values)

    def delete_object(self, request, obj) -> None:
        services.target_delete(obj.pk, actor=request.user)
