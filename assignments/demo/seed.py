"""Writes the demo committee to the database; every task moves through the services.

The organisation (wards, logins, members, groups, processes, term targets) is upserted
by natural key, so a second run adds nothing. Tasks are played only into a database
that has none: each action of the plan runs through `assignments.services` with the
clock frozen at the moment it happened, so the event trail is the services' own.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connections, transaction

from assignments import clock, search, services
from assignments.audit_guard import sanctioned_wipe
from assignments.choices import NoteKind
from assignments.models import (
    Event,
    Group,
    Measurement,
    Member,
    Note,
    Outcome,
    Process,
    ProcessStep,
    Target,
    Task,
    TaskStep,
    Ward,
)

from . import org
from .plan import COORDINATOR, OFFICE, OWNER, STANDING, TaskPlan, build_plan, ward_names
from .processes import PROCESSES
from .targets import TARGETS

DEFAULT_PASSWORD = "taskforce-demo"
OFFICE_USERNAME = "office"


def people(names: dict[str, str] | None = None) -> list[org.Person]:
    """Every demo member, Secretary first."""
    return [org.SECRETARY, *org.leaders(), *org.ordinary_members(names or ward_names())]


def usernames() -> list[str]:
    return [OFFICE_USERNAME, *(p.username for p in people())]


@dataclass
class Committee:
    users: dict[str, Any]
    members: dict[str, Member]
    groups: dict[int, Group]
    wards: dict[str, Ward]
    processes: dict[str, Process]
    targets: dict[str, Target]


@dataclass
class Report:
    tasks_added: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    statuses: dict[str, int] = field(default_factory=dict)


def latest_moment(plans: list[TaskPlan]) -> dt.datetime:
    """When the last action of the plan happens: the clock must have passed it."""
    return max(max((a.at for a in p.actions if a.at), default=p.created_at) for p in plans)


@transaction.atomic
def seed(*, password: str = DEFAULT_PASSWORD, plans: list[TaskPlan] | None = None) -> Report:
    """Build the committee; play the tasks if there are none yet. Returns the counts."""
    committee = _build_committee(password)
    report = Report()
    if not Task.objects.exists():
        for task_plan in plans if plans is not None else build_plan():
            _play(task_plan, committee)
            report.tasks_added += 1
    # Retired only now: the 2024 tasks of the merged ward were assigned while it existed.
    retired = [w.code for w in org.load_wards() if w.retired]
    Ward.objects.filter(code__in=retired).update(active=False)
    report.counts = counts()
    report.statuses = status_counts()
    return report


def counts() -> dict[str, int]:
    targets = Target.objects.all()
    return {
        "wards": Ward.objects.count(),
        "active_wards": Ward.objects.filter(active=True).count(),
        "groups": Group.objects.count(),
        "members": Member.objects.count(),
        "processes": Process.objects.count(),
        "targets": targets.count(),
        "targets_achieved": sum(1 for t in targets if t.achieved),
        "targets_early": sum(1 for t in targets if t.achieved_early),
        "tasks": Task.objects.count(),
        "events": Event.objects.count(),
    }


@transaction.atomic
def reset() -> None:
    """Delete every task and group, and the demo's people, processes, targets and wards."""
    # The one sanctioned bypass of the append-only trail: wiping demo data. Events
    # refuse deletion through the model and the queryset, and on PostgreSQL a trigger
    # refuses every UPDATE and DELETE of a row (migration 0002); TRUNCATE fires no row
    # trigger. On SQLite `_raw_delete` issues the plain DELETE the model guards refuse.
    connection = connections[Event.objects.db]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Foreign keys are checked at commit; TRUNCATE refuses a table with checks
            # still pending in the transaction, so run them now, then defer again.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"TRUNCATE {connection.ops.quote_name(Event._meta.db_table)}")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    else:
        # SQLite's trigger lets this DELETE through only inside the sanctioned wipe.
        with sanctioned_wipe():
            Event.objects.all()._raw_delete(connection.alias)
    for model in (Note, Measurement, Outcome, TaskStep, Task, Group):
        model.objects.all().delete()
    names = usernames()
    Member.objects.filter(user__username__in=names).delete()
    get_user_model().objects.filter(username__in=names).delete()
    Process.objects.filter(name__in=[p.name for p in PROCESSES.values()]).delete()
    Target.objects.filter(code__in=[t.code for t in TARGETS]).delete()
    Ward.objects.filter(code__in=[w.code for w in org.load_wards()]).delete()


