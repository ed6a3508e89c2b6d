"""The pages' forms: they collect and parse input; the services decide.

No rule lives here. A field is optional in the form even where the task needs it: the
service is the one that refuses a task without an owner, and its message says which
"rõ" is missing. A form only turns text into values (a date, a number, a member); the
view calls the service and puts what it refuses next to the field concerned
(`add_service_errors`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from assignments import clock, limits
from assignments.choices import Direction, Priority
from assignments.formfields import NormalizedTextField, RowsChoiceField
from assignments.models import Group, Measurement, Member, Note, Outcome, Process, Target, Task, Ward


def _label(model: type[models.Model], field: str) -> Any:
    """The model field's own (translated) name, capitalised: one word for one thing."""
    # A column or a foreign key, never a reverse relation (get_field is typed to answer either).
    return capfirst(cast(models.Field, model._meta.get_field(field)).verbose_name)


def rows_field(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:
    """The form's field choosing model rows, typed as one: its queryset gives the choices."""
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    return field


class DateInput(forms.DateInput):
    """The browser's date picker; it sends ISO dates whatever the phone's language."""

    input_type = "date"

    def format_value(self, value: Any) -> Any:
        # isoformat, not strftime's %Y: four digits of year whatever the year.
        if isinstance(value, dt.date):
            return value.isoformat()
        return super().format_value(value)


class NumberInput(forms.NumberInput):
    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"step": "any", "inputmode": "decimal", **(attrs or {})})


