"""The outbox: each event as the JSON document endpoints receive, written in the event's
transaction with one pending delivery per active endpoint that wants its type.

The cost is the same whatever the number of endpoints: one query reads the active
endpoints, one inserts the message, one inserts all its deliveries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.utils import timezone

from assignments import clock
from assignments.choices import WEBHOOK_TEST_EVENT
from assignments.models import Event, Task, WebhookDelivery, WebhookEndpoint, WebhookMessage

_suppressed: ContextVar[bool] = ContextVar("taskforce_webhooks_suppressed", default=False)


@contextmanager
def suppressed() -> Iterator[None]:
    """Write no outbox rows inside the block (the demo seed replaying two years of work)."""
    token = _suppressed.set(True)
    try:
        yield
    finally:
        _suppressed.reset(token)


def event_type(event: Event) -> str:
    return f"task.{event.kind}"


def _iso(moment: dt.datetime) -> str:
    return timezone.localtime(moment, clock.committee_tz()).isoformat()


def _user(user: User) -> dict[str, Any]:
    try:
        name = user.member.full_name
    except ObjectDoesNotExist:  # the office's logins have no member record
        name = user.get_username()
    return {"id": user.pk, "username": user.get_username(), "name": name}


def task_brief(task: Task) -> dict[str, Any]:
    ward = task.ward
    return {
        "id": task.pk,
        "title": task.title,
        "group": {"id": task.group.pk, "number": task.group.number, "name": task.group.name},
        "ward": None if ward is None else {"id": ward.pk, "code": ward.code, "name": ward.name},
        "owner": {"id": task.owner.pk, "name": task.owner.full_name},
        "status": task.status,
        "due_date": task.due_date.isoformat(),
    }


def payload(event: Event) -> dict[str, Any]:
    """The document of one event (docs/operations.md, "Webhooks")."""
    return {
        "id": event.pk,
        "type": event_type(event),
        "timestamp": _iso(event.at),
        "task": task_brief(event.task),
        "actor": _user(event.actor),
        "from_status": event.from_status,
        "to_status": event.to_status,
        "note": event.note,
        "data": event.data,
    }


def _subscribed(kind: str) -> list[int]:
    # Read on every event rather than cached: an endpoint the office adds or resumes gets
    # the very next event, and this is one small indexed query on a handful of rows.
    endpoints = WebhookEndpoint.objects.filter(active=True).values_list("pk", "event_types")
    return [pk for pk, types in endpoints if not types or kind in types]


def enqueue_delivery() -> None:
    from assignments.webhooks import jobs

    jobs.deliver_webhooks.enqueue()


def write(
    *, kind: str, document: dict[str, Any], event: Event | None = None, endpoints: list[int] | None = None
) -> WebhookMessage:
    """One message and its pending deliveries (to `endpoints`, else to every active endpoint
    subscribed to `kind`), sent once the transaction commits."""
    moment = clock.now()
    message = WebhookMessage.objects.create(event=event, type=kind, payload=document, created_at=moment)
    targets = _subscribed(kind) if endpoints is None else endpoints
    if targets:
        WebhookDelivery.objects.bulk_create(
            WebhookDelivery(message=message, endpoint_id=pk, not_before=moment, created_at=moment)
            for pk in targets
        )
        transaction.on_commit(enqueue_delivery)
    return message


def add(event: Event) -> WebhookMessage | None:
    """The event's outbox row, in the caller's transaction (called for every event)."""
    if _suppressed.get():
        return None
    return write(kind=event_type(event), document=payload(event), event=event)


def add_test(endpoint: WebhookEndpoint) -> WebhookMessage:
    """A test message for one endpoint, whatever it subscribes to (the admin's action)."""
    document = {
        "id": None,
        "type": WEBHOOK_TEST_EVENT,
        "timestamp": _iso(clock.now()),
        "data": {"endpoint": {"id": endpoint.pk, "name": endpoint.name}},
    }
    return write(kind=WEBHOOK_TEST_EVENT, document=document, endpoints=[endpoint.pk])
