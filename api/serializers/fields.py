"""The field kinds the API adds to DRF's. Their limits are assignments.limits's."""

from __future__ import annotations

import unicodedata
from typing import Any

from rest_framework import serializers

from assignments import limits


class NormalizedCharField(serializers.CharField):
    """Text from a phone, NFC-normalised before length checks and storage.

    Phones send Vietnamese composed or decomposed; normalised, "Phúc Xá" is one string
    whatever the keyboard, so searches and comparisons find it. At most limits.TEXT_MAX
    characters unless the field says less, counted after normalising; DRF's CharField
    already refuses NUL characters (which PostgreSQL cannot store in text).
    """

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", limits.TEXT_MAX)
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> str:
        return unicodedata.normalize("NFC", super().to_internal_value(data))


class DateField(limits.DateInWindow, serializers.DateField):
    """A date inside the window of years (limits.date_window): "0026-03-31" is a 400 naming
    the field, not a due date nineteen centuries ago."""


class NumberField(limits.NumberInRange, serializers.DecimalField):
    """A baseline, target or measured value: any number of the columns' range (two decimals
    are kept; the service rounds to them)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_digits=None, decimal_places=None, **kwargs)


#: What an optional value of a body takes: left out, it is null (the service says whether
#: it may be; the refusal names the field).
OPTIONAL: dict[str, Any] = {"required": False, "allow_null": True, "default": None}


def optional_date(**kwargs: Any) -> DateField:
    return DateField(**OPTIONAL, **kwargs)


def optional_number(**kwargs: Any) -> NumberField:
    return NumberField(**OPTIONAL, **kwargs)


class BriefRelatedField(serializers.PrimaryKeyRelatedField):
    """Written as the related object's id, read back as its brief ({"id", "name", ...})."""

    def __init__(self, brief: type[serializers.Serializer], **kwargs: Any) -> None:
        self.brief = brief
        super().__init__(**kwargs)

    def use_pk_only_optimization(self) -> bool:
        return False  # the brief needs the whole object (prefetched by the view)

    def to_representation(self, value: Any) -> dict[str, Any]:
        return self.brief(value, context=self.context).data

    def get_choices(self, cutoff: int | None = None) -> dict[Any, str]:
        # The browsable API's form: keyed by id, as the field is written.
        queryset = self.get_queryset()
        if queryset is None:
            return {}
        if cutoff is not None:
            queryset = queryset[:cutoff]
        return {item.pk: self.display_value(item) for item in queryset}
