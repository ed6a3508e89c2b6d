"""A committee group's board: its tasks by status, the filters, and assigning a task."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.views import View
from django.views.generic import TemplateView

from assignments import policies, roles, selectors, services
from assignments.choices import CLOSED_STATUSES, OPEN_STATUSES, DeadlineStatus, Status
from assignments.exceptions import NotPermitted
from assignments.models import Group, Task
from assignments.summaries import FIGURE_LABELS
from web.filters import BoardFilterSet
from web.forms import TaskCreateForm, add_service_errors
from web.views.base import URGENCY, PageMixin

#: The board's sections: what awaits the leader first, then the work under way.
SECTIONS = (
    Status.SUBMITTED,
    Status.IN_PROGRESS,
    Status.PAUSED,
    Status.ASSIGNED,
    Status.DONE,
    Status.CANCELLED,
)


@dataclass(frozen=True)
class Section:
    status: Status
    label: str | Promise
    tasks: list[Task]

    @property
    def closed(self) -> bool:
        return self.status in CLOSED_STATUSES


def visible_group(user: Any, number: int) -> Group:
    """The group if `user` may open its board; a 404 otherwise (like a task they may not read)."""
    return get_object_or_404(policies.groups_visible_to(user).select_related("leader"), number=number)


class GroupListView(PageMixin, TemplateView):
    template_name = "web/groups.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        open_statuses = list(OPEN_STATUSES)
        context["groups"] = (
            policies.groups_visible_to(self.request.user)
            .select_related("leader")
            .annotate(
                open_tasks=Count("tasks", filter=Q(tasks__status__in=open_statuses)),
                awaiting=Count("tasks", filter=Q(tasks__status=Status.SUBMITTED)),
            )
            .order_by("number")
        )
        return context


class BoardView(PageMixin, TemplateView):
    template_name = "web/board.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        group = visible_group(user, kwargs["number"])
        tasks = selectors.tasks_visible_to(user).filter(group=group).for_cards()
        filters = BoardFilterSet(self.request.GET or None, queryset=tasks, request=self.request, group=group)
        listed = list(filters.qs.annotate(urgency=URGENCY).order_by("urgency", "due_date", "id"))
        by_status: dict[str, list[Task]] = {s: [] for s in SECTIONS}
        for task in listed:
            by_status[task.status].append(task)
        context.update(
            group=group,
            filters=filters,
            filter_errors=filters.errors_off_the_form(),
            sections=[Section(s, s.label, by_status[s]) for s in SECTIONS],
            # The summary's figures, under the summary's names (a task awaiting acceptance
            # counts by its deadline status until accepted), with how many are handed in.
            overdue=_counted(listed, DeadlineStatus.OPEN_OVERDUE),
            due_soon=_counted(listed, DeadlineStatus.OPEN_DUE_SOON),
            labels=FIGURE_LABELS,
            awaiting=len(by_status[Status.SUBMITTED]),
            may_assign=policies.may_assign_in(user, group),
            filtered=bool(self.request.GET),
        )
        return context


@dataclass(frozen=True)
class Counted:
    tasks: int
    awaiting: int


def _counted(tasks: list[Task], status: DeadlineStatus) -> Counted:
    """The tasks in a deadline status, and how many of them are awaiting acceptance."""
    matching = [t for t in tasks if t.deadline_status == status]
    return Counted(len(matching), sum(1 for t in matching if t.status == Status.SUBMITTED))


class TaskCreateView(PageMixin, View):
    template_name = "web/task_form.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated:
            self.group = visible_group(request.user, kwargs["number"])
            allowed = policies.may_assign_in(request.user, self.group)
            if not allowed:
                raise PermissionDenied(allowed.reason)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest, number: int) -> HttpResponse:
        # From a document's page: the task is assigned by that document (`?document=<id>`).
        initial = (
            {"document": request.GET.get("document")} if request.GET.get("document", "").isdigit() else {}
        )
        return self._page(TaskCreateForm(group=self.group, user=request.user, initial=initial))

    def post(self, request: HttpRequest, number: int) -> HttpResponse:
        form = TaskCreateForm(request.POST, group=self.group, user=request.user)
        if form.is_valid():
            try:
                task = services.task_create(actor=roles.signed_in(request.user), **form.service_arguments())
            except ValidationError as error:
                add_service_errors(form, error, TaskCreateForm.SERVICE_FIELDS)
            except NotPermitted as error:
                raise PermissionDenied(error.message) from None
            else:
                messages.success(
                    request,
                    gettext("Task assigned to %(owner)s: “%(title)s”.")
                    % {"owner": task.owner.full_name, "title": task.title},
                )
                return redirect("web:task", pk=task.pk)
        messages.error(request, gettext("The task was not assigned: see the messages next to the fields."))
        return self._page(form, status=400)

    def _page(self, form: TaskCreateForm, status: int = 200) -> HttpResponse:
        return render(self.request, self.template_name, {"group": self.group, "form": form}, status=status)
