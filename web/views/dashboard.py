"""The Standing Committee's dashboard, the task list behind each bar, the spreadsheet.

Who may open it: everyone logged in, each seeing the summary of the tasks they may
read (assignments.summaries scopes it by selectors.tasks_visible_to, as the API's
summary does). The Standing Committee and the office read every task, so theirs is
the whole committee's; a member's covers their groups and the tasks they own or
coordinate, and the page says so.

The figures and the spreadsheet come by the API's reporting path
(assignments/reporting.py: the replica when there is one, one spreadsheet builder),
and every figure is shown under its one name (assignments.summaries.FIGURE_LABELS).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest
from django.utils.functional import Promise
from django.views import View
from django.views.generic import TemplateView

from assignments import roles, selectors
from assignments.choices import DeadlineStatus
from assignments.exports import XLSX_CONTENT_TYPE, export_filename, summary_xlsx
from assignments.filtersets import TaskFilterSet
from assignments.reporting import report_summary, report_targets, spreadsheet_report
from assignments.summaries import (
    DONE_STATUSES,
    FIGURE_LABELS,
    GROUPINGS,
    RATES,
    Figures,
    Period,
    Row,
)
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


@dataclass(frozen=True)
class Tile:
    """A figure of the totals at a glance, under its name; a count links to its tasks."""

    figure: str
    value: int | float | None
    href: str = ""
    css: str = ""

    @property
    def label(self) -> str | Promise:
        return FIGURE_LABELS[self.figure]

    @property
    def is_rate(self) -> bool:
        return self.figure in RATES


#: The counts at a glance, each with the deadline statuses its task list shows, and its colour.
_COUNT_TILES: tuple[tuple[str, Sequence[str], str], ...] = (
    ("total", (), ""),
    ("done", [s.value for s in DONE_STATUSES], ""),
    ("open_on_track", [DeadlineStatus.OPEN_ON_TRACK.value], "dl-on-track"),
    ("open_due_soon", [DeadlineStatus.OPEN_DUE_SOON.value], "dl-due-soon"),
    ("open_overdue", [DeadlineStatus.OPEN_OVERDUE.value], "dl-overdue"),
)


def overview_tiles(totals: Figures, period: Period) -> tuple[list[Tile], list[Tile]]:
    """The counts (each a link to its tasks) and the rates of the totals."""
    counts = [
        Tile(figure, totals[figure], charts.tasks_link(period=period, statuses=statuses), css)  # type: ignore[literal-required]
        for figure, statuses, css in _COUNT_TILES
    ]
    # The task list's `extended=true`: the tasks whose due date was extended.
    counts.append(Tile("extended", totals["extended"], charts.tasks_link(period=period, extended=True)))
    rates = [Tile(figure, totals[figure]) for figure in RATES]  # type: ignore[literal-required]
    return counts, rates


def totals_cells(totals: Figures, period: Period) -> list[charts.Cell]:
    """The totals row of a figures table: each part of the bars with the list of its tasks."""
    return [
        charts.Cell(
            c, c.count(totals), charts.tasks_link(period=period, statuses=[s.value for s in c.statuses])
        )
        for c in charts.CATEGORIES
    ]


class DashboardView(PageMixin, TemplateView):
    template_name = "web/dashboard.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        form, period = chosen_period(self.request)
        bounds: dict[str, Any] = {"period_start": period.start, "period_end": period.end}
        # The API's reporting path: the same figures as GET /api/v1/summary/.
        by_group = report_summary(user, by="group", **bounds)
        by_ward = report_summary(user, by="ward", **bounds)
        by_month = report_summary(user, by="month", **bounds)

        def link(by: str) -> charts.Link:
            return lambda row, statuses: charts.tasks_link(
                period=period, statuses=statuses, **row_filter(by, row)
            )

        one_year = len({r["key"]["month"][:4] for r in by_month.rows}) <= 1
        count_tiles, rate_tiles = overview_tiles(by_group.totals, period)
        context.update(
            form=form,
            period=period,
            summary=by_group,
            labels=FIGURE_LABELS,
            count_tiles=count_tiles,
            rate_tiles=rate_tiles,
            totals_cells=totals_cells(by_group.totals, period),
            cancelled_link=charts.tasks_link(period=period, statuses=[DeadlineStatus.CANCELLED.value]),
            group_chart=charts.horizontal_bars(by_group.rows, label=_group_label, link=link("group")),
            ward_chart=charts.horizontal_bars(by_ward.rows, label=_ward_label, link=link("ward")),
            month_chart=charts.columns(
                by_month.rows, label=partial(_month_label, one_year=one_year), link=link("month")
            ),
            categories=charts.CATEGORIES,
            targets=report_targets(),
            whole_committee=roles.reads_everything(user),
        )
        return context


class ReportTasksView(PageMixin, TemplateView):
    """The tasks behind a bar, a segment or a figure: the API's task filters, scoped."""

    template_name = "web/report_tasks.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        tasks = selectors.tasks_visible_to(self.request.user).for_cards().order_by("due_date", "id")
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
    """The meeting spreadsheet (XLSX) of the chosen period: the API's `format=xlsx`, built
    by the same path (assignments.reporting) and the same builder (assignments.exports)."""

    def get(self, request: HttpRequest) -> FileResponse:
        by = request.GET.get("by", "group")
        if by not in GROUPINGS:
            raise Http404
        _form, period = chosen_period(request)
        summary = report_summary(request.user, by=by, period_start=period.start, period_end=period.end)
        return FileResponse(
            summary_xlsx(spreadsheet_report(request.user, summary)),
            as_attachment=True,
            filename=export_filename(summary.as_of, "xlsx"),
            content_type=XLSX_CONTENT_TYPE,
        )
