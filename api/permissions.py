"""Who may call what, before the services decide on the particular task.

The fine rules (the owner starts, the group's leader accepts...) are the services';
these only turn away callers who could never succeed, with the same messages.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import permissions

from assignments import roles
from assignments.actions import ONLY_GROUP_MANAGER_CREATES


class IsStaffOrReadOnly(permissions.BasePermission):
    """Reference data: every logged-in user reads it; the committee office writes it."""

    message = _("Only the committee office may change reference data.")

    def has_permission(self, request, view) -> bool:
        return request.method in permissions.SAFE_METHODS or roles.is_staff(request.user)


class IsStaff(permissions.BasePermission):
    """What only the committee office reads (the history of reference data): others get 403."""

    message = _("Only the committee office reads the history of reference data.")

    def has_permission(self, request, view) -> bool:
        return roles.is_staff(request.user)


class ManagesWebhooks(permissions.BasePermission):
    """The webhook endpoints and their deliveries: the committee office's (others get 403)."""

    message = _("Only the committee office manages webhooks.")

    def has_permission(self, request, view) -> bool:
        return roles.is_staff(request.user)


class CanAssignTasks(permissions.BasePermission):
    """Creating a task: the office, or a member who leads a group (the service then
    checks that they lead the task's group)."""

    message = ONLY_GROUP_MANAGER_CREATES

    def has_permission(self, request, view) -> bool:
        if roles.is_staff(request.user):
            return True
        member = roles.member_of(request.user)
        return member is not None and member.led_groups.exists()
