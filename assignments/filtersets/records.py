"""The filters of a task's records: its events, notes and measurements."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from assignments.choices import (
    EventKind,
    NoteKind,
)
from assignments.filtersets.base import (
    FilterSet,
)
from assignments.models import (
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
