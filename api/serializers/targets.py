"""Term targets ("chỉ tiêu nhiệm kỳ"): everyone reads them, the committee office keeps them."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from api.serializers.reference import ModelSerializer
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
