"""What the layout of every page needs: the bell's unread count."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import cached_property

from assignments.models import Notification


class Bell:
    """The signed-in person's unread notifications, counted when the layout asks: a
    page that does not draw the bell (the admin, an error page) pays nothing."""

    def __init__(self, user: Any) -> None:
        self._user = user

    @cached_property
    def unread(self) -> int:
        return Notification.objects.filter(recipient=self._user).unread().count()


def bell(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"bell": Bell(user)}