def text_area(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


# The fields of the pages' forms take the limits of assignments/limits.py, as the API and
# the services do: text normalised before its length is checked, numbers of the columns'
# range, dates in the window of years.


def text_field(*, max_length: int = limits.TEXT_MAX, **kwargs: Any) -> NormalizedTextField:
    return NormalizedTextField(required=False, max_length=max_length, **kwargs)


class DateField(limits.DateInWindow, forms.DateField):
    pass


class NumberField(limits.NumberInRange, forms.DecimalField):
    pass


def date_field(**kwargs: Any) -> DateField:
    return DateField(required=False, widget=DateInput, **kwargs)


def number_field(**kwargs: Any) -> NumberField:
    return NumberField(required=False, widget=NumberInput, **kwargs)


FIELD_TEMPLATE = "web/field.html"


class PageForm(forms.Form):
    """Every field drawn by the pages' field template: a wrapper, the label, help, errors."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        use_page_template(self)


def use_page_template(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        field.template_name = FIELD_TEMPLATE  # type: ignore[attr-defined]  # Field.template_name: Django 5.0


def add_service_errors(
    form: forms.Form, error: ValidationError, field_map: Mapping[str, str] | None = None
) -> None:
    """Show a service's ValidationError on the form: each message next to its field.

    The services name fields as the API does (`outcome.target`); `field_map` says which
    form field shows each; a name the form has no field for becomes a form-wide error.
    """
    field_map = field_map or {}
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        target = field_map.get(name, name)
        for item in errors:
            form.add_error(target if target in form.fields else None, item)


# --------------------------------------------------------------------------- task actions


class ActionForm(PageForm):
    """Every action sends the version of the task the user saw: a stale page is refused."""

    expected_version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class CommentForm(ActionForm):
    """Start, submit, accept, resume: a note is welcome, not needed."""

    note = text_field(label=_("Note (optional)"), widget=text_area(2))


class ReasonForm(ActionForm):
    """Pause, return, cancel: the service requires the reason."""

    note = text_field(label=_("Reason"), widget=text_area(3))


class ReassignForm(ActionForm):
    owner = forms.ModelChoiceField(
        label=_("New owner"), queryset=Member.objects.none(), required=False, empty_label="—"
    )
    reason = text_field(label=_("Reason"), widget=text_area(3))

    def __init__(self, *args: Any, task: Task, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The group's active members but the current owner: the service's rule, as choices.
        rows_field(self, "owner").queryset = task.group.members.filter(active=True).exclude(pk=task.owner_id)


class ExtendForm(ActionForm):
    due_date = date_field(label=_("New due date"))
    reason = text_field(label=_("Reason"), widget=text_area(3))


class StepForm(ActionForm):
    step = forms.IntegerField(widget=forms.HiddenInput)


class MeasurementForm(ActionForm):
    value = number_field(label=_label(Measurement, "value"))
    measured_on = date_field(label=_label(Measurement, "measured_on"))
    note = text_field(
        label=_label(Measurement, "note"),
        widget=text_area(2),
        help_text=_("Where the value comes from: a report, a document number, a link."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["measured_on"].initial = clock.today


class NoteForm(ActionForm):
    text = text_field(label=_label(Note, "text"), widget=text_area(3))


class DirectionForm(ActionForm):
    """A Standing Committee member's direction (ý kiến chỉ đạo) on the task."""

    text = text_field(label=_("Direction"), widget=text_area(3))


class MemberChoices(RowsChoiceField):
    def label_from_instance(self, obj: Member) -> str:
        return f"{obj.full_name} – {obj.title}" if obj.title else obj.full_name


class PeopleForm(ActionForm):
    """The whole new list of the task's coordinators or watchers, ticked among the active
    members of every group (and those already on the list, who may be taken off)."""

    field_name = ""
    note = text_field(label=_("Note (optional)"), widget=text_area(2))

    def __init__(self, *args: Any, task: Task, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = self.current(task)
        field = cast(forms.ModelMultipleChoiceField, self.fields[self.field_name])
        field.queryset = Member.objects.filter(Q(active=True) | Q(pk__in=current)).exclude(pk=task.owner_id)
        field.initial = current

    def current(self, task: Task) -> list[int]:
        raise NotImplementedError


class CoordinatorsForm(PeopleForm):
    field_name = "coordinators"
    coordinators = MemberChoices(
        label=_label(Task, "coordinators"),
        queryset=Member.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Members who support the owner; the owner stays accountable."),
    )

    def current(self, task: Task) -> list[int]:
        # Read from the prefetched coordinators: no query until the choices are drawn.
        return [m.pk for m in task.coordinators.all()]


class WatchersForm(PeopleForm):
    field_name = "watchers"
    watchers = MemberChoices(
        label=_label(Task, "watchers"),
        queryset=Member.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Members who read the task and are told of it, with no duty."),
    )

    def current(self, task: Task) -> list[int]:
        return [brief["id"] for brief in task.watcher_briefs]


class CorrectOutcomeForm(ActionForm):
    """The outcome measure as it is, to correct before any value is measured."""

    indicator = text_field(label=_label(Outcome, "indicator"), max_length=limits.INDICATOR_MAX)
    unit = text_field(label=_label(Outcome, "unit"), max_length=limits.UNIT_MAX)
    baseline = number_field(label=_label(Outcome, "baseline"))
    target = number_field(label=_label(Outcome, "target"))
    direction = forms.ChoiceField(
        label=_label(Outcome, "direction"), choices=Direction.choices, required=False
    )
    reason = text_field(label=_("Reason"), widget=text_area(2))

    def __init__(self, *args: Any, task: Task, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        outcome = task.outcome
        for name in ("indicator", "unit", "baseline", "target", "direction"):
            self.fields[name].initial = getattr(outcome, name)


# --------------------------------------------------------------------------- assigning a task


class ProcessChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Process) -> str:
        steps = obj.step_count  # type: ignore[attr-defined]  # annotated by TaskCreateForm's queryset
        return _("%(name)s (%(steps)d steps)") % {"name": obj.name, "steps": steps}


class TaskCreateForm(PageForm):
    """The five "rõ", each with a word on what it asks (the help text next to the field)."""

    # Clear task (rõ việc)
    title = text_field(label=_label(Task, "title"), max_length=limits.TASK_TITLE_MAX)
    description = text_field(
        label=_label(Task, "description"),
        widget=text_area(4),
        help_text=_(
            "Clear task (rõ việc): what is to be done, precisely enough that the owner and the "
            "leader agree when it is done."
        ),
    )
    source = text_field(
        label=_label(Task, "source"),
        max_length=limits.TASK_SOURCE_MAX,
        help_text=Task._meta.get_field("source").help_text,
    )
    priority = forms.ChoiceField(
        label=_label(Task, "priority"), choices=Priority.choices, initial=Priority.NORMAL, required=False
    )
    ward = forms.ModelChoiceField(
        label=_label(Task, "ward"),
        queryset=Ward.objects.none(),
        required=False,
        empty_label=_("No particular ward"),
        help_text=_("Optional: one of the group's wards, where the work happens."),
    )
    # Clear person and responsibility (rõ người, rõ trách nhiệm)
    owner = forms.ModelChoiceField(
        label=_label(Task, "owner"),
        queryset=Member.objects.none(),
        required=False,
        empty_label="—",
        help_text=_(
            "Clear person (rõ người): exactly one member of the group answers for the task from start to end."
        ),
    )
    coordinators = MemberChoices(
        label=_label(Task, "coordinators"),
        queryset=Member.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Clear responsibility (rõ trách nhiệm): members who support the owner; the owner stays "
            "accountable. Optional."
        ),
    )
    # Clear process (rõ quy trình)
    process = ProcessChoiceField(
        label=_label(Task, "process"),
        queryset=Process.objects.none(),
        required=False,
        empty_label="—",
        help_text=_(
            "Clear process (rõ quy trình): the steps the owner ticks, in order; they are copied into "
            "the task."
        ),
    )
    # Clear outcome (rõ hiệu quả)
    indicator = text_field(
        label=_label(Outcome, "indicator"),
        max_length=limits.INDICATOR_MAX,
        help_text=_("Clear outcome (rõ hiệu quả): what is measured to show the work achieved its purpose."),
    )
    unit = text_field(
        label=_label(Outcome, "unit"),
        max_length=limits.UNIT_MAX,
        help_text=_("For example %, dossiers, households."),
    )
    baseline = number_field(
        label=_label(Outcome, "baseline"),
        help_text=_("The value before the work starts (optional)."),
    )
    target = number_field(
        label=_label(Outcome, "target"),
        help_text=_("The value to reach."),
    )
    direction = forms.ChoiceField(
        label=_label(Outcome, "direction"),
        choices=Direction.choices,
        initial=Direction.INCREASE,
        required=False,
    )
    # Clear deadline (rõ thời gian)
    start_date = date_field(label=_label(Task, "start_date"))
    due_date = date_field(
        label=_label(Task, "due_date"),
        help_text=_(
            "Clear deadline (rõ thời gian): the day the work must be done. It can be extended later, "
            "never shortened."
        ),
    )
    term_target = forms.ModelChoiceField(
        label=_label(Task, "target"),
        queryset=Target.objects.all(),
        required=False,
        empty_label=_("No term target"),
        help_text=_("Optional: the term target the task contributes to."),
    )

    #: The services' names of the outcome's fields, and the form fields that show them.
    SERVICE_FIELDS = {
        "outcome.indicator": "indicator",
        "outcome.unit": "unit",
        "outcome.baseline": "baseline",
        "outcome.target": "target",
        "outcome.direction": "direction",
        "outcome": "indicator",
        "target": "term_target",
    }

    #: What the five "rõ" require (services.task_create): marked for the eye and the ear.
    REQUIRED = (
        "title",
        "description",
        "owner",
        "process",
        "indicator",
        "unit",
        "target",
        "start_date",
        "due_date",
    )

    def __init__(self, *args: Any, group: Group, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.group = group
        for name in self.REQUIRED:
            self.fields[name].widget.attrs["aria-required"] = "true"
            self.fields[name].marked_required = True  # type: ignore[attr-defined]  # read by the field template
        rows_field(self, "owner").queryset = group.members.filter(active=True)
        rows_field(self, "ward").queryset = group.wards.filter(active=True)
        # Coordinators may come from any group (docs/rules.md).
        rows_field(self, "coordinators").queryset = Member.objects.active()
        rows_field(self, "process").queryset = (
            Process.objects.filter(active=True).annotate(step_count=Count("steps")).filter(step_count__gt=0)
        )
        self.fields["start_date"].initial = clock.today

    def service_arguments(self) -> dict[str, Any]:
        """The cleaned values as `services.task_create` takes them."""
        data = self.cleaned_data
        return {
            "title": data["title"],
            "description": data["description"],
            "source": data["source"],
            "priority": data["priority"] or Priority.NORMAL,
            "group": self.group,
            "ward": data["ward"],
            "owner": data["owner"],
            "coordinators": list(data["coordinators"]),
            "process": data["process"],
            "start_date": data["start_date"],
            "due_date": data["due_date"],
            "target": data["term_target"],
            "outcome": {
                "indicator": data["indicator"],
                "unit": data["unit"],
                "baseline": data["baseline"],
                "target": data["target"],
                "direction": data["direction"] or Direction.INCREASE,
            },
        }


# --------------------------------------------------------------------------- the dashboard


class PeriodForm(PageForm):
    """The reporting period: tasks whose due date falls in it (both days included)."""

    period_start = date_field(label=_("From"))
    period_end = date_field(label=_("To"))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None  # Form.clean() answers its cleaned_data
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The end of the period cannot be before its start."))
        return data

    @staticmethod
    def this_year() -> dict[str, dt.date]:
        today = clock.today()
        return {"period_start": dt.date(today.year, 1, 1), "period_end": dt.date(today.year, 12, 31)}
