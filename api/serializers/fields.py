"""The two field kinds the API adds to DRF's."""

from __future__ import annotations

import unicodedata
from typing import Any

from rest_framework import serializers

#: The largest primary key a row can have (a 64-bit BigAutoField, on SQLite and PostgreSQL).
ID_MAX = 2**63 - 1

#: The longest free text the API takes (a description, a note, a reason): about four
#: typed pages. The model's text fields have no limit; without one, any member could
#: store megabytes in every note of a task.
TEXT_MAX_LENGTH = 10_000


class NormalizedCharField(serializers.CharField):
    """Text from a phone, NFC-normalised before length checks and storage.

    Phones send Vietnamese composed or decomposed; normalised, "Phúc Xá" is one string
    whatever the keyboard, so searches and comparisons find it. At most TEXT_MAX_LENGTH
    characters unless the field says less; DRF's CharField already refuses NUL characters
    (which PostgreSQL cannot store in text).
    """

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", TEXT_MAX_LENGTH)
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> str:
        return unicodedata.normalize("NFC", super().to_internal_value(data))


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
