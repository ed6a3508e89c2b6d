"""Term targets ("chỉ tiêu nhiệm kỳ"): everyone reads them, the committee office keeps them."""

from __future__ import annotations

from typing import Any, cast

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from api.serializers.reference import ModelSerializer
from assignments import services
from assignments.models import Target


class TargetSerializer(ModelSerializer):
    achieved = serializers.BooleanField(read_only=True, help_text=_("Met: it has a date achieved."))
    achieved_early = serializers.BooleanField(read_only=True, help_text=_("Met before its deadline."))

    class Meta:
        model = Target
        fields = [
            "id",
            "code",
            "name",
            "unit",
            "target_value",
            "direction",
            "deadline",
            "actual",
            "achieved_on",
            "achieved",
            "achieved_early",
        ]

    def create(self, validated_data: dict[str, Any]) -> Target:
        return services.target_create(actor=self.actor, **validated_data)

    def update(self, instance: Target, validated_data: dict[str, Any]) -> Target:
        return services.target_update(
            instance, actor=self.actor, changes=cast(services.TargetChanges, validated_data)
        )
