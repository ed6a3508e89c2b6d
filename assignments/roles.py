"""Who a user is in the committee: the roles that permissions are decided on."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied

from assignments.models import Document, Group, Member, Task

AnyUser = User | AnonymousUser

STAFF = "staff"
STANDING = "standing"
LEADER = "leader"
MEMBER = "member"


def signed_in(user: AnyUser) -> User:
    """The user of a request that authentication let through (`IsAuthenticated`,
    `login_required`), typed as one: the services take the person acting, never anonymous."""
    if isinstance(user, AnonymousUser):
        # Not reached behind those checks; a refusal rather than a write by nobody.
        raise PermissionDenied
    return user


def member_of(user: AnyUser) -> Member | None:
    """The user's active member record, or None (anonymous, staff-only or deactivated)."""
    if not user.is_authenticated:
        return None
    try:
        member = user.member
    except Member.DoesNotExist:
        return None
    return member if member.active else None


def is_staff(user: AnyUser) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_staff)


def is_standing(user: AnyUser) -> bool:
    member = member_of(user)
    return bool(member and member.is_standing)


def reads_everything(user: AnyUser) -> bool:
    """Staff and Standing Committee members read every task, event and summary."""
    return is_staff(user) or is_standing(user)


def leads_group(user: AnyUser, group: Group | int) -> bool:
    member = member_of(user)
    if member is None:
        return False
    if isinstance(group, Group):
        return group.leader_id == member.pk
    return Group.objects.filter(pk=group, leader=member).exists()


def is_owner(user: AnyUser, task: Task) -> bool:
    member = member_of(user)
    return member is not None and task.owner_id == member.pk


def manages(user: AnyUser, task: Task) -> bool:
    """Leader actions (accept, return, extend...): the group's leader or the office."""
    return is_staff(user) or leads_group(user, task.group)


def assigns_in(user: AnyUser, group: Group) -> bool:
    """Who may assign tasks to a group: its leader or the office."""
    return is_staff(user) or leads_group(user, group)


def roles_of(user: AnyUser) -> list[str]:
    roles = []
    if is_staff(user):
        roles.append(STAFF)
    member = member_of(user)
    if member is not None:
        if member.is_standing:
            roles.append(STANDING)
        if member.led_groups.exists():
            roles.append(LEADER)
        roles.append(MEMBER)
    return roles


def registers_documents(user: AnyUser) -> bool:
    """Who registers an assigning document: the office, or a member who leads a group."""
    if is_staff(user):
        return True
    member = member_of(user)
    return member is not None and member.led_groups.exists()


def edits_document(user: AnyUser, document: Document) -> bool:
    """The office edits any document; a group's leader the ones they registered."""
    if is_staff(user):
        return True
    return document.created_by_id == user.pk and registers_documents(user)
