"""The daily run: reminders on schedule, escalation, nothing twice (docs/rules.md, "Reminders")."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from assignments import clock, services
from assignments.choices import Escalation, NotificationKind
from assignments.models import Notification, NotificationPolicy, Task
from assignments.notifications import daily
from tests.factories import StaffUserFactory

pytestmark = pytest.mark.django_db

HANOI = dt.timezone(dt.timedelta(hours=7))


def at(day: str, hour: int = 7) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour), tzinfo=HANOI)


def run(day: str, hour: int = 7) -> daily.RunReport:
    with clock.frozen_at(at(day, hour)):
        return daily.run(at(day, hour))


def kinds(member, task: Task | None = None) -> list[str]:
    rows = Notification.objects.filter(recipient=member.user)
    if task is not None:
        rows = rows.filter(task=task)
    return sorted(rows.exclude(kind=NotificationKind.ASSIGNED).values_list("kind", flat=True))


def test_due_in_three_days_then_due_today(cast):
    # The cast's task is due on 2026-03-31.
    run("2026-03-27")
    assert kinds(cast.owner) == []
    run("2026-03-28")
    assert kinds(cast.owner) == [NotificationKind.DUE_SOON]
    run("2026-03-31")
    assert kinds(cast.owner) == [NotificationKind.DUE_SOON, NotificationKind.DUE_TODAY]


def test_overdue_the_first_day_then_every_three_days(cast):
    for day in range(1, 9):
        run(f"2026-04-{day:02d}")
    overdue = Notification.objects.filter(recipient=cast.owner.user, kind=NotificationKind.OVERDUE)
    assert sorted(overdue.values_list("day", flat=True)) == [
        dt.date(2026, 4, 1),
        dt.date(2026, 4, 4),
        dt.date(2026, 4, 7),
    ]


def test_not_explained_within_two_days_the_leader_is_told_once(cast):
    run("2026-04-02")  # two days overdue: still the owner's to explain
    assert kinds(cast.leader) == []
    run("2026-04-03")  # three days: raised to the leader
    run("2026-04-04")
    assert kinds(cast.leader) == [NotificationKind.ESCALATED_LEADER]
    task = Task.objects.with_escalation(dt.date(2026, 4, 3)).get(pk=cast.task.pk)
    assert task.escalation == Escalation.LEADER


def test_an_explanation_holds_off_the_leader_but_not_the_committee(cast):
    with clock.frozen_at(at("2026-04-01", 9)):
        services.task_explain(
            task=cast.task.pk,
            actor=cast.owner.user,
            reason="Chờ phường gửi số liệu.",
            proposed_due_date=dt.date(2026, 4, 20),
        )
    assert NotificationKind.EXPLAINED in kinds(cast.leader)
    run("2026-04-03")
    assert NotificationKind.ESCALATED_LEADER not in kinds(cast.leader)
    # 2 + 7 days overdue is still the owner's level; the tenth day goes to the committee.
    run("2026-04-09")
    assert kinds(cast.standing) == []
    run("2026-04-10")
    run("2026-04-11")
    assert kinds(cast.standing) == [NotificationKind.ESCALATED_COMMITTEE]
    assert kinds_of_user(cast.staff) == [NotificationKind.ESCALATED_COMMITTEE]


def kinds_of_user(user) -> list[str]:
    return sorted(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_an_extension_ends_the_escalation_and_a_new_delay_escalates_anew(cast):
    run("2026-04-03")
    assert kinds(cast.leader) == [NotificationKind.ESCALATED_LEADER]
    with clock.frozen_at(at("2026-04-03", 10)):
        services.task_extend(
            task=cast.task.pk, actor=cast.leader.user, due_date=dt.date(2026, 4, 10), reason="Gia hạn."
        )
    assert (
        Task.objects.with_escalation(dt.date(2026, 4, 3)).get(pk=cast.task.pk).escalation == Escalation.NONE
    )
    run("2026-04-13")
    leader_told = Notification.objects.filter(
        recipient=cast.leader.user, kind=NotificationKind.ESCALATED_LEADER
    ).values_list("day", flat=True)
    assert sorted(leader_told) == [dt.date(2026, 4, 3), dt.date(2026, 4, 13)]


def test_a_submission_waiting_more_than_three_days_reminds_the_leader(cast):
    task = cast.task
    owner = cast.owner.user
    with clock.frozen_at(at("2026-03-02", 9)):
        services.task_start(task=task.pk, actor=owner)
        for step in task.steps.order_by("order"):
            services.task_complete_step(task=task.pk, step=step.pk, actor=owner)
        services.measurement_record(task=task.pk, actor=owner, value=99, measured_on=dt.date(2026, 3, 2))
        services.task_submit(task=task.pk, actor=owner)
    run("2026-03-05")
    assert NotificationKind.AWAITING_ACCEPTANCE not in kinds(cast.leader)
    run("2026-03-06")
    assert NotificationKind.AWAITING_ACCEPTANCE in kinds(cast.leader)
    # The owner has handed it in: no reminder of the due date to them.
    run("2026-03-28")
    assert NotificationKind.DUE_SOON not in kinds(cast.owner)


@pytest.mark.parametrize("approver", ["standing_member", "standing_committee"])
def test_a_submission_waiting_reminds_its_approver_instead_of_the_leader(cast, approver):
    task = cast.task
    owner = cast.owner.user
    # The group's leader is not on the Standing Committee here: told only as its leader.
    cast.leader.is_standing = False
    cast.leader.save()
    named = {"member": cast.standing} if approver == "standing_member" else {}
    with clock.frozen_at(at("2026-03-02", 9)):
        services.task_edit(
            task=task.pk, actor=cast.leader.user, changes={"approver": {"kind": approver, **named}}
        )
        services.task_start(task=task.pk, actor=owner)
        for step in task.steps.order_by("order"):
            services.task_complete_step(task=task.pk, step=step.pk, actor=owner)
        services.measurement_record(task=task.pk, actor=owner, value=99, measured_on=dt.date(2026, 3, 2))
        services.task_submit(task=task.pk, actor=owner)
    run("2026-03-06")
    assert NotificationKind.AWAITING_ACCEPTANCE in kinds(cast.standing)
    assert NotificationKind.AWAITING_ACCEPTANCE not in kinds(cast.leader)
    told_too = NotificationKind.AWAITING_ACCEPTANCE in kinds(cast.other_leader)
    assert told_too == (approver == "standing_committee")


def test_the_day_run_twice_sends_nothing_twice(cast):
    first = run("2026-04-03")
    again = run("2026-04-03", hour=8)
    assert first.made[NotificationKind.OVERDUE] == 0  # the 3rd day is not a reminder day
    assert first.made[NotificationKind.ESCALATED_LEADER] == 1
    assert sum(again.made.values()) == 0
    assert Notification.objects.filter(kind=NotificationKind.ESCALATED_LEADER).count() == 1


def test_the_office_changes_the_numbers(cast):
    policy = NotificationPolicy(pk=1, due_soon_days=5, explain_within_days=1)
    policy.save()
    run("2026-03-26")
    assert kinds(cast.owner) == [NotificationKind.DUE_SOON]
    run("2026-04-02")
    assert NotificationKind.ESCALATED_LEADER in kinds(cast.leader)


def test_a_deactivated_owner_is_reminded_of_nothing(cast):
    cast.owner.active = False
    cast.owner.save()
    run("2026-03-31")
    assert kinds(cast.owner) == []


def test_run_reminders_prints_what_it_made_and_sent(cast):
    StaffUserFactory(email="office@example.org")
    out = StringIO()
    call_command("run_reminders", "--at", "2026-03-31T07:00+07:00", stdout=out)
    text = out.getvalue()
    assert "2026-03-31 07:00" in text
    assert f"{NotificationKind.DUE_TODAY.label}: 1" in text
    out = StringIO()
    call_command("run_reminders", "--at", "2026-03-31T07:30+07:00", stdout=out)
    assert "no new notification" in out.getvalue()


def test_run_reminders_refuses_a_moment_that_is_not_one(cast):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="ISO 8601"):
        call_command("run_reminders", "--at", "5 December")


def test_queries_do_not_grow_with_the_notifications(cast, django_assert_max_num_queries):
    """Ten times the overdue tasks, the same queries: the run reads and writes by chunk."""
    from tests.factories import make_task

    for _ in range(30):
        make_task(group=cast.group, owner=cast.owner, due_date=dt.date(2026, 3, 31))
    with clock.frozen_at(at("2026-04-01")), django_assert_max_num_queries(20):
        report = daily.run(at("2026-04-01"), send=False)
    assert report.made[NotificationKind.OVERDUE] == 31
