"""Writes the demo committee to the database; everything goes through the services.

The organisation (wards, members, groups, processes, term targets) is created or
updated by natural key through the reference services, so each row created or changed
has its audit row (by nobody: `actor=None`, the system), and a second run changes and
records nothing. The logins are bulk-written (they are not reference data). Tasks are
played only into a database that has none: each action of the plan runs through
`assignments.services` with the clock frozen at the moment it happened, so the event
trail is the services' own.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connections, transaction
from django.db.models import F, Value
from django.db.models.functions import Concat

from assignments import clock, notifications, services, webhooks
from assignments.audit_guard import sanctioned_wipe
from assignments.choices import NoteKind
from assignments.models import (
    Attachment,
    Event,
    Group,
    Measurement,
    Member,
    Note,
    Outcome,
    Process,
    ReferenceChange,
    Target,
    Task,
    TaskStep,
    Ward,
    WebhookDelivery,
    WebhookMessage,
)
from assignments.models.attachments import attachment_storage
from assignments.notifications import daily

from . import files, org
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
    playing = not Task.objects.exists()
    committee = _build_committee(password, playing=playing)
    report = Report()
    if playing:
        # Two years replayed tell nobody and post nothing; today's reminders are made
        # below, as the daily run would, so the bell and var/mail/ have something to show.
        with notifications.suppressed(), webhooks.outbox.suppressed():
            for task_plan in plans if plans is not None else build_plan():
                _play(task_plan, committee)
                report.tasks_added += 1
    # Retired only now: the 2024 tasks of the merged ward were assigned while it existed.
    retired = [w.code for w in org.load_wards() if w.retired]
    for ward in Ward.objects.filter(code__in=retired, active=True):
        services.ward_update(ward, actor=None, changes={"active": False})
    if playing:
        # This morning's run: the inbox items, and the digest mails (var/mail/ on make run).
        daily.run(clock.now())
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
    """Delete every task and group, the demo's people, processes, targets and wards, and
    both audit trails (the tasks' events and the history of reference data)."""
    # The one sanctioned bypass of the append-only trails: wiping demo data. Their rows
    # refuse deletion through the model and the queryset, and the database refuses every
    # UPDATE and DELETE of a row (migrations 0002, 0005, 0007); on PostgreSQL TRUNCATE
    # fires no row trigger. On SQLite `_raw_delete` issues the plain DELETE the model
    # guards refuse, which the trigger lets through only inside the sanctioned wipe.
    connection = connections[Event.objects.db]
    trails = (Event, ReferenceChange)
    # The webhooks' outbox points at the events: it goes first (TRUNCATE takes it along).
    outbox = (WebhookDelivery, WebhookMessage)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Foreign keys are checked at commit; TRUNCATE refuses a table with checks
            # still pending in the transaction, so run them now, then defer again.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in (*outbox, *trails))
            cursor.execute(f"TRUNCATE {tables}")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    else:
        WebhookDelivery.objects.all().delete()
        WebhookMessage.objects.all().delete()
        with sanctioned_wipe():
            for model in trails:
                model.objects.all()._raw_delete(connection.alias)
    store = attachment_storage()
    for name in Attachment.objects.values_list("file", "thumbnail"):
        for stored in filter(None, name):
            store.delete(stored)
    for owned in (Attachment, Note, Measurement, Outcome, TaskStep, Task, Group):
        owned.objects.all().delete()
    names = usernames()
    Member.objects.filter(user__username__in=names).delete()
    get_user_model().objects.filter(username__in=names).delete()
    Process.objects.filter(name__in=[p.name for p in PROCESSES.values()]).delete()
    Target.objects.filter(code__in=[t.code for t in TARGETS]).delete()
    Ward.objects.filter(code__in=[w.code for w in org.load_wards()]).delete()


# --------------------------------------------------------------------------- organisation


def _build_committee(password: str, *, playing: bool) -> Committee:
    rows = org.load_wards()
    names = {w.code: w.name for w in rows}
    stored_wards = Ward.objects.in_bulk(field_name="code")
    wards: dict[str, Ward] = {}
    for row in rows:
        # A retired ward is in use while the tasks are played (their 2024 tasks name it)
        # and retired after; on a later run it stays retired.
        active = playing or not row.retired
        if (ward := stored_wards.get(row.code)) is None:
            wards[row.code] = services.ward_create(actor=None, code=row.code, name=row.name, active=active)
        else:
            changes: services.WardChanges = {"name": row.name, "active": active}
            wards[row.code] = services.ward_update(ward, actor=None, changes=changes)

    everyone = people(names)
    _upsert_users(password)
    users = get_user_model().objects.in_bulk(usernames(), field_name="username")

    stored_members = {m.user_id: m for m in Member.objects.filter(user__in=users.values())}
    members: dict[str, Member] = {}
    for person in everyone:
        details: services.MemberChanges = {
            "full_name": person.full_name,
            "title": person.title,
            "phone": person.phone,
            "is_standing": person.is_standing,
            "active": True,
        }
        if codes := _wards_in_charge(person.username):
            details["wards"] = [wards[c] for c in codes if c in wards]
        user = users[person.username]
        if (member := stored_members.get(user.pk)) is None:
            members[person.username] = services.member_create(actor=None, user=user, **details)
        else:
            members[person.username] = services.member_update(member, actor=None, changes=details)
    # Re-read so each login carries its member: the services' role checks then need no query.
    users = get_user_model().objects.select_related("member").in_bulk(usernames(), field_name="username")

    retired = {w.code for w in rows if w.retired}
    stored_groups = Group.objects.in_bulk(field_name="number")
    groups: dict[int, Group] = {}
    for number, codes in org.GROUP_WARDS.items():
        leader = members[f"leader{number:02d}"]
        ordinary = [m for m in members if m.startswith("member") and number in org.member_groups(m)]
        group_values: services.GroupChanges = {
            "name": org.group_name(number, names, retired),
            "leader": leader,
            "members": [leader, *(members[m] for m in ordinary)],
            "wards": [wards[c] for c in codes],
        }
        if (group := stored_groups.get(number)) is None:
            groups[number] = services.group_create(
                actor=None,
                number=number,
                name=group_values["name"],
                leader=leader,
                members=group_values["members"],
                wards=group_values["wards"],
            )
        else:
            groups[number] = services.group_update(group, actor=None, changes=group_values)

    stored_processes = Process.objects.in_bulk(field_name="name")
    processes = {}
    for spec in PROCESSES.values():
        steps: list[services.StepSpec] = [
            {"order": order, "name": name, "expected_days": days}
            for order, (name, days) in enumerate(spec.steps, start=1)
        ]
        if (process := stored_processes.get(spec.name)) is None:
            process = services.process_create(
                actor=None, name=spec.name, description=spec.description, steps=steps
            )
        else:
            process = services.process_update(
                process, actor=None, changes={"description": spec.description, "active": True, "steps": steps}
            )
        processes[spec.key] = process

    stored_targets = Target.objects.in_bulk(field_name="code")
    targets = {}
    for t in TARGETS:
        target_values: services.TargetChanges = {
            "name": t.name,
            "unit": t.unit,
            "target_value": t.target_value,
            "direction": t.direction,
            "deadline": t.deadline,
            "actual": t.actual,
            "achieved_on": t.achieved_on,
        }
        if (target := stored_targets.get(t.code)) is None:
            targets[t.code] = services.target_create(
                actor=None,
                code=t.code,
                name=t.name,
                unit=t.unit,
                target_value=t.target_value,
                direction=t.direction,
                deadline=t.deadline,
                actual=t.actual,
                achieved_on=t.achieved_on,
            )
        else:
            targets[t.code] = services.target_update(target, actor=None, changes=target_values)
    return Committee(users, members, groups, wards, processes, targets)


def _wards_in_charge(username: str) -> list[str]:
    """The wards a demo member is in charge of: a leader their group's, a member theirs;
    the Secretary none given (an office's choice kept)."""
    if username.startswith("leader"):
        return org.GROUP_WARDS[int(username.removeprefix("leader"))]
    if username.startswith("member"):
        return org.member_wards(username)
    return []


DEMO_MAIL_DOMAIN = "example.org"


def demo_email(username: str) -> str:
    return f"{username}@{DEMO_MAIL_DOMAIN}"


def _upsert_users(password: str) -> None:
    User = get_user_model()
    # One hash for all: the logins share one published password anyway, and hashing it
    # sixty times would make the seed slow for nothing.
    hashed = make_password(password)
    existing = set(User.objects.filter(username__in=usernames()).values_list("username", flat=True))
    User.objects.bulk_create(
        User(username=name, password=hashed, is_active=True, email=demo_email(name))
        for name in usernames()
        if name not in existing
    )
    # Each an address on the reserved example.org, so the mails the demo sends can be read
    # (var/mail/ in development) and reach nobody.
    User.objects.filter(username__in=usernames()).update(
        password=hashed, is_active=True, email=Concat(F("username"), Value(f"@{DEMO_MAIL_DOMAIN}"))
    )
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
                case "explain":
                    services.task_explain(
                        task=pk, actor=who, reason=a["reason"], proposed_due_date=a["proposed_due_date"]
                    )
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
                case "attach":
                    files.attach(pk, who, a)
                case "withdraw file":
                    files.withdraw_latest(pk, who, a)
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
