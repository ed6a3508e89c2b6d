"""The group board's filters: the API's task filters, with the group's own choices."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import models
from django.forms.utils import ErrorDict
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django_filters import ModelChoiceFilter

from assignments.filtersets import TaskFilterSet
from assignments.models import Group, Task
from web.forms import rows_field, use_page_template

#: The filters the board shows (TaskFilterSet has more; the page's form shows these).
BOARD_FILTERS = ("ward", "owner", "status")


class BoardFilterSet(TaskFilterSet):
    """Ward and owner offer the group's wards and members, not the whole committee's.

    A parameter naming no filter is refused as on the dashboard's task list and in the
    API (a mistyped link would otherwise show every task as if filtered); the board reads
    no parameter of its own.
    """

    def __init__(self, *args: Any, group: Group, **kwargs: Any) -> None:
        kwargs.setdefault("accepted", ())
        super().__init__(*args, **kwargs)
        # Before the form is built: its choices come from these querysets.
        # TaskFilterSet's filters of rows (ModelChoiceFilter), typed as any filter.
        cast(ModelChoiceFilter, self.filters["ward"]).queryset = group.wards.all()
        cast(ModelChoiceFilter, self.filters["owner"]).queryset = group.members.all()
        fields = self.form.fields
        rows_field(self.form, "ward").empty_label = _("All wards")
        rows_field(self.form, "owner").empty_label = _("All members")
        # A ChoiceField's choices read back as pairs; the stubs' getter answers all the setter takes.
        status_choices = cast(forms.ChoiceField, fields["status"]).choices
        fields["status"].widget = forms.CheckboxSelectMultiple(choices=status_choices)  # type: ignore[arg-type]
        for name in BOARD_FILTERS:
            # Columns and foreign keys of the task (get_field is typed to answer relations too).
            fields[name].label = capfirst(cast(models.Field, Task._meta.get_field(name)).verbose_name)
            fields[name].help_text = ""
        use_page_template(self.form)

    def errors_off_the_form(self) -> ErrorDict:
        """The errors of parameters the form shows no field for: an unknown parameter, or a
        filter of the API's the board does not offer (`due_before=soon`), said above it."""
        if not self.is_bound:
            return ErrorDict()
        shown = ErrorDict(
            {name: errors for name, errors in self.errors.items() if name not in BOARD_FILTERS},
            renderer=self.form.renderer,
        )
        shown.pop(NON_FIELD_ERRORS, None)
        return shown
