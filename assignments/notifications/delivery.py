"""Sending what is due, by each channel, with retries (docs/operations.md, "Delivery").

Each delivery is sent in a transaction of its own that locks its row (skipping rows a
parallel worker holds), sends, and marks it sent: two workers never send one delivery,
and a worker killed before the commit leaves it pending for the next run. A send that
fails is tried again later (`BACKOFF`), then shows as failed; failed deliveries younger
than `RETRY_FAILED_FOR` are tried again by the hourly job, so a mail server down for
an afternoon delays the mail without losing it.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from collections.abc import Sequence

from django.contrib.auth.models import User
from django.db import transaction

from assignments import clock
from assignments.choices import Channel, DeliveryStatus
from assignments.models import Delivery

logger = logging.getLogger(__name__)

#: The waits between attempts; after the last, the delivery shows as failed.
BACKOFF = (dt.timedelta(minutes=1), dt.timedelta(minutes=5), dt.timedelta(minutes=30))
RETRY_FAILED_FOR = dt.timedelta(days=2)
BATCH = 100


class SendError(Exception):
    """A channel could not send (the server refused or is down); tried again later."""


class Gone(Exception):
    """The destination no longer exists (a push subscription expired): not tried again."""


def _due(now: dt.datetime) -> Sequence[int]:
    return list(
        Delivery.objects.filter(status=DeliveryStatus.PENDING, in_digest=False, not_before__lte=now)
        .order_by("not_before", "pk")
        .values_list("pk", flat=True)[:BATCH]
    )


def _failed(delivery: Delivery, error: str, now: dt.datetime) -> None:
    delivery.attempts += 1
    delivery.last_error = error[:2000]
    if delivery.attempts > len(BACKOFF):
        delivery.status = DeliveryStatus.FAILED
    else:
        delivery.not_before = now + BACKOFF[delivery.attempts - 1]
    delivery.save(update_fields=["attempts", "last_error", "status", "not_before"])


def _send_one(pk: int, now: dt.datetime) -> str | None:
    from assignments.notifications import channels

    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(skip_locked=True)
            .select_related("notification__task", "notification__recipient")
            .filter(pk=pk, status=DeliveryStatus.PENDING)
            .first()
        )
        if delivery is None:
            return None  # sent meanwhile, or held by another worker
        try:
            channels.send(delivery)
        except Gone as gone:
            delivery.status = DeliveryStatus.SKIPPED
            delivery.last_error = str(gone)[:2000]
            delivery.save(update_fields=["status", "last_error"])
            return DeliveryStatus.SKIPPED
        except SendError as error:
            logger.warning("delivery %s by %s failed: %s", pk, delivery.channel, error)
            _failed(delivery, str(error), now)
            return DeliveryStatus.FAILED if delivery.status == DeliveryStatus.FAILED else "retry"
        delivery.status = DeliveryStatus.SENT
        delivery.sent_at = clock.now()
        delivery.attempts += 1
        delivery.save(update_fields=["status", "sent_at", "attempts"])
        return f"{delivery.channel}"


def deliver_due(now: dt.datetime | None = None) -> Counter[str]:
    """Send every delivery due by `now` (not the digest's): what happened, counted."""
    now = now or clock.now()
    done: Counter[str] = Counter()
    seen: set[int] = set()
    while True:
        batch = [pk for pk in _due(now) if pk not in seen]
        if not batch:
            return done
        for pk in batch:
            seen.add(pk)
            outcome = _send_one(pk, now)
            if outcome is not None:
                done[outcome] += 1


def send_digests(now: dt.datetime | None = None) -> int:
    """One mail per person bundling their digest deliveries due by `now`; answer how many
    mails went out."""
    from assignments.notifications.channels import email

    now = now or clock.now()
    people = (
        Delivery.objects.filter(
            status=DeliveryStatus.PENDING, in_digest=True, channel=Channel.EMAIL, not_before__lte=now
        )
        .values_list("notification__recipient_id", flat=True)
        .distinct()
    )
    sent = 0
    for user_id in list(people):
        with transaction.atomic():
            deliveries = list(
                Delivery.objects.select_for_update(skip_locked=True)
                .select_related("notification__task")
                .filter(
                    status=DeliveryStatus.PENDING,
                    in_digest=True,
                    channel=Channel.EMAIL,
                    not_before__lte=now,
                    notification__recipient_id=user_id,
                )
                .order_by("notification__kind", "notification__task__due_date", "pk")
            )
            if not deliveries:
                continue
            user = User.objects.get(pk=user_id)
            try:
                email.send_digest(user, deliveries, day=clock.local_date(now))
            except SendError as error:
                for delivery in deliveries:
                    _failed(delivery, str(error), now)
                continue
            moment = clock.now()
            Delivery.objects.filter(pk__in=[d.pk for d in deliveries]).update(
                status=DeliveryStatus.SENT, sent_at=moment, attempts=1
            )
            sent += 1
    return sent


def retry_failed(now: dt.datetime | None = None) -> int:
    """Put failed deliveries of the last `RETRY_FAILED_FOR` back in the queue."""
    now = now or clock.now()
    return Delivery.objects.filter(
        status=DeliveryStatus.FAILED, notification__created_at__gte=now - RETRY_FAILED_FOR
    ).update(status=DeliveryStatus.PENDING, not_before=now, attempts=0)
