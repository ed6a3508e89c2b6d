"""“Quá hạn chưa giải trình”: the leader's list of overdue tasks whose delay the owner has
not explained for the current due date, raised to the leader or further (docs/rules.md,
"Escalation of overdue work"). The level is the one definition's
(assignments/escalation.py), computed by the database, so the list, the task page and
the daily run agree.

A leader sees the groups they lead; the Standing Committee and the office every group.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from assignments import roles, selectors
from assignments.choices import Escalation, Status
from assignments.escalation import escalation_expression
from assignments.models import Group
from assignments.models.tasks import TaskQuerySet
from web.views.base import PageMixin

#: Those whose delay is the owner's to explain (a submitted task waits on its leader).
OWNER_WORKS = (Status.ASSIGNED, Status.IN_PROGRESS, Status.PAUSED)

NOT_A_LEADER = _("Only a group's leader, the Standing Committee and the committee office see this list.")


def may_see_overdue(user: Any) -> bool:
    """Who the list and its menu item are for."""
    if roles.reads_everything(user):
        return True
    member = roles.member_of(user)
    return member is not None and Group.objects.filter(leader=member).exists()


def unexplained_overdue(user: Any) -> TaskQuerySet:
    """The open tasks of the user's scope raised to the leader or the committee and not
    explained for their current due date, the longest overdue first: one query."""
    tasks = selectors.tasks_visible_to(user)
    member = roles.member_of(user)
    if not roles.reads_everything(user):
        tasks = tasks.filter(group__leader=member)
    # A leader on the Standing Committee sees every group, their own groups first.
    own_first = Case(When(group__leader=member, then=Value(0)), default=Value(1), output_field=IntegerField())
    return (
        tasks.filter(status__in=OWNER_WORKS)
        .alias(level=escalation_expression())
        .filter(level__in=[Escalation.LEADER.value, Escalation.COMMITTEE.value])
        .exclude(Q(explained_for_due_date=F("due_date")))
        .for_cards()
        .annotate(escalation_level=escalation_expression())
        .alias(own_first=own_first)
        .order_by("own_first", "due_date", "group__number", "id")
    )


class OverdueView(PageMixin, TemplateView):
    template_name = "web/overdue.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        if not may_see_overdue(user):
            raise PermissionDenied(NOT_A_LEADER)
        context = super().get_context_data(**kwargs)
        context["tasks"] = list(unexplained_overdue(user))
        context["all_groups"] = roles.reads_everything(user)
        return context
