"""Reference data of the organisation: wards, members and committee groups (docs/rules.md,
"Reference data").

The API, the admin and the demo seed change them only here. Each write is one
transaction that locks the row, changes only what differs and writes one audit row
(`ReferenceChange`, assignments/services/reference_audit.py) naming the fields, old and
new; a save that changes nothing writes nothing. What a member's or a ward's change
means elsewhere goes with it: the search columns (assignments/search.py) and, for a
member deactivated, the end of their logins.

A group keeps one rule, `check_group_members`: the leader is one of the group's members,
and nobody leaves a group while they own an open task there ("one task, one owner, a
member of the group": hand the task over first). The services check it; the admin's
form calls it too, to show the refusal next to the field.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypedDict

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from assignments import accounts, search
from assignments.choices import OPEN_STATUSES
from assignments.exceptions import InvalidTransition
from assignments.models import Group, Member, ReferenceAction, Task, Ward
from assignments.services import reference_audit as audit

LEADER_NOT_MEMBER = _("The group leader must be one of the group's members.")

#: How many of the tasks to hand over a refusal names before it says "and N more".
NAMED_TASKS = 5


def open_tasks_of_leavers(group: Group, members: Iterable[Member]) -> list[Task]:
    """The group's open tasks owned by members who would leave it."""
    staying = [m.pk for m in members]
    return list(
        Task.objects.filter(group=group, status__in=OPEN_STATUSES)
        .exclude(owner_id__in=staying)
        .select_related("owner")
        .order_by("id")
    )


def check_group_members(group: Group | None, *, leader: Member | None, members: Iterable[Member]) -> None:
    """Raise a 400 (the leader is not a member) or a 409 naming the open tasks whose
    owners would leave the group; a new group (`group` None) has no tasks yet."""
    members = list(members)
    if leader is not None and leader not in members:
        raise ValidationError({"leader": [LEADER_NOT_MEMBER]}, code="leader_not_member")
    if group is None or group.pk is None:
        return
    blocking = open_tasks_of_leavers(group, members)
    if not blocking:
        return
    named = "; ".join(f"#{t.pk} “{t.title}” ({t.owner.full_name})" for t in blocking[:NAMED_TASKS])
    more = len(blocking) - NAMED_TASKS
    message = _("These members still own open tasks of the group; hand the tasks over first: %(tasks)s.") % {
        "tasks": named
    }
    if more > 0:
        message = _("%(message)s And %(count)d more.") % {"message": message, "count": more}
    raise InvalidTransition(message, code="owner_has_open_tasks")


# --------------------------------------------------------------------------- shared


class WardChanges(TypedDict, total=False):
    code: str
    name: str
    active: bool


class MemberChanges(TypedDict, total=False):
    full_name: str
    title: str
    phone: str
    is_standing: bool
    active: bool
    wards: Iterable[Ward]


class GroupChanges(TypedDict, total=False):
    number: int
    name: str
    leader: Member
    members: Iterable[Member]
    wards: Iterable[Ward]


def locked(model: type[Model], obj: Model | int) -> Any:
    """The row as stored now, locked until the transaction ends (the old values of the row)."""
    pk = obj.pk if isinstance(obj, Model) else obj
    return model._default_manager.select_for_update().get(pk=pk)


# --------------------------------------------------------------------------- wards


@transaction.atomic
def ward_create(*, actor: User | None, code: str, name: str, active: bool = True) -> Ward:
    ward: Ward = audit.create(audit.WARD, {"code": code, "name": name, "active": active}, actor=actor)
    search.ward_saved(ward)  # found by code and name
    return ward


@transaction.atomic
def ward_update(ward: Ward | int, *, actor: User | None, changes: WardChanges) -> Ward:
    row: Ward = locked(Ward, ward)
    if {"code", "name"} & set(audit.update(audit.WARD, row, changes, actor=actor)):
        search.ward_saved(row)  # found by code and name; its tasks by its name
    return row


