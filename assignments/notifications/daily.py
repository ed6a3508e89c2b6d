"""The daily run (docs/rules.md, "Reminders" and "Escalation"), for a given moment.

One pass over the open tasks that can need a word today (due within the reminder
window, overdue, or waiting for acceptance), read in chunks by primary key, so memory
stays flat however many tasks there are and the queries grow with the chunks, not the
notifications. Each chunk's notifications are written by `inbox.write`, which ignores
what is already there: running the day twice, or two runs at once, sends nothing twice.
Then what is due goes out, and each person's digest mail.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q

from assignments import clock
from assignments.choices import OWNER_WORKS, ApproverKind, Escalation, NotificationKind, Status
from assignments.escalation import escalation
from assignments.models import Member, Notification, NotificationPolicy, Task
from assignments.notifications import delivery
from assignments.notifications.inbox import Item, write

CHUNK = 2000

_ESCALATED = (NotificationKind.ESCALATED_LEADER, NotificationKind.ESCALATED_COMMITTEE)

_COLUMNS = (
    "pk",
    "status",
    "due_date",
    "submitted_at",
    "explained_for_due_date",
    "owner__user_id",
    "owner__full_name",
    "group__name",
    "group__leader__user_id",
    "approver_kind",
    "approver__user_id",
)


@dataclass
class RunReport:
    at: dt.datetime
    made: Counter[str] = field(default_factory=Counter)
    sent: Counter[str] = field(default_factory=Counter)
    digests: int = 0

    def as_dict(self) -> dict[str, int]:
        return {
            **{f"made_{kind}": n for kind, n in sorted(self.made.items())},
            **{f"sent_{channel}": n for channel, n in sorted(self.sent.items())},
            "digests": self.digests,
        }


def _candidates(today: dt.date, policy: NotificationPolicy) -> Iterator[list[tuple]]:
    """The open tasks that may need a word today, a chunk at a time, by primary key."""
    horizon = today + dt.timedelta(days=policy.due_soon_days)
    tasks = (
        Task.objects.open()
        .filter(Q(due_date__lte=horizon) | Q(status=Status.SUBMITTED))
        # An inactive owner is told nothing (the office hands the task over).
        .filter(owner__active=True)
        .order_by("pk")
        .values_list(*_COLUMNS)
    )
    after = 0
    while True:
        rows = list(tasks.filter(pk__gt=after)[:CHUNK])
        if not rows:
            return
        yield rows
        after = rows[-1][0]


def _committee() -> list[int]:
    """The Standing Committee and the office: told of long-overdue work."""
    standing = Member.objects.filter(active=True, is_standing=True, user__is_active=True).values("user_id")
    return list(
        User.objects.filter(Q(pk__in=standing) | Q(is_staff=True, is_active=True))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _standing() -> list[int]:
    """The Standing Committee's members' logins: who accepts a task the committee accepts."""
    return list(
        Member.objects.filter(active=True, is_standing=True, user__is_active=True)
        .order_by("user_id")
        .values_list("user_id", flat=True)
    )


def _approvers(
    kind: str, leader: int | None, named: int | None, owner: int, standing: list[int]
) -> list[int]:
    """Who accepts the task (docs/rules.md, "Product and authority"), never its owner."""
    if kind == ApproverKind.STANDING_MEMBER:
        users = [named] if named is not None else []
    elif kind == ApproverKind.STANDING_COMMITTEE:
        users = list(standing)
    else:
        users = [leader] if leader is not None else []
    return [user for user in users if user != owner]


def _items(
    rows: list[tuple],
    today: dt.date,
    policy: NotificationPolicy,
    committee: list[int],
    standing: list[int],
) -> list[Item]:
    escalated = {
        (task_id, kind): day
        for task_id, kind, day in Notification.objects.filter(
            task_id__in=[r[0] for r in rows], kind__in=_ESCALATED
        )
        .order_by("day")
        .values_list("task_id", "kind", "day")
    }
    items: list[Item] = []
    for row in rows:
        pk, status, due_date, submitted_at, explained_for, owner, owner_name, group, leader = row[:9]
        approver_kind, named = row[9:11]
        days_overdue = (today - due_date).days
        data = {"due_date": due_date.isoformat(), "owner": owner_name, "group": group}
        if status in OWNER_WORKS:
            if days_overdue == -policy.due_soon_days:
                items.append(Item(owner, pk, NotificationKind.DUE_SOON, {**data, "days": -days_overdue}))
            elif days_overdue == 0:
                items.append(Item(owner, pk, NotificationKind.DUE_TODAY, data))
            elif days_overdue > 0 and (days_overdue - 1) % policy.overdue_every_days == 0:
                explained = explained_for == due_date
                items.append(
                    Item(
                        owner,
                        pk,
                        NotificationKind.OVERDUE,
                        {**data, "days": days_overdue, "explained": explained},
                    )
                )
        if status == Status.SUBMITTED and submitted_at is not None:
            waited = (today - clock.local_date(submitted_at)).days
            over = waited - policy.awaiting_acceptance_days
            if over > 0 and (over - 1) % policy.overdue_every_days == 0:
                items.extend(
                    Item(user, pk, NotificationKind.AWAITING_ACCEPTANCE, {**data, "days": waited})
                    for user in _approvers(approver_kind, leader, named, owner, standing)
                )
        level = escalation(
            status=status,
            due_date=due_date,
            explained_for_due_date=explained_for,
            today=today,
            explain_within=policy.explain_within_days,
            committee_after=policy.committee_after_days,
        )

        def first_time(kind: str, due: dt.date = due_date, task_id: int = pk) -> bool:
            # Once per task and due date: an extension that runs late again escalates anew.
            told = escalated.get((task_id, kind))
            return told is None or told <= due

        overdue = {**data, "days": days_overdue}
        if (
            level == Escalation.LEADER
            and status in OWNER_WORKS
            and leader is not None
            and first_time(NotificationKind.ESCALATED_LEADER)
        ):
            items.append(Item(leader, pk, NotificationKind.ESCALATED_LEADER, overdue))
        if level == Escalation.COMMITTEE and first_time(NotificationKind.ESCALATED_COMMITTEE):
            items.extend(Item(user, pk, NotificationKind.ESCALATED_COMMITTEE, overdue) for user in committee)
    return items


def run(at: dt.datetime | None = None, *, send: bool = True) -> RunReport:
    """The reminders and escalations of the day of `at`, then what is due by `at`, sent."""
    at = at or clock.now()
    today = clock.local_date(at)
    policy = NotificationPolicy.current()
    report = RunReport(at=at)
    committee = _committee()
    standing = _standing()
    active_users = set(User.objects.filter(is_active=True).values_list("pk", flat=True))
    for rows in _candidates(today, policy):
        made = _items(rows, today, policy, committee, standing)
        items = [i for i in made if i.recipient_id in active_users]
        # A chunk's notifications and their deliveries together or not at all: a worker
        # killed between the two must not leave rows that a retry takes as already sent.
        with transaction.atomic():
            report.made.update(i.kind for i in write(items, day=today, at=at))
    if send:
        # What is due by the clock, not by `at`: a day caught up late sends at once.
        report.sent = delivery.deliver_due()
        report.digests = delivery.send_digests()
    return report
