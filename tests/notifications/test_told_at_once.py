"""Told at once: who hears of each event, and who never does (docs/rules.md, "Notifications")."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from assignments import services
from assignments.choices import Channel, DeliveryStatus, NotificationKind
from assignments.models import Delivery, Notification
from assignments.notifications import mark_read, texts
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def _inbox(member) -> list[tuple[str, int]]:
    return list(Notification.objects.filter(recipient=member.user).values_list("kind", "task_id"))


def _submit(cast):
    task = cast.task
    owner = cast.owner.user
    services.task_start(task=task.pk, actor=owner)
    for step in task.steps.order_by("order"):
        services.task_complete_step(task=task.pk, step=step.pk, actor=owner)
    services.measurement_record(task=task.pk, actor=owner, value=99, measured_on=dt.date(2026, 2, 2))
    return services.task_submit(task=task.pk, actor=owner)


def test_the_owner_is_told_of_the_task_assigned_to_them(cast):
    assert _inbox(cast.owner) == [(NotificationKind.ASSIGNED, cast.task.pk)]
    # The leader who assigned it is not told of their own action.
    assert _inbox(cast.leader) == []


def test_the_leader_is_told_of_a_submission_and_the_owner_of_the_acceptance(cast):
    _submit(cast)
    assert (NotificationKind.SUBMITTED, cast.task.pk) in _inbox(cast.leader)
    services.task_accept(task=cast.task.pk, actor=cast.leader.user)
    assert (NotificationKind.ACCEPTED, cast.task.pk) in _inbox(cast.owner)


def test_a_return_tells_the_owner_with_the_reason(cast):
    _submit(cast)
    services.task_return(task=cast.task.pk, actor=cast.leader.user, note="Bổ sung biên bản.")
    returned = Notification.objects.get(recipient=cast.owner.user, kind=NotificationKind.RETURNED)
    assert "Bổ sung biên bản." in texts.text(returned.kind, returned.data, cast.task.title)


def test_a_handover_tells_the_new_owner_and_the_previous_one(cast):
    services.task_reassign(
        task=cast.task.pk, actor=cast.leader.user, owner=cast.group_member, reason="Đi học dài hạn."
    )
    assert (NotificationKind.HANDED_TO_YOU, cast.task.pk) in _inbox(cast.group_member)
    assert (NotificationKind.HANDED_AWAY, cast.task.pk) in _inbox(cast.owner)


def test_an_extension_tells_the_owner_and_the_coordinator_follows(cast):
    services.task_extend(
        task=cast.task.pk, actor=cast.leader.user, due_date=dt.date(2026, 4, 30), reason="Chờ số liệu."
    )
    assert (NotificationKind.EXTENDED, cast.task.pk) in _inbox(cast.owner)
    assert (NotificationKind.UPDATED, cast.task.pk) in _inbox(cast.coordinator)


def test_a_direction_tells_the_owner(cast):
    services.note_add(
        task=cast.task.pk, actor=cast.standing.user, text="Khẩn trương hoàn thành.", kind="direction"
    )
    direction = Notification.objects.get(recipient=cast.owner.user, kind=NotificationKind.DIRECTION)
    assert "Khẩn trương hoàn thành." in texts.text(direction.kind, direction.data, cast.task.title)


def test_a_watcher_follows_the_course_of_the_task(cast):
    watcher = MemberFactory()
    services.task_change_watchers(task=cast.task.pk, actor=cast.leader.user, watchers=[watcher])
    services.task_extend(
        task=cast.task.pk, actor=cast.leader.user, due_date=dt.date(2026, 4, 30), reason="Chờ số liệu."
    )
    assert _inbox(watcher) == [(NotificationKind.UPDATED, cast.task.pk)]


def test_nobody_who_may_not_read_the_task_is_told(cast):
    """A coordinator removed, a member of another group, a deactivated owner: none hears."""
    services.task_change_coordinators(task=cast.task.pk, actor=cast.leader.user, coordinators=[])
    services.task_extend(
        task=cast.task.pk, actor=cast.leader.user, due_date=dt.date(2026, 4, 30), reason="Chờ số liệu."
    )
    assert _inbox(cast.coordinator) == []
    assert _inbox(cast.other_member) == []
    assert _inbox(cast.other_leader) == []


def test_an_action_that_fails_tells_nobody(cast):
    before = Notification.objects.count()
    with pytest.raises(ValidationError):
        services.task_extend(
            task=cast.task.pk, actor=cast.leader.user, due_date=dt.date(2026, 3, 1), reason="x"
        )
    assert Notification.objects.count() == before


def test_the_same_kind_twice_a_day_is_one_item_brought_back_unread(cast):
    _submit(cast)
    services.task_return(task=cast.task.pk, actor=cast.leader.user, note="Lần 1.")
    first = Notification.objects.get(recipient=cast.owner.user, kind=NotificationKind.RETURNED)
    mark_read(cast.owner.user, first.pk)
    services.task_submit(task=cast.task.pk, actor=cast.owner.user)
    services.task_return(task=cast.task.pk, actor=cast.leader.user, note="Lần 2.")
    again = Notification.objects.get(recipient=cast.owner.user, kind=NotificationKind.RETURNED)
    assert again.pk == first.pk and again.read_at is None
    assert again.data["reason"] == "Lần 2."


def test_the_owner_gets_a_mail_at_once_when_the_transaction_commits(cast, django_capture_on_commit_callbacks):
    cast.leader.user.email = "leader@example.org"
    cast.leader.user.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _submit(cast)
    delivery = Delivery.objects.get(notification__recipient=cast.leader.user, channel=Channel.EMAIL)
    assert delivery.status == DeliveryStatus.SENT
    assert [m.to[0].rsplit(" ", 1)[-1] for m in mail.outbox] == ["<leader@example.org>"]


def test_a_submission_tells_the_named_approver_not_the_leader(cast):
    services.task_edit(
        task=cast.task.pk,
        actor=cast.leader.user,
        changes={"approver": {"kind": "standing_member", "member": cast.standing}},
    )
    _submit(cast)
    assert (NotificationKind.SUBMITTED, cast.task.pk) in _inbox(cast.standing)
    assert _inbox(cast.leader) == []


def test_a_submission_the_committee_accepts_tells_each_of_its_members(cast):
    services.task_edit(
        task=cast.task.pk, actor=cast.leader.user, changes={"approver": {"kind": "standing_committee"}}
    )
    _submit(cast)
    # The Standing Committee: the cast's member, and the two groups' leaders (the factory's).
    for member in (cast.standing, cast.leader, cast.other_leader):
        assert (NotificationKind.SUBMITTED, cast.task.pk) in _inbox(member), member
    assert _inbox(cast.other_member) == []
