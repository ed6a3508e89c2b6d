"""Webhook endpoints and their deliveries, as the committee office reads and writes them."""

from __future__ import annotations

from typing import Any

from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers.reference import ModelSerializer
from assignments.choices import WEBHOOK_EVENT_TYPES
from assignments.models import WebhookDelivery, WebhookEndpoint


class WebhookEndpointSerializer(ModelSerializer):
    """An endpoint with its signing secret (made by the server at creation)."""

    url = serializers.URLField(
        max_length=1000,
        # DRF drops the model's URL validator for its own, which also takes ftp://.
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_("Where the events are POSTed (http or https)."),
    )
    event_types = serializers.ListField(
        child=serializers.ChoiceField(choices=list(WEBHOOK_EVENT_TYPES)),
        required=False,
        allow_empty=True,
        max_length=len(WEBHOOK_EVENT_TYPES),
        help_text=_("The event types sent to this endpoint (`task.<event kind>`); empty or left out: all."),
    )

    class Meta:
        model = WebhookEndpoint
        fields = [
            "id",
            "name",
            "url",
            "event_types",
            "pause_after_hours",
            "active",
            "paused_at",
            "reason",
            "failing_since",
            "created_at",
            "secret",
        ]
        read_only_fields = ["active", "paused_at", "reason", "failing_since", "created_at", "secret"]
        extra_kwargs = {
            "secret": {
                "help_text": _(
                    "The Standard Webhooks secret (`whsec_…`) the receiver verifies the signature "
                    "with; made by the server when the endpoint is created."
                )
            },
            "active": {
                "help_text": _("false: paused (after failing, or by the office); resume to send again.")
            },
            "reason": {"help_text": _("Why it was paused.")},
            "failing_since": {
                "help_text": _("The first failed attempt since the last delivery that got through.")
            },
        }

    def validate_event_types(self, value: list[str]) -> list[str]:
        return sorted(set(value), key=WEBHOOK_EVENT_TYPES.index)


class WebhookEndpointListSerializer(WebhookEndpointSerializer):
    """In the list, without the secret (read it on the endpoint's own page)."""

    class Meta(WebhookEndpointSerializer.Meta):
        fields = [name for name in WebhookEndpointSerializer.Meta.fields if name != "secret"]


class WebhookDeliverySerializer(serializers.ModelSerializer):
    message_id = serializers.CharField(
        source="message.webhook_id", read_only=True, help_text=_("The `webhook-id` header the receiver got.")
    )
    type = serializers.CharField(source="message.type", read_only=True)
    event = serializers.IntegerField(
        source="message.event_id",
        read_only=True,
        allow_null=True,
        help_text=_("The task event sent (null for a test event)."),
    )
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    next_attempt_at = serializers.SerializerMethodField(
        help_text=_("When it is tried again; null unless waiting.")
    )

    class Meta:
        model = WebhookDelivery
        fields = [
            "id",
            "message_id",
            "type",
            "event",
            "status",
            "status_label",
            "attempts",
            "created_at",
            "last_attempt_at",
            "delivered_at",
            "next_attempt_at",
            "response_code",
            "duration_ms",
            "last_error",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_next_attempt_at(self, delivery: WebhookDelivery) -> Any:
        if delivery.status != "pending":
            return None
        return serializers.DateTimeField().to_representation(delivery.not_before)
