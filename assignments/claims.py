"""Claiming a row of a delivery queue for one worker (docs/operations.md, "Delivery").

A worker that sends something to the outside world (a mail server, a push service, a
webhook receiver) must hold no database lock while it waits for the answer: on SQLite a
transaction holds the write lock of the whole database, so a slow receiver would stop
every write of the site. The worker first **claims** the row in a short transaction:
locked (skipping rows another worker holds), its attempt counted, its `not_before`
moved past the claim's length, so that no other worker finds it due. It sends outside
any transaction, then writes the outcome in another short one. A worker killed after
its claim leaves the row pending, due again once the claim lapses.
"""

from __future__ import annotations

import datetime as dt
from typing import TypeVar

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet

from assignments.models import Delivery, WebhookDelivery

_Row = TypeVar("_Row", Delivery, WebhookDelivery)


def claim_length() -> dt.timedelta:
    """How long a claimed row is left to its worker before another may take it."""
    return dt.timedelta(seconds=settings.NOTIFICATION_CLAIM_SECONDS)


def claim(rows: QuerySet[_Row], now: dt.datetime, *related: str) -> list[_Row]:
    """Lock, count an attempt and push back the rows of `rows` no one else holds, each
    read with its `related` rows."""
    with transaction.atomic():
        locked = rows.select_for_update(skip_locked=True, of=("self",))
        # select_related() with no names would follow every foreign key.
        claimed = list(locked.select_related(*related) if related else locked)
        for row in claimed:
            row.attempts += 1
            row.not_before = now + claim_length()
        rows.model._default_manager.bulk_update(claimed, ["attempts", "not_before"])
    return claimed
