"""The notification rows and their deliveries, written in the caller's transaction.

A notification is unique per (person, task, kind, local day): `write` inserts the
missing ones and ignores the rest, and each delivery is unique per (notification,
channel), so a job run twice, two schedulers at once or a retried worker add nothing.
What goes out by mail or push is sent after the transaction commits, by the delivery
job (assignments/notifications/delivery.py): a rolled-back action tells nobody.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from assignments import clock
from assignments.choices import SCHEDULED_KINDS, Channel
from assignments.models import (
    Delivery,
    Event,
    Notification,
    NotificationPolicy,
    NotificationSettings,
    PushSubscription,
)
from assignments.notifications import recipients, texts

_suppressed: ContextVar[bool] = ContextVar("taskforce_notifications_suppressed", default=False)

NOT_FOUND = _("No such notification.")


@contextmanager
def suppressed() -> Iterator[None]:
    """Tell nobody inside the block: the demo seed replays two years of work."""
    token = _suppressed.set(True)
    try:
        yield
    finally:
        _suppressed.reset(token)


@dataclass(frozen=True)
class Item:
    """One notification to write."""

    recipient_id: int
    task_id: int
    kind: str
    data: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)

    @property
    def key(self) -> tuple[int, int, str]:
        return (self.recipient_id, self.task_id, self.kind)


def tell_event(event: Event) -> None:
    """Tell the people `event` concerns, at once (assignments/notifications/recipients.py)."""
    if _suppressed.get():
        return
    told = recipients.told_of(event)
    if not told:
        return
    data = texts.event_data(event)
    items = [Item(user.pk, event.task_id, kind, data) for user, kind in told]
    write(items, day=clock.local_date(event.at), at=event.at, refresh=True)


def _push_at(at: dt.datetime, policy: NotificationPolicy) -> dt.datetime:
    """`at`, or the end of the quiet hours when `at` falls in them."""
    local = at.astimezone(clock.committee_tz())
    if not policy.is_quiet(local.time().replace(tzinfo=None)):
        return at
    until = local.replace(
        hour=policy.quiet_until.hour, minute=policy.quiet_until.minute, second=0, microsecond=0
    )
    if until <= local:
        until += dt.timedelta(days=1)
    return until


def write(items: Sequence[Item], *, day: dt.date, at: dt.datetime, refresh: bool = False) -> list[Item]:
    """Insert the notifications of `items` not yet there, with their deliveries; answer
    the new ones. In a constant number of queries, whatever the number of items.

    `refresh` (events told at once): an item already there today is brought back to the
    top of the inbox, unread, with the new facts, and not sent again.
    """
    if not items:
        return []
    task_ids = {i.task_id for i in items}
    recipient_ids = sorted({i.recipient_id for i in items})
    kinds = {i.kind for i in items}
    keys = {i.key for i in items}

    def existing() -> dict[tuple[int, int, str], int]:
        rows = Notification.objects.filter(
            day=day, task_id__in=task_ids, recipient_id__in=recipient_ids, kind__in=kinds
        ).values_list("recipient_id", "task_id", "kind", "pk")
        return {(r, t, k): pk for r, t, k, pk in rows if (r, t, k) in keys}

    before = existing()
    new = [i for i in items if i.key not in before]
    if refresh and before:
        for item in items:
            if item.key in before:
                Notification.objects.filter(pk=before[item.key]).update(
                    data=item.data, created_at=at, read_at=None
                )
    if not new:
        return []
    Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=i.recipient_id,
                task_id=i.task_id,
                kind=i.kind,
                day=day,
                data=i.data,
                created_at=at,
            )
            for i in new
        ],
        ignore_conflicts=True,
    )
    made = existing()
    new_ids = {made[i.key]: i for i in new if i.key in made}
    _add_deliveries(new_ids, recipient_ids, at=at)
    transaction.on_commit(_enqueue_delivery)
    return list(new_ids.values())


def _add_deliveries(new: dict[int, Item], recipient_ids: Sequence[int], *, at: dt.datetime) -> None:
    policy = NotificationPolicy.current()
    # One query for what decides the channels: each person's address, choices (their
    # row, or the defaults when they never chose) and whether a phone subscribed.
    people = {
        row["pk"]: row
        for row in User.objects.filter(pk__in=recipient_ids, is_active=True)
        .annotate(has_push=Exists(PushSubscription.objects.filter(user_id=OuterRef("pk"))))
        .values(
            "pk",
            "email",
            "has_push",
            "notification_settings__email",
            "notification_settings__push",
            "notification_settings__digest",
            "notification_settings__email_off",
            "notification_settings__push_off",
        )
    }
    push_at = _push_at(at, policy)
    deliveries = []
    for pk, item in new.items():
        row = people.get(item.recipient_id)
        if row is None:
            continue
        chosen = _choices(row)
        if row["email"] and chosen.wants(Channel.EMAIL, item.kind):
            in_digest = chosen.digest and item.kind in SCHEDULED_KINDS
            deliveries.append(
                Delivery(notification_id=pk, channel=Channel.EMAIL, in_digest=in_digest, not_before=at)
            )
        if row["has_push"] and chosen.wants(Channel.PUSH, item.kind):
            deliveries.append(Delivery(notification_id=pk, channel=Channel.PUSH, not_before=push_at))
    Delivery.objects.bulk_create(deliveries, ignore_conflicts=True)


def _choices(row: Mapping[str, Any]) -> NotificationSettings:
    """The person's settings from the joined row; the defaults where they never chose."""
    if row["notification_settings__email"] is None:
        return NotificationSettings(calendar_token="")
    return NotificationSettings(
        calendar_token="",
        email=row["notification_settings__email"],
        push=row["notification_settings__push"],
        digest=row["notification_settings__digest"],
        email_off=row["notification_settings__email_off"] or [],
        push_off=row["notification_settings__push_off"] or [],
    )


def _enqueue_delivery() -> None:
    from assignments.notifications import jobs

    jobs.deliver_due.enqueue()


def mark_read(user: User, notification_id: int) -> Notification:
    """Mark one of the person's notifications read (a 404 for anyone else's)."""
    with transaction.atomic():
        notification = Notification.objects.filter(recipient=user, pk=notification_id).first()
        if notification is None:
            raise Http404(NOT_FOUND)
        if notification.read_at is None:
            notification.read_at = clock.now()
            notification.save(update_fields=["read_at"])
    return notification


def mark_all_read(user: User) -> int:
    """Mark every unread notification of the person read; answer how many."""
    return Notification.objects.filter(recipient=user).unread().update(read_at=clock.now())
