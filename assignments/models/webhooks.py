"""Webhooks for other systems: the endpoints the office registers, the outbox of events
and each event's delivery to each endpoint (docs/rules.md, "Webhooks").

A `WebhookMessage` is written with its event, in the action's transaction (the outbox),
and one `WebhookDelivery` per active endpoint subscribed to its type: a rolled-back
action sends nothing, and a worker that dies mid-send leaves the delivery pending for
the next run.
"""

from __future__ import annotations

import base64
import secrets
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from assignments import clock, limits
from assignments.choices import WEBHOOK_EVENT_TYPES, WebhookDeliveryStatus

from .events import Event

UNKNOWN_EVENT_TYPE = _("Unknown event type: %(value)s. The types are task.<event kind>, e.g. task.submitted.")


def new_webhook_secret() -> str:
    """A Standard Webhooks secret: `whsec_` and 32 random bytes in base64."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode("ascii")


def validate_event_types(value: Any) -> None:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValidationError(_("A list of event types."), code="invalid")
    for item in value:
        if item not in WEBHOOK_EVENT_TYPES:
            raise ValidationError(UNKNOWN_EVENT_TYPE, code="invalid_choice", params={"value": item})


class WebhookEndpoint(models.Model):
    """A receiver the office registers (a Zalo OA or SMS gateway, the province's tracker)."""

    name = models.CharField(_("name"), max_length=200)
    url = models.URLField(
        _("URL"),
        max_length=1000,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_("Where the events are POSTed, e.g. https://tracker.example.org/hooks/taskforce."),
    )
    #: The shared secret of the Standard Webhooks signature; the receiver keeps a copy.
    secret = models.CharField(_("signing secret"), max_length=100, default=new_webhook_secret, editable=False)
    #: Empty: every type.
    event_types = models.JSONField(
        _("event types"),
        default=list,
        blank=True,
        validators=[validate_event_types],
        help_text=_("The types sent to this endpoint (e.g. task.submitted); empty for all."),
    )
    active = models.BooleanField(
        _("active"), default=True, help_text=_("Off: paused, nothing is sent until it is resumed.")
    )
    pause_after_hours = models.PositiveSmallIntegerField(
        _("pause after failing for (hours)"),
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(24 * 30)],
        help_text=_("Deliveries failing this long pause the endpoint and the office is told."),
    )
    paused_at = models.DateTimeField(_("paused at"), null=True, blank=True)
    reason = models.TextField(_("why paused"), blank=True, validators=[limits.text_max_length])
    #: The first failed attempt since the last delivered one: what the pause counts from.
    failing_since = models.DateTimeField(_("failing since"), null=True, blank=True)
    #: The office was told of the current pause (it paused the endpoint itself, or the
    #: mail went out): each pause is told once.
    office_told_at = models.DateTimeField(_("office told at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=clock.now, editable=False)

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    def wants(self, event_type: str) -> bool:
        return not self.event_types or event_type in self.event_types


class WebhookMessage(models.Model):
    """One event in the outbox: the JSON document every endpoint receives."""

    #: The `webhook-id` header: the same on every attempt and for every endpoint, so a
    #: receiver that got it once can ignore a repeat.
    uuid = models.UUIDField(_("message id"), default=uuid.uuid4, unique=True, editable=False)
    #: Null for the test event the office sends by hand.
    event = models.OneToOneField(
        Event,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("event"),
    )
    type = models.CharField(_("type"), max_length=40)
    payload = models.JSONField(_("payload"))
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("webhook message")
        verbose_name_plural = _("webhook outbox")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["created_at"], name="webhook_message_created_idx")]

    def __str__(self) -> str:
        return f"{self.type} ({self.uuid})"

    @property
    def webhook_id(self) -> str:
        return f"msg_{self.uuid.hex}"


class WebhookDelivery(models.Model):
    """One message sent to one endpoint: its state, attempts and the last answer."""

    message = models.ForeignKey(
        WebhookMessage, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("message")
    )
    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("endpoint")
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=WebhookDeliveryStatus.choices,
        default=WebhookDeliveryStatus.PENDING,
    )
    #: Not before this moment: the next retry.
    not_before = models.DateTimeField(_("next attempt at"))
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("created at"))
    last_attempt_at = models.DateTimeField(_("last attempt at"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    response_code = models.PositiveSmallIntegerField(_("response code"), null=True, blank=True)
    #: How long the last attempt took, in milliseconds.
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["message", "endpoint"], name="webhook_delivery_once"),
            models.CheckConstraint(
                condition=models.Q(status__in=WebhookDeliveryStatus.values),
                name="webhook_delivery_status_valid",
            ),
        ]
        indexes = [
            models.Index(
                fields=["not_before"],
                condition=models.Q(status="pending"),
                name="webhook_delivery_pending_idx",
            ),
            models.Index(fields=["endpoint", "-created_at", "-id"], name="webhook_delivery_log_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.message_id} → {self.endpoint_id}: {self.get_status_display()}"