@transaction.atomic
def ward_delete(ward: Ward | int, *, actor: User | None) -> None:
    """Only a ward no task points at (PROTECT); the admin's delete page says so first."""
    audit.delete(audit.WARD, locked(Ward, ward), actor=actor)


# --------------------------------------------------------------------------- members


@transaction.atomic
def member_create(
    *,
    actor: User | None,
    user: Any,
    full_name: str,
    title: str = "",
    phone: str = "",
    is_standing: bool = False,
    active: bool = True,
    wards: Iterable[Ward] = (),
) -> Member:
    member: Member = audit.create(
        audit.MEMBER,
        {
            "user": user,
            "full_name": full_name,
            "title": title,
            "phone": phone,
            "is_standing": is_standing,
            "active": active,
            "wards": list(wards),
        },
        actor=actor,
    )
    search.member_saved(member)  # found by name
    return member


@transaction.atomic
def member_update(member: Member | int, *, actor: User | None, changes: MemberChanges) -> Member:
    row: Member = locked(Member, member)
    changed = audit.update(audit.MEMBER, row, changes, actor=actor)
    if {"full_name", "title"} & set(changed):
        search.member_saved(row)  # found by name, their tasks too
    if "active" in changed and not row.active:
        # Retired: the person's tokens and sessions end now.
        accounts.credentials_revoke_if_shut_out(users=[row.user])
    return row


def members_deactivate(members: Iterable[Member | int], *, actor: User | None) -> list[Member]:
    """Deactivate the active ones among `members`: one audit row each; their logins end.
    Returns those it changed."""
    return _members_set_active(members, False, actor=actor)


def members_reactivate(members: Iterable[Member | int], *, actor: User | None) -> list[Member]:
    """Reactivate the deactivated ones among `members`: one audit row each. Returns those it changed."""
    return _members_set_active(members, True, actor=actor)


@transaction.atomic
def _members_set_active(members: Iterable[Member | int], active: bool, *, actor: User | None) -> list[Member]:
    pks = [m.pk if isinstance(m, Member) else m for m in members]
    changing = list(
        Member.objects.select_for_update(of=("self",))
        .select_related("user")
        .filter(pk__in=pks, active=not active)
        .order_by("pk")
    )
    if not changing:
        return []
    Member.objects.filter(pk__in=[m.pk for m in changing]).update(active=active)
    action = ReferenceAction.REACTIVATED if active else ReferenceAction.DEACTIVATED
    changes = {"active": {"from": not active, "to": active}}
    for member in changing:
        member.active = active
    audit.write_many(
        [audit.entry(audit.MEMBER, m, actor=actor, action=action, changes=changes) for m in changing]
    )
    if not active:
        accounts.credentials_revoke_if_shut_out(users=[m.user for m in changing])
    return changing


# --------------------------------------------------------------------------- groups


@transaction.atomic
def group_create(
    *,
    actor: User | None,
    number: int,
    name: str,
    leader: Member,
    members: Iterable[Member],
    wards: Iterable[Ward] = (),
) -> Group:
    members = list(members)
    check_group_members(None, leader=leader, members=members)
    return audit.create(
        audit.GROUP,
        {"number": number, "name": name, "leader": leader, "members": members, "wards": list(wards)},
        actor=actor,
    )


@transaction.atomic
def group_update(group: Group | int, *, actor: User | None, changes: GroupChanges) -> Group:
    row: Group = locked(Group, group)
    changes = GroupChanges(**changes)
    if "members" in changes:
        changes["members"] = list(changes["members"])
    if "leader" in changes or "members" in changes:
        check_group_members(
            row,
            leader=changes.get("leader", row.leader),
            members=changes.get("members", row.members.all()),
        )
    audit.update(audit.GROUP, row, changes, actor=actor)
    return row


@transaction.atomic
def group_delete(group: Group | int, *, actor: User | None) -> None:
    """Only a group no task belongs to (PROTECT); the admin's delete page says so first."""
    audit.delete(audit.GROUP, locked(Group, group), actor=actor)
