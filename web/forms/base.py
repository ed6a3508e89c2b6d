"""The pages' fields and what every form shares: labels from the models, date and
number fields held to the limits, the page template, and the services' refusals put
next to their field."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import capfirst

from assignments import limits
from assignments.formfields import NormalizedTextField, RowsChoiceField
from assignments.models import Member


def model_label(model: type[models.Model], field: str) -> Any:
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


class MemberChoices(RowsChoiceField):
    def label_from_instance(self, obj: Member) -> str:
        return f"{obj.full_name} – {obj.title}" if obj.title else obj.full_name
