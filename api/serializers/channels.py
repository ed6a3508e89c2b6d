"""Web Push subscriptions and the calendar feed's address."""

from __future__ import annotations

from typing import Any

from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from assignments.notifications.channels import push

ENDPOINT_MAX = 1000
# No braces: DRF formats its error messages.
KEYS_MISSING = _("Give the subscription's keys (keys.p256dh and keys.auth).")


def _errors(required: Any) -> dict[str, Any]:
    return {"required": required, "blank": required, "null": required}


class PushKeysSerializer(serializers.Serializer):
    p256dh = serializers.CharField(
        max_length=200,
        error_messages=_errors(_("Give the subscription's public key (keys.p256dh).")),
        help_text=_("The browser's P-256 public key, base64url (subscription.toJSON().keys.p256dh)."),
    )
    auth = serializers.CharField(
        max_length=100,
        error_messages=_errors(_("Give the subscription's auth secret (keys.auth).")),
        help_text=_("The browser's 16-byte auth secret, base64url (subscription.toJSON().keys.auth)."),
    )

    def validate_p256dh(self, value: str) -> str:
        raw = push.key_bytes(value)
        if raw is None or len(raw) != 65 or raw[0] != 4:
            raise serializers.ValidationError(
                _("keys.p256dh is not a P-256 public key (65 bytes, base64url) as the browser gives it.")
            )
        return value

    def validate_auth(self, value: str) -> str:
        raw = push.key_bytes(value)
        if raw is None or len(raw) != 16:
            raise serializers.ValidationError(
                _("keys.auth is not a 16-byte auth secret (base64url) as the browser gives it.")
            )
        return value


class PushSubscriptionInputSerializer(serializers.Serializer):
    """The browser's PushSubscription as `subscription.toJSON()` gives it (other keys,
    such as `expirationTime`, are ignored)."""

    endpoint = serializers.CharField(
        max_length=ENDPOINT_MAX,
        error_messages=_errors(_("Give the push service's address (endpoint) the browser gave.")),
        help_text=_("The push service's address for this browser (subscription.endpoint)."),
    )
    keys = PushKeysSerializer(
        error_messages={
            **_errors(KEYS_MISSING),
            "invalid": KEYS_MISSING,
        }
    )

    def validate_endpoint(self, value: str) -> str:
        try:
            URLValidator(schemes=["https", "http"])(value)
        except Exception as error:
            raise serializers.ValidationError(_("The endpoint is not an address (URL).")) from error
        if not push.endpoint_allowed(value):
            raise serializers.ValidationError(
                _("The endpoint is not the address of a known push service (https only).")
            )
        return value


class PushEndpointSerializer(serializers.Serializer):
    endpoint = serializers.CharField(
        max_length=ENDPOINT_MAX,
        error_messages=_errors(_("Give the endpoint of the subscription to remove.")),
        help_text=_("The subscription's endpoint, in the body or as `?endpoint=`."),
    )


class PushSubscriptionSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    endpoint = serializers.CharField(read_only=True)
    user_agent = serializers.CharField(read_only=True, help_text=_("The browser that subscribed."))
    created_at = serializers.DateTimeField(read_only=True)
    last_sent_at = serializers.DateTimeField(
        read_only=True, allow_null=True, help_text=_("The last push it received.")
    )


class PushSubscriptionsSerializer(serializers.Serializer):
    vapid_public_key = serializers.CharField(
        read_only=True,
        allow_null=True,
        help_text=_(
            "The server's key to subscribe with: pushManager.subscribe({userVisibleOnly: true, "
            "applicationServerKey: this}). Null when Web Push is not set up on this server."
        ),
    )
    subscriptions = PushSubscriptionSerializer(many=True, read_only=True)


class CalendarSerializer(serializers.Serializer):
    url = serializers.URLField(
        read_only=True,
        help_text=_(
            "The private address of your calendar feed (ICS): add it to a calendar program. "
            "Anyone holding it reads your open tasks; reset it if it leaked."
        ),
    )
