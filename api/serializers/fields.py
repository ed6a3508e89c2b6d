"""The two field kinds the API adds to DRF's."""

from __future__ import annotations

import unicodedata
from typing import Any

from rest_framework import serializers


class NormalizedCharField(serializers.CharField):
    """Text from a phone, NFC-normalised before length checks and storage.

    Phones send Vietnamese composed or decomposed; normalised, "Phúc Xá" is one string
    whatever the keyboard, so searches and comparisons find it.
    """

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
