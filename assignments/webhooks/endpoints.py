"""What the office does to an endpoint besides editing it: pause, resume, send a test."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from assignments import clock
from assignments.choices import WebhookDeliveryStatus
from assignments.models import WebhookDelivery, WebhookEndpoint, WebhookMessage
from assignments.webhooks import outbox


@transaction.atomic
def endpoint_pause(endpoint: WebhookEndpoint) -> WebhookEndpoint:
    """Paused by the office itself: nothing more is sent, and nobody needs a mail about it."""
    endpoint = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
    if not endpoint.active:
        return endpoint
    now = clock.now()
    endpoint.active = False
    endpoint.paused_at = now
    endpoint.reason = _("Paused by the office.")
    endpoint.office_told_at = now
    endpoint.save(update_fields=["active", "paused_at", "reason", "office_told_at"])
    return endpoint


@transaction.atomic
def endpoint_resume(endpoint: WebhookEndpoint) -> WebhookEndpoint:
    """Send again: what was waiting goes out at the next run, with a fresh schedule of
    retries, and so do the events that happened while the endpoint was paused."""
    endpoint = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
    if endpoint.active:
        return endpoint
    now = clock.now()
    paused_at = endpoint.paused_at
    WebhookDelivery.objects.filter(endpoint=endpoint, status=WebhookDeliveryStatus.PENDING).update(
        not_before=now, attempts=0
    )
    if paused_at is not None:
        missed = WebhookMessage.objects.filter(created_at__gte=paused_at, event__isnull=False)
        if endpoint.event_types:
            missed = missed.filter(type__in=endpoint.event_types)
        WebhookDelivery.objects.bulk_create(
            (
                WebhookDelivery(message_id=pk, endpoint=endpoint, not_before=now, created_at=now)
                for pk in missed.values_list("pk", flat=True).iterator()
            ),
            batch_size=500,
            # Those written just before the pause already have theirs.
            ignore_conflicts=True,
        )
    endpoint.active = True
    endpoint.paused_at = None
    endpoint.reason = ""
    endpoint.failing_since = None
    endpoint.office_told_at = None
    endpoint.save(update_fields=["active", "paused_at", "reason", "failing_since", "office_told_at"])
    transaction.on_commit(outbox.enqueue_delivery)
    return endpoint


@transaction.atomic
def endpoint_send_test(endpoint: WebhookEndpoint) -> WebhookMessage:
    """A `webhook.test` message to this endpoint alone, sent at the next run."""
    return outbox.add_test(endpoint)
