"""The Standing Committee's dashboard, the task list behind each bar, the spreadsheet.

Who may open it: everyone logged in, each seeing the summary of the tasks they may
read (assignments.summaries scopes it by selectors.tasks_visible_to, as the API's
summary does). The Standing Committee and the office read every task, so theirs is
the whole committee's; a member's covers their groups and the tasks they own or
coordinate, and the page says so.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.views import View
from django.views.generic import TemplateView

from assignments import roles, selectors
from assignments.choices import DeadlineStatus
from assignments.exports import XLSX_CONTENT_TYPE, SpreadsheetReport, export_filename, summary_xlsx
from assignments.filtersets import TaskFilterSet
from assignments.models import Target
from assignments.summaries import GROUPINGS, Period, Row, report_task_lines, summary_for
from web import charts
from web.forms import PeriodForm
from web.navigation import group_label
from web.views.base import PageMixin

REPORT_PAGE_SIZE = 50


def chosen_period(request: HttpRequest) -> tuple[PeriodForm, Period]:
    """The period asked for; the current year when none is (or the one asked is wrong)."""
    form = PeriodForm(request.GET or None, initial=PeriodForm.this_year())
    if form.is_bound and form.is_valid():
        return form, Period(form.cleaned_data["period_start"], form.cleaned_data["period_end"])
    year = PeriodForm.this_year()
    return form, Period(year["period_start"], year["period_end"])


def _group_label(row: Row) -> tuple[str, str]:
    return str(group_label(row["key"]["number"])), row["key"]["name"]


def _ward_label(row: Row) -> tuple[str, str]:
    return str(row["key"]["name"]), str(row["key"]["name"])


def _month_label(row: Row, *, one_year: bool) -> tuple[str, str]:
    year, month = row["key"]["month"].split("-")
    return (month if one_year else f"{month}/{year[2:]}"), f"{month}/{year}"


def row_filter(by: str, row: Row) -> dict[str, Any]:
    """The task filters of a row: its group, its ward (or "none"), its month."""
    key = row["key"]
    if by == "group":
        return {"group": key["id"]}
    if by == "ward":
        return {"ward": key["id"] if key["id"] is not None else "none"}
    return {"month": key["month"]}


class DashboardView(PageMixin, TemplateView):
    template_name = "web/dashboard.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        form, period = chosen_period(self.request)
        bounds = {"period_start": period.start, "period_end": period.end}
        by_group = summary_for(user, by="group", **bounds)
        by_ward = summary_for(user, by="ward", **bounds)
        by_month = summary_for(user, by="month", **bounds)

        def link(by: str) -> charts.Link:
            return lambda row, statuses: charts.tasks_link(
                period=period, statuses=statuses, **row_filter(by, row)
            )

        one_year = len({r["key"]["month"][:4] for r in by_month.rows}) <= 1
        context.update(
            form=form,
            period=period,
            summary=by_group,
            totals_link=charts.tasks_link(period=period),
            overdue_link=charts.tasks_link(period=period, statuses=["open_overdue"]),
            group_chart=charts.horizontal_bars(by_group.rows, label=_group_label, link=link("group")),
            ward_chart=charts.horizontal_bars(by_ward.rows, label=_ward_label, link=link("ward")),
            month_chart=charts.columns(
                by_month.rows, label=partial(_month_label, one_year=one_year), link=link("month")
            ),
            categories=charts.CATEGORIES,
            targets=Target.objects.order_by("deadline", "code"),
            whole_committee=roles.reads_everything(user),
        )
        return context


class ReportTasksView(PageMixin, TemplateView):
    """The tasks behind a bar, a segment or a figure: the API's task filters, scoped."""

    template_name = "web/report_tasks.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        tasks = (
            selectors.tasks_visible_to(self.request.user)
            .with_deadline_status()
            .with_priority_rank()
            .select_related("group", "ward", "owner")
            .order_by("due_date", "id")
        )
        # A parameter naming no filter is an error on the page, as in the API.
        filters = TaskFilterSet(self.request.GET, queryset=tasks, request=self.request, accepted=["page"])
        listed = filters.qs if filters.is_valid() else tasks.none()
        page = Paginator(listed, REPORT_PAGE_SIZE).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(filters=filters, page=page, query=query.urlencode(), chosen=self._chosen(filters))
        return context

    @staticmethod
    def _chosen(filters: TaskFilterSet) -> dict[str, Any]:
        """The filters in words, for the page's heading."""
        if not filters.is_valid():
            return {}
        data = filters.form.cleaned_data
        statuses = [DeadlineStatus(s).label for s in data.get("deadline_status") or []]
        return {
            "group": data.get("group"),
            "ward": data.get("ward"),
            "statuses": statuses,
            "due_after": data.get("due_after"),
            "due_before": data.get("due_before"),
        }


class DownloadView(PageMixin, View):
    """The meeting spreadsheet (XLSX) of the chosen period, straight from assignments.exports."""

    def get(self, request: HttpRequest) -> HttpResponse:
        by = request.GET.get("by", "group")
        if by not in GROUPINGS:
            raise Http404
        _form, period = chosen_period(request)
        summary = summary_for(request.user, by=by, period_start=period.start, period_end=period.end)
        report = SpreadsheetReport(
            summary=summary,
            committee=settings.COMMITTEE_NAME,
            tasks=report_task_lines(request.user, summary),
            targets=Target.objects.all(),
        )
        return FileResponse(
            summary_xlsx(report),
            as_attachment=True,
            filename=export_filename(summary, "xlsx"),
            content_type=XLSX_CONTENT_TYPE,
        )
