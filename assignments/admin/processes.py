"""Process templates with their ordered steps, and the term targets."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.utils.translation import gettext_lazy as _

from assignments.models import Process, ProcessStep, Target

from .base import NormalizedText, OfficeAccess, OfficeModelAdmin


class ProcessStepInline(OfficeAccess, NormalizedText, admin.TabularInline):
    # Editing a template never rewrites a task: tasks copy the steps when created.
    model = ProcessStep
    fields = ("order", "name", "expected_days")
    ordering = ("order",)
    extra = 0
    # A task can only be created from a process with at least one step.
    min_num = 1

    def get_formset(self, request, obj=None, **kwargs):
        return super().get_formset(request, obj, validate_min=True, **kwargs)


@admin.register(Process)
class ProcessAdmin(OfficeModelAdmin):
    protected_hint = _("Tasks follow this process, so it cannot be deleted. Untick “in use” to retire it.")
    list_display = ("name", "active", "step_count")
    list_filter = ("active",)
    search_fields = ("name",)
    inlines = (ProcessStepInline,)

    def get_queryset(self, request) -> QuerySet[Process]:
        return super().get_queryset(request).annotate(step_count=Count("steps"))

    @admin.display(description=_("number of steps"), ordering="step_count")
    def step_count(self, process: Process) -> int:
        return process.step_count  # type: ignore[attr-defined]  # annotated by get_queryset


@admin.register(Target)
class TargetAdmin(OfficeModelAdmin):
    list_display = ("code", "name", "target_value", "unit", "actual", "deadline", "achieved_on")
    list_filter = ("direction",)
    search_fields = ("code", "name")
    date_hierarchy = "deadline"
