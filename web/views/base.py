"""What every page shares: a login, and the reading of tasks within the user's scope."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Case, IntegerField, Value, When
from django.urls import reverse_lazy

from assignments.choices import DeadlineStatus


class PageMixin(LoginRequiredMixin):
    """Anonymous visitors go to the pages' login (settings.LOGIN_URL is the admin's)."""

    login_url = reverse_lazy("web:login")


#: Open tasks first, the most pressing first: overdue, due soon, on track; then the rest.
URGENCY = Case(
    When(deadline_status=DeadlineStatus.OPEN_OVERDUE.value, then=Value(0)),
    When(deadline_status=DeadlineStatus.OPEN_DUE_SOON.value, then=Value(1)),
    When(deadline_status=DeadlineStatus.OPEN_ON_TRACK.value, then=Value(2)),
    default=Value(3),
    output_field=IntegerField(),
)
