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
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from assignments import roles, selectors
from web.views.base import PageMixin

NOT_A_LEADER = _("Only a group's leader, the Standing Committee and the committee office see this list.")


class OverdueView(PageMixin, TemplateView):
    template_name = "web/overdue.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        if not selectors.sees_overdue_list(user):
            raise PermissionDenied(NOT_A_LEADER)
        context = super().get_context_data(**kwargs)
        context["tasks"] = list(selectors.unexplained_overdue(user))
        context["all_groups"] = roles.reads_everything(user)
        return context