# --------------------------------------------------------------------------- organisation


def _build_committee(password: str) -> Committee:
    rows = org.load_wards()
    names = {w.code: w.name for w in rows}
    wards = {}
    for row in rows:
        wards[row.code], _ = Ward.objects.update_or_create(
            code=row.code, defaults={"name": row.name, "active": True}
        )

    everyone = people(names)
    _upsert_users(password)
    users = get_user_model().objects.in_bulk(usernames(), field_name="username")

    members: dict[str, Member] = {}
    for person in everyone:
        member, _ = Member.objects.update_or_create(
            user=users[person.username],
            defaults={
                "full_name": person.full_name,
                "title": person.title,
                "phone": person.phone,
                "is_standing": person.is_standing,
                "active": True,
            },
        )
        search.member_saved(member)
        members[person.username] = member
    for number, codes in org.GROUP_WARDS.items():
        members[f"leader{number:02d}"].wards.set([wards[c] for c in codes if c in wards])
    for person in everyone:
        if person.username.startswith("member"):
            members[person.username].wards.set([wards[c] for c in org.member_wards(person.username)])
    # Re-read so each login carries its member: the services' role checks then need no query.
    users = get_user_model().objects.select_related("member").in_bulk(usernames(), field_name="username")

    retired = {w.code for w in rows if w.retired}
    groups: dict[int, Group] = {}
    for number, codes in org.GROUP_WARDS.items():
        leader = members[f"leader{number:02d}"]
        group, _ = Group.objects.update_or_create(
            number=number, defaults={"name": org.group_name(number, names, retired), "leader": leader}
        )
        ordinary = [m for m in members if m.startswith("member") and number in org.member_groups(m)]
        group.members.set([leader, *(members[m] for m in ordinary)])
        group.wards.set([wards[c] for c in codes])
        groups[number] = group

    processes = {}
    for spec in PROCESSES.values():
        process, _ = Process.objects.update_or_create(
            name=spec.name, defaults={"description": spec.description, "active": True}
        )
        for order, (name, days) in enumerate(spec.steps, start=1):
            ProcessStep.objects.update_or_create(
                process=process, order=order, defaults={"name": name, "expected_days": days}
            )
        processes[spec.key] = process

    targets = {}
    for t in TARGETS:
        targets[t.code], _ = Target.objects.update_or_create(
            code=t.code,
            defaults={
                "name": t.name,
                "unit": t.unit,
                "target_value": t.target_value,
                "direction": t.direction,
                "deadline": t.deadline,
                "actual": t.actual,
                "achieved_on": t.achieved_on,
            },
        )
    return Committee(users, members, groups, wards, processes, targets)


def _upsert_users(password: str) -> None:
    User = get_user_model()
    # One hash for all: the logins share one published password anyway, and hashing it
    # sixty times would make the seed slow for nothing.
    hashed = make_password(password)
    existing = set(User.objects.filter(username__in=usernames()).values_list("username", flat=True))
    User.objects.bulk_create(
        User(username=name, password=hashed, is_active=True) for name in usernames() if name not in existing
    )
    User.objects.filter(username__in=usernames()).update(password=hashed, is_active=True)
    User.objects.filter(username=OFFICE_USERNAME).update(
        is_staff=True, is_superuser=True, first_name="Văn phòng Quận ủy"
    )


