"""The base of every list's filters and the kinds of filter they are made of.

An invalid value (an unknown status, a date that is not one, an id that does not exist)
makes the form invalid, which the API answers with a 400 naming the parameter; so does a
parameter that names no filter (`FilterSet(accepted=...)`), rather than being ignored.
Free text is searched through a folded column (`q=`): case, accents and "đ"/"d" do not
matter (assignments/text.py, docs/api.md "Search").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from django_filters import fields as filter_fields
from django_filters import rest_framework as filters

from assignments import limits, search

UNKNOWN_PARAMETER = _("Unknown parameter. This list takes: %(names)s.")

# --------------------------------------------------------------------------- the base


class FilterSet(filters.FilterSet):
    """django-filter's, refusing unknown parameters when told which others the caller takes.

    `accepted` names the parameters that are not filters but that the caller reads
    itself (the API: `page`, `page_size`, `format`); any other parameter that names no
    filter is an error under its own name. Left out (`None`), unknown parameters are
    ignored, as django-filter does.
    """

    def __init__(
        self,
        data: Any = None,
        queryset: QuerySet | None = None,
        *,
        request: Any = None,
        prefix: str | None = None,
        accepted: Iterable[str] | None = None,
    ) -> None:
        super().__init__(data, queryset, request=request, prefix=prefix)
        self.accepted = None if accepted is None else frozenset(accepted)

    def unknown_parameters(self) -> list[str]:
        """The parameters sent that name neither a filter nor an accepted parameter."""
        if not self.is_bound or self.accepted is None:
            return []
        known = set(self.filters) | self.accepted
        # Never None: django-filter stores `data or QueryDict()`; the stubs allow None.
        data = cast("QueryDict | dict[str, Any]", self.data)
        return sorted(name for name in data if name not in known)

    def get_form_class(self) -> type[forms.Form]:
        form_class = super().get_form_class()
        unknown = self.unknown_parameters()
        if not unknown:
            return form_class
        names = ", ".join(sorted(set(self.filters) | (self.accepted or frozenset())))

        def clean(form: forms.Form) -> dict[str, Any] | None:
            cleaned = form_class.clean(form)
            for name in unknown:
                error = ValidationError(UNKNOWN_PARAMETER, code="unknown_parameter", params={"names": names})
                # add_error() refuses a field the form lacks; the stubs omit BaseForm._errors.
                form._errors[name] = form.error_class([error], renderer=form.renderer)  # type: ignore[attr-defined]
            return cleaned

        return type(form_class.__name__, (form_class,), {"clean": clean})


# --------------------------------------------------------------------------- filter kinds


class StrictBooleanField(forms.Field):
    """`true`/`false` (also 1/0, yes/no); anything else is an error rather than ignored."""

    TRUE = frozenset({"true", "1", "yes"})
    FALSE = frozenset({"false", "0", "no"})

    def to_python(self, value: Any) -> bool | None:
        if value in (None, ""):
            return None
        text = str(value).strip().lower()
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise forms.ValidationError(_("Use true or false."), code="invalid")


class BooleanFilter(filters.BooleanFilter):
    # Any form field will do for django-filter; the stubs narrow it to NullBooleanField.
    field_class = StrictBooleanField  # type: ignore[assignment]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # A plain text input: django-filter's BooleanWidget turns unknown words into None.
        kwargs.setdefault("widget", forms.TextInput)
        super().__init__(*args, **kwargs)


class SearchFilter(filters.CharFilter):
    """Every word of the query in a folded search column: case, accents and "đ"/"d" aside.

    "Phuc Xa", "PHÚC XÁ", "xa phuc" and "phúc xá" all find "Phường Phúc Xá": the query is
    folded and split into words as the column was (assignments/text.py), and each word
    must begin a word of the column, in any order ("phu" finds "Phúc" and "Phương", "uc"
    does not). On PostgreSQL each `LIKE '% word%'` on the tasks is served by their
    column's trigram index (migration 0004); members and wards are a few hundred rows.
    """

    def __init__(self, *args: Any, column: str = "search_text", **kwargs: Any) -> None:
        self.column = column
        super().__init__(*args, **kwargs)

    def filter(self, qs: QuerySet, value: str) -> QuerySet:
        return search.matching(qs, value, self.column)


class IdFilter(filters.NumberFilter):
    """An id: a whole number (`1.5` is a 400, not a filter matching nothing)."""

    field_class = forms.IntegerField  # type: ignore[assignment]  # the stubs allow NumberFilter only its DecimalField


class IsoDateTimeField(filter_fields.IsoDateTimeField):
    def to_python(self, value: Any) -> Any:
        # An unencoded "+07:00" in a query string arrives as " 07:00": put the sign back.
        if isinstance(value, str) and len(value) > 6 and value[-6] == " " and value[-3] == ":":
            value = f"{value[:-6]}+{value[-5:]}"
        moment = super().to_python(value)
        if moment is None:
            return moment
        try:
            # Python takes offsets up to ±23:59, PostgreSQL only up to ±15:59 (a 500 for
            # "+18:28"); in UTC the instant is the same and every database takes it.
            return moment.astimezone(dt.UTC)
        except OverflowError:  # 9999-12-31T23:00-05:00 is past the last UTC year
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class DateFilter(limits.DateInWindow, filters.DateFilter):
    """A date in the window of years (assignments/limits.py), as everywhere a date comes in:
    `due_before=0026-03-31` is a 400 naming the parameter."""


class IsoDateTimeFilter(limits.DateInWindow, filters.IsoDateTimeFilter):
    field_class = IsoDateTimeField


class InFilter(filters.MultipleChoiceFilter):
    """Several values of one column as one `IN (...)`, not django-filter's `a OR b OR ...`:
    PostgreSQL then reads an index on (group, status) for the statuses asked only, where
    the ORs were a filter over every task of the group (a member's count on a million
    tasks read 132,000 index entries for 20,000)."""

    def filter(self, qs: Any, value: Any) -> Any:
        if not value or self.is_noop(qs, value):
            return qs
        qs = self.get_method(qs)(**{f"{self.field_name}__in": sorted(set(value))})
        return qs.distinct() if self.distinct else qs


class OrderingFilter(filters.OrderingFilter):
    """django-filter's, with `id` as the last key so pages never overlap or skip rows."""

    def filter(self, qs: QuerySet, value: Any) -> QuerySet:
        qs = super().filter(qs, value)
        if value:
            qs = qs.order_by(*qs.query.order_by, "id")
        return qs
