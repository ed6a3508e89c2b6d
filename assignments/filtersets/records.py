"""The filters of a task's records: its events, notes, measurements and files."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from assignments.choices import (
    AttachmentKind,
    EventKind,
    NoteKind,
)
from assignments.filtersets.base import (
    BooleanFilter,
    FilterSet,
    IdFilter,
)
from assignments.models import (
    Attachment,
    Event,
    Measurement,
    Note,
)

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


class AttachmentFilterSet(FilterSet):
    kind = filters.MultipleChoiceFilter(
        choices=AttachmentKind.choices, distinct=False, help_text=_("Files of this kind; repeatable.")
    )
    withdrawn = BooleanFilter(
        field_name="withdrawn_at",
        lookup_expr="isnull",
        exclude=True,
        help_text=_("`false` for the files still served, `true` for the withdrawn ones."),
    )
    measurement = IdFilter(help_text=_("The files of this measured value."))
    note = IdFilter(help_text=_("The files of this note."))
    uploaded_by = filters.ModelChoiceFilter(
        queryset=get_user_model().objects.all(), help_text=_("Files attached by this login (user id).")
    )
    withdrawn_by = filters.ModelChoiceFilter(
        queryset=get_user_model().objects.all(), help_text=_("Files withdrawn by this login (user id).")
    )

    class Meta:
        model = Attachment
        fields = ["kind", "withdrawn", "measurement", "note", "uploaded_by", "withdrawn_by"]
