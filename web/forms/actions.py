"""The forms of a task's actions, one per row of the action table (web/views/tasks.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from assignments import clock, limits
from assignments.choices import Direction
from assignments.models import Measurement, Member, Note, Outcome, Task
from web.forms.base import (
    MemberChoices,
    PageForm,
    date_field,
    model_label,
    number_field,
    rows_field,
    text_area,
    text_field,
)

# --------------------------------------------------------------------------- task actions

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise


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


class ExplainForm(ActionForm):
    """The owner's explanation of a delay (giải trình): why, and the date they propose."""

    reason = text_field(label=_("Why the task is late"), widget=text_area(3))
    proposed_due_date = date_field(
        label=_("Proposed new due date"),
        help_text=_("The group's leader decides whether to extend the deadline to it."),
    )


class StepForm(ActionForm):
    step = forms.IntegerField(widget=forms.HiddenInput)


class MeasurementForm(ActionForm):
    value = number_field(label=model_label(Measurement, "value"))
    measured_on = date_field(label=model_label(Measurement, "measured_on"))
    note = text_field(
        label=model_label(Measurement, "note"),
        widget=text_area(2),
        help_text=_("Where the value comes from: a report, a document number, a link."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["measured_on"].initial = clock.today


class NoteForm(ActionForm):
    text = text_field(label=model_label(Note, "text"), widget=text_area(3))


class DirectionForm(ActionForm):
    """A Standing Committee member's direction (ý kiến chỉ đạo) on the task."""

    text = text_field(label=_("Direction"), widget=text_area(3))


def people_choices(name: str, help_text: StrPromise) -> MemberChoices:
    """The ticks of a task's list of people; its choices are set per task (PeopleForm)."""
    return MemberChoices(
        label=model_label(Task, name),
        queryset=Member.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=help_text,
    )


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
    coordinators = people_choices(
        "coordinators", _("Members who support the owner; the owner stays accountable.")
    )

    def current(self, task: Task) -> list[int]:
        # Read from the prefetched coordinators: no query until the choices are drawn.
        return [m.pk for m in task.coordinators.all()]


class WatchersForm(PeopleForm):
    field_name = "watchers"
    watchers = people_choices("watchers", _("Members who read the task and are told of it, with no duty."))

    def current(self, task: Task) -> list[int]:
        return [brief["id"] for brief in task.watcher_briefs]


class CorrectOutcomeForm(ActionForm):
    """The outcome measure as it is, to correct before any value is measured."""

    indicator = text_field(label=model_label(Outcome, "indicator"), max_length=limits.INDICATOR_MAX)
    unit = text_field(label=model_label(Outcome, "unit"), max_length=limits.UNIT_MAX)
    baseline = number_field(label=model_label(Outcome, "baseline"))
    target = number_field(label=model_label(Outcome, "target"))
    direction = forms.ChoiceField(
        label=model_label(Outcome, "direction"), choices=Direction.choices, required=False
    )
    reason = text_field(label=_("Reason"), widget=text_area(2))

    def __init__(self, *args: Any, task: Task, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        outcome = task.outcome
        for name in ("indicator", "unit", "baseline", "target", "direction"):
            self.fields[name].initial = getattr(outcome, name)
