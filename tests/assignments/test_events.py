"""The audit trail is append-only (docs/rules.md): no model method changes or removes a row."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from django.db.models import ProtectedError

from assignments import services
from assignments.choices import EventKind, Status
from assignments.exceptions import AuditTrailImmutable
from assignments.models import Event, Task
from tests.assignments.lifecycle import bring_to
from tests.conftest import Cast


def _row(event: Event) -> dict[str, Any]:
    return Event.objects.filter(pk=event.pk).values().get()


@pytest.fixture
def trail(cast: Cast) -> list[Event]:
    """A real trail: created, started, paused."""
    bring_to(cast.task, Status.PAUSED)
    return list(Event.objects.filter(task=cast.task).order_by("id"))


def test_an_event_cannot_be_changed_and_saved(trail):
    event = trail[-1]
    before = _row(event)
    event.note = "Sửa lại nhật ký"
    event.kind = EventKind.ACCEPTED
    with pytest.raises(AuditTrailImmutable):
        event.save()
    with pytest.raises(AuditTrailImmutable):
        event.save(update_fields=["note"])
    assert _row(event) == before


def test_events_cannot_be_updated_through_a_queryset(trail):
    before = [_row(e) for e in trail]
    with pytest.raises(AuditTrailImmutable):
        Event.objects.filter(task=trail[0].task).update(note="Sửa hàng loạt")
    with pytest.raises(AuditTrailImmutable):
        Event.objects.all().update(kind=EventKind.CANCELLED)
    with pytest.raises(AuditTrailImmutable):
        trail[0].task.events.update(note="Sửa qua nhiệm vụ")
    assert [_row(e) for e in trail] == before


def test_events_cannot_be_bulk_updated(trail):
    before = [_row(e) for e in trail]
    for event in trail:
        event.note = "Sửa hàng loạt"
    with pytest.raises(AuditTrailImmutable):
        Event.objects.bulk_update(trail, ["note"])
    assert [_row(e) for e in trail] == before


def test_an_event_cannot_be_changed_through_update_or_create(trail):
    before = [_row(e) for e in trail]
    with pytest.raises(AuditTrailImmutable):
        Event.objects.update_or_create(pk=trail[0].pk, defaults={"note": "Sửa"})
    assert [_row(e) for e in trail] == before


def test_an_event_cannot_be_deleted(trail):
    event = trail[0]
    before = _row(event)
    with pytest.raises(AuditTrailImmutable):
        event.delete()
    assert _row(event) == before


def test_events_cannot_be_deleted_through_a_queryset(trail):
    task = trail[0].task
    with pytest.raises(AuditTrailImmutable):
        Event.objects.filter(task=task).delete()
    with pytest.raises(AuditTrailImmutable):
        Event.objects.all().delete()
    with pytest.raises(AuditTrailImmutable):
        task.events.all().delete()
    assert list(Event.objects.filter(task=task).order_by("id")) == trail


def test_a_task_with_a_trail_cannot_be_deleted_and_take_its_events_with_it(trail):
    task = Task.objects.get(pk=trail[0].task_id)
    with pytest.raises(ProtectedError):
        task.delete()
    assert Event.objects.filter(task=task).count() == len(trail)


def test_every_event_of_a_trail_was_written_by_a_service_in_the_order_of_the_calls(cast):
    task = Task.objects.get(pk=cast.task.pk)
    owner, leader = cast.owner.user, cast.leader.user
    services.task_start(task=task, actor=owner)
    services.note_add(task=task, actor=cast.coordinator.user, text="Đã phối hợp với phường")
    services.task_extend(
        task=task, actor=leader, due_date=task.due_date.replace(day=30, month=4), reason="Chờ"
    )
    services.task_reassign(task=task, actor=cast.staff, owner=cast.group_member, reason="Điều chỉnh")
    services.task_cancel(task=task, actor=leader, note="Không còn phù hợp")

    trail = list(Event.objects.filter(task=task).order_by("id"))
    assert [(e.kind, e.actor_id) for e in trail] == [
        (EventKind.CREATED, leader.pk),
        (EventKind.STARTED, owner.pk),
        (EventKind.NOTE_ADDED, cast.coordinator.user.pk),
        (EventKind.EXTENDED, leader.pk),
        (EventKind.REASSIGNED, cast.staff.pk),
        (EventKind.CANCELLED, leader.pk),
    ]
    # The trail replays to the task as it is: each event starts where the last one ended.
    for previous, event in itertools.pairwise(trail):
        assert event.from_status == previous.to_status
    task.refresh_from_db()
    assert trail[-1].to_status == task.status == Status.CANCELLED
    assert trail[-2].data["to_owner"]["id"] == task.owner_id == cast.group_member.pk
    assert task.version == len(trail)