# --------------------------------------------------------------------------- tasks


def _play(plan: TaskPlan, c: Committee) -> None:
    """Create the task and replay its story, each action at its own moment."""
    leader = c.users[f"leader{plan.group:02d}"]
    owner = plan.owner
    coordinators = list(plan.coordinators)

    def actor(role: str) -> Any:
        if role == OWNER:
            return c.users[owner]
        if role == OFFICE:
            return c.users[OFFICE_USERNAME]
        if role == COORDINATOR and coordinators:
            return c.users[coordinators[0]]
        if role == STANDING:
            return c.users[org.SECRETARY.username]
        return leader  # the leader, or a coordinator's note once no coordinator is left

    with clock.frozen_at(plan.created_at):
        task = services.task_create(
            actor=actor(plan.creator),
            title=plan.title,
            description=plan.description,
            group=c.groups[plan.group],
            owner=c.members[owner],
            process=c.processes[plan.process],
            start_date=plan.start_date,
            due_date=plan.due_date,
            outcome=plan.outcome_as_assigned or plan.outcome,  # type: ignore[arg-type]
            ward=c.wards[plan.ward] if plan.ward else None,
            priority=plan.priority,
            source=plan.source,
            coordinators=[c.members[m] for m in coordinators],
            target=c.targets[plan.target] if plan.target else None,
        )
    steps = iter(task.steps.order_by("order").values_list("pk", flat=True))
    pk = task.pk
    for action in plan.actions:
        assert action.at is not None
        who = actor(action.actor)
        a = action.args
        with clock.frozen_at(action.at):
            match action.kind:
                case "start":
                    services.task_start(task=pk, actor=who)
                case "step":
                    services.task_complete_step(task=pk, step=next(steps), actor=who)
                case "measure":
                    services.measurement_record(
                        task=pk, actor=who, value=a["value"], measured_on=a["measured_on"], note=a["note"]
                    )
                case "pause":
                    services.task_pause(task=pk, actor=who, note=a["note"])
                case "resume":
                    services.task_resume(task=pk, actor=who, note=a["note"])
                case "submit":
                    services.task_submit(task=pk, actor=who, note=a["note"])
                case "accept":
                    services.task_accept(task=pk, actor=who, note=a["note"])
                case "return":
                    services.task_return(task=pk, actor=who, note=a["note"])
                case "cancel":
                    services.task_cancel(task=pk, actor=who, note=a["note"])
                case "extend":
                    services.task_extend(task=pk, actor=who, due_date=a["due_date"], reason=a["reason"])
                case "reassign":
                    services.task_reassign(
                        task=pk, actor=who, owner=c.members[a["owner"]], reason=a["reason"]
                    )
                    owner = a["owner"]
                    if owner in coordinators:
                        coordinators.remove(owner)
                case "note":
                    services.note_add(task=pk, actor=who, text=a["text"])
                case "edit":
                    services.task_edit(task=pk, actor=who, changes={"priority": a["priority"]})
                case "direction":
                    services.note_add(task=pk, actor=who, text=a["text"], kind=NoteKind.DIRECTION)
                case "coordinators":
                    services.task_change_coordinators(
                        task=pk, actor=who, coordinators=[c.members[m] for m in a["coordinators"]]
                    )
                    coordinators[:] = a["coordinators"]
                case "watchers":
                    services.task_change_watchers(
                        task=pk, actor=who, watchers=[c.members[m] for m in a["watchers"]]
                    )
                case "correct outcome":
                    services.outcome_correct(
                        task=pk,
                        actor=who,
                        changes={"baseline": a["baseline"]},
                        reason="Bổ sung giá trị ban đầu theo số liệu của phường.",
                    )
                case _:
                    raise ValueError(f"unknown action {action.kind!r}")


def status_counts() -> dict[str, int]:
    return dict(Counter(Task.objects.values_list("status", flat=True)))
