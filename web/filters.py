"""The group board's filters: the API's task filters, with the group's own choices."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from assignments.filtersets import TaskFilterSet
from assignments.models import Group, Task
from web.forms import use_page_template

#: The filters the board shows (TaskFilterSet has more; the page's form shows these).
BOARD_FILTERS = ("ward", "owner", "status")


class BoardFilterSet(TaskFilterSet):
    """Ward and owner offer the group's wards and members, not the whole committee's."""

    def __init__(self, *args: Any, group: Group, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Before the form is built: its choices come from these querysets.
        self.filters["ward"].queryset = group.wards.all()
        self.filters["owner"].queryset = group.members.all()
        fields = self.form.fields
        fields["ward"].empty_label = _("All wards")
        fields["owner"].empty_label = _("All members")
        fields["status"].widget = forms.CheckboxSelectMultiple(choices=fields["status"].choices)
        for name in BOARD_FILTERS:
            fields[name].label = capfirst(Task._meta.get_field(name).verbose_name)
            fields[name].help_text = ""
        use_page_template(self.form)
