"""Form fields shared by the admin and the pages: text checked as it will be stored.

A form checks a field's length in `clean()`, after `to_python()`: normalising there (NFC,
one kind of line break) means the length checked is the length stored. Checked before,
300 characters of U+FB2C (three characters each once composed) passed a title's limit
of 300 and reached the database as 900: a 500 on PostgreSQL, an over-long title on SQLite.
"""

from __future__ import annotations

from typing import Any

from django import forms

from assignments import limits
from assignments.text import normalize_text


class NormalizedTextField(forms.CharField):
    """Vietnamese text as the rest of the project stores it: NFC, one kind of line break.

    Browsers send a textarea's line breaks as CRLF; without this a description typed
    through the API would count as changed on every save of the admin form. At most
    limits.TEXT_MAX characters unless the field says less.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if kwargs.get("max_length") is None:
            kwargs["max_length"] = limits.TEXT_MAX
        super().__init__(*args, **kwargs)

    def to_python(self, value: Any) -> Any:
        value = super().to_python(value)
        if not value:
            return value
        return normalize_text(value.replace("\r\n", "\n"))


class RowsChoiceField(forms.ModelMultipleChoiceField):
    """Rows chosen by id, each id checked to be one a row can have before any query.

    Django looks the chosen ids up with `pk__in`, and SQLite cannot bind an integer past
    64 bits: an id of thirty digits, posted in a group's members, was a 500. Such an id
    names no row, and is refused as any unknown id is.
    """

    def _check_values(self, value: Any) -> Any:
        key = self.to_field_name or "pk"
        if key == "pk":
            for pk in value:
                try:
                    in_range = 0 < int(str(pk)) <= limits.ID_MAX
                except ValueError:
                    continue  # not a number: Django's own check names it
                if not in_range:
                    raise forms.ValidationError(
                        self.error_messages["invalid_choice"], code="invalid_choice", params={"value": pk}
                    )
        return super()._check_values(value)  # type: ignore[misc]  # Django's, private: not in the stubs
