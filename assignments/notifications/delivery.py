"""Sending what is due, by each channel, with retries (docs/operations.md, "Delivery").

Each delivery is first **claimed** in a short transaction (assignments/claims.py), then
sent outside any transaction, and marked sent (or failed) in another short one. Two
workers never send one delivery; no database lock is held while a mail server or a push
service answers; and a worker killed after its claim leaves the delivery pending, taken
again once the claim lapses.
A send that fails is tried again later (`BACKOFF`), then shows as failed; failed
deliveries younger than `RETRY_FAILED_FOR` are tried again by the hourly job, so a mail
server down for an afternoon delays the mail without losing it.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from collections.abc import Sequence

from django.contrib.auth.models import User
from django.db.models import QuerySet

from assignments import claims, clock
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
    delivery.last_error = error[:2000]
    if delivery.attempts > len(BACKOFF):
        delivery.status = DeliveryStatus.FAILED
    else:
        delivery.not_before = now + BACKOFF[delivery.attempts - 1]
    delivery.save(update_fields=["last_error", "status", "not_before"])


def _claim(deliveries: QuerySet[Delivery], now: dt.datetime) -> list[Delivery]:
    return claims.claim(deliveries, now, "notification__task", "notification__recipient")


def _skipped(delivery: Delivery, reason: str) -> None:
    delivery.status = DeliveryStatus.SKIPPED
    delivery.last_error = reason[:2000]
    delivery.save(update_fields=["status", "last_error"])


def _send_one(pk: int, now: dt.datetime) -> str | None:
    from assignments.notifications import channels

    pending = Delivery.objects.filter(
        pk=pk, status=DeliveryStatus.PENDING, in_digest=False, not_before__lte=now
    )
    claimed = _claim(pending, now)
    if not claimed:
        return None  # sent meanwhile, or held by another worker
    delivery = claimed[0]
    try:
        channels.send(delivery)
    except Gone as gone:
        _skipped(delivery, str(gone))
        return DeliveryStatus.SKIPPED
    except SendError as error:
        logger.warning("delivery %s by %s failed: %s", pk, delivery.channel, error)
        _failed(delivery, str(error), now)
        return DeliveryStatus.FAILED if delivery.status == DeliveryStatus.FAILED else "retry"
    Delivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.SENT, sent_at=clock.now())
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


def send_digests(now: dt.datetime | None = None, *, retries_only: bool = False) -> int:
    """One mail per person bundling their digest deliveries due by `now`; answer how many
    mails went out. `retries_only` (the minute job): only digests whose sending failed
    before, never a digest the daily run is still writing."""
    from assignments.notifications.channels import email

    now = now or clock.now()
    due = Delivery.objects.filter(
        status=DeliveryStatus.PENDING, in_digest=True, channel=Channel.EMAIL, not_before__lte=now
    )
    if retries_only:
        due = due.filter(attempts__gt=0)
    people = due.values_list("notification__recipient_id", flat=True).distinct()
    sent = 0
    for user_id in list(people):
        claimed = _claim(due.filter(notification__recipient_id=user_id), now)
        if not claimed:
            continue
        deliveries = sorted(claimed, key=lambda d: (d.notification.kind, d.notification.task.due_date, d.pk))
        user = User.objects.get(pk=user_id)
        try:
            email.send_digest(user, deliveries, day=clock.local_date(now))
        except Gone as gone:
            for delivery in deliveries:
                _skipped(delivery, str(gone))
            continue
        except SendError as error:
            for delivery in deliveries:
                _failed(delivery, str(error), now)
            continue
        Delivery.objects.filter(pk__in=[d.pk for d in deliveries]).update(
            status=DeliveryStatus.SENT, sent_at=clock.now()
        )
        sent += 1
    return sent


def retry_failed(now: dt.datetime | None = None) -> int:
    """Put failed deliveries of the last `RETRY_FAILED_FOR` back in the queue."""
    now = now or clock.now()
    return Delivery.objects.filter(
        status=DeliveryStatus.FAILED, notification__created_at__gte=now - RETRY_FAILED_FOR
    ).update(status=DeliveryStatus.PENDING, not_before=now, attempts=0)
