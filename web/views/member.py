"""“Việc của tôi”: the tasks a member owns, then those they coordinate, then those they watch."""

from __future__ import annotations

from typing import Any

from django.views.generic import TemplateView

from assignments import roles, selectors
from assignments.models import Task
from assignments.models.tasks import TaskQuerySet
from web.views.base import URGENCY, PageMixin


def task_cards(tasks: TaskQuerySet) -> TaskQuerySet:
    """What a task card shows, in one query whatever the number of tasks."""
    return tasks.for_cards().annotate(urgency=URGENCY).order_by("urgency", "due_date", "id")


def split_open(tasks: list[Task]) -> tuple[list[Task], list[Task]]:
    return [t for t in tasks if not t.is_closed], [t for t in tasks if t.is_closed]


class MyTasksView(PageMixin, TemplateView):
    template_name = "web/my_tasks.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        member = roles.member_of(self.request.user)
        owned: list[Task] = []
        coordinated: list[Task] = []
        watched: list[Task] = []
        if member is not None:
            visible = selectors.tasks_visible_to(self.request.user)
            owned = list(task_cards(visible.filter(owner=member)))
            coordinated = list(task_cards(visible.filter(coordinators=member)))
            watched = list(task_cards(visible.filter(watchers=member)))
        owned_open, owned_closed = split_open(owned)
        coordinated_open, coordinated_closed = split_open(coordinated)
        # Open only: a watcher follows the work in progress, with nothing of theirs to close.
        watched_open, _watched_closed = split_open(watched)
        context.update(
            member=member,
            owned_open=owned_open,
            owned_closed=owned_closed,
            coordinated_open=coordinated_open,
            coordinated_closed=coordinated_closed,
            watched_open=watched_open,
        )
        return context
