"""The dashboard: its figures and charts, the task list behind a bar, the spreadsheet; all scoped."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from openpyxl import load_workbook

from assignments import services
from tests.factories import ProcessFactory, make_task
from tests.web.web_helpers import client_for, query_count, text

pytestmark = pytest.mark.django_db


def finish(task, owner, leader) -> None:
    services.task_start(task=task.pk, actor=owner)
    for step in task.steps.order_by("order"):
        services.task_complete_step(task=task.pk, step=step.pk, actor=owner)
    services.measurement_record(task=task.pk, actor=owner, value=99, measured_on=dt.date(2026, 2, 1))
    services.task_submit(task=task.pk, actor=owner)
    services.task_accept(task=task.pk, actor=leader)


@pytest.fixture
def committee(cast):
    """Group 1: the cast's open task (due 31/03), one done early, one overdue; group 2: one open task."""
    process = ProcessFactory(steps=1)
    done = make_task(group=cast.group, owner=cast.owner, process=process, title="Việc xong sớm")
    finish(done, cast.owner.user, cast.leader.user)
    make_task(
        group=cast.group,
        owner=cast.group_member,
        process=process,
        title="Việc quá hạn",
        start_date=dt.date(2026, 1, 1),
        due_date=dt.date(2026, 1, 20),
    )
    make_task(group=cast.other_group, owner=cast.other_member, process=process, title="Việc của tổ 2")
    return cast


def dashboard(user, language: str = "en", **params):
    return client_for(user, language).get("/dashboard/", params)


def test_the_standing_committee_sees_the_whole_committees_figures(committee):
    response = dashboard(committee.standing.user)
    assert response.status_code == 200
    totals = response.context["summary"].totals
    assert (totals["total"], totals["done_in_time"], totals["open_overdue"]) == (4, 1, 1)
    page = text(response)
    assert "Tasks by committee group" in page and "Tasks by month of the due date" in page
    assert "Tasks by ward" in page and "Term targets" in page
    assert "This summary counts only the tasks you may see" not in page


def test_the_charts_are_accessible_svg_with_a_bar_per_group_and_a_table_under_them(committee):
    html = dashboard(committee.standing.user).content.decode()
    charts = re.findall(r'<svg class="chart (\w+)" role="img" aria-labelledby="([\w-]+)-title \2-desc"', html)
    assert [kind for kind, _ in charts] == ["bars", "columns", "bars"]
    group_chart = html.split('id="by-group"')[1].split("</svg>")[0]
    assert group_chart.count('<g class="bar">') == 2  # one bar per group
    assert '<rect class="in-time"' in group_chart and '<rect class="overdue"' in group_chart
    assert "<title" in group_chart and "<desc" in group_chart
    table = html.split('id="by-group"')[1].split("</table>")[0]
    assert "<caption" in table and "Tổ 1" in table and "Tổ 2" in table


def test_a_bar_segment_links_to_its_tasks_and_the_list_shows_exactly_those(committee):
    html = dashboard(committee.standing.user).content.decode()
    group_chart = html.split('id="by-group"')[1].split("</svg>")[0]
    link = re.search(r'<a href="([^"]+)" tabindex="-1" class="segment">\s*<rect class="overdue"', group_chart)
    assert link is not None
    url = link.group(1).replace("&amp;", "&")
    assert f"group={committee.group.pk}" in url and "deadline_status=open_overdue" in url
    response = client_for(committee.standing.user).get(url)
    assert response.status_code == 200
    page = text(response)
    assert "Việc quá hạn" in page and "Việc xong sớm" not in page and committee.task.title not in page
    assert "Tasks found: 1" in page and "In progress, overdue" in page


def test_a_month_row_lists_the_tasks_due_that_month(committee):
    response = client_for(committee.standing.user).get(
        "/dashboard/tasks/", {"due_after": "2026-01-01", "due_before": "2026-01-31"}
    )
    page = text(response)
    assert "Việc quá hạn" in page and committee.task.title not in page


def test_the_period_narrows_the_figures(committee):
    response = dashboard(committee.standing.user, period_start="2026-01-01", period_end="2026-01-31")
    assert response.context["summary"].totals["total"] == 1
    assert response.context["form"]["period_start"].value() == "2026-01-01"


def test_the_default_period_is_the_current_year(committee):
    response = dashboard(committee.standing.user)
    period = response.context["period"]
    assert (period.start, period.end) == (dt.date(2026, 1, 1), dt.date(2026, 12, 31))


def test_a_period_ending_before_it_starts_is_refused_with_a_message(committee):
    response = dashboard(committee.standing.user, period_start="2026-05-01", period_end="2026-01-01")
    assert response.status_code == 200
    assert "The end of the period cannot be before its start." in text(response)
    assert response.context["period"].start == dt.date(2026, 1, 1)  # the current year instead


def test_a_member_sees_the_summary_of_their_scope_only_and_is_told_so(committee):
    response = dashboard(committee.owner.user)
    assert response.status_code == 200
    assert response.context["summary"].totals["total"] == 3  # group 1's tasks, not group 2's
    assert "This summary counts only the tasks you may see" in text(response)
    listed = text(client_for(committee.owner.user).get("/dashboard/tasks/"))
    assert "Việc của tổ 2" not in listed


def test_the_report_list_never_shows_a_task_beyond_the_users_scope(committee):
    response = client_for(committee.other_member.user).get("/dashboard/tasks/", {"group": committee.group.pk})
    assert response.status_code == 200
    assert committee.task.title not in text(response)


def test_the_report_list_says_when_a_filter_is_wrong(committee):
    response = client_for(committee.standing.user).get("/dashboard/tasks/", {"deadline_status": "late"})
    assert response.status_code == 200
    assert "Select a valid choice" in text(response)


def test_the_rates_are_shown_as_percentages_in_the_users_language(committee):
    en = text(dashboard(committee.standing.user))
    vi = text(dashboard(committee.standing.user, language="vi"))
    assert "25.0%" in en  # 1 done of 4: the completion rate
    assert "25,0%" in vi


def test_the_spreadsheet_downloads_as_a_valid_workbook_of_the_period(committee):
    response = client_for(committee.standing.user).get(
        "/dashboard/download/", {"by": "group", "period_start": "2026-01-01", "period_end": "2026-12-31"}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    # Asked in English: the file's name too (Vietnamese: bao-cao-tong-hop-2026-02-02.xlsx).
    assert 'filename="summary-report-2026-02-02.xlsx"' in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    tasks_sheet = workbook.worksheets[1]
    titles = [row[1] for row in tasks_sheet.iter_rows(min_row=2, values_only=True)]
    assert sorted(titles) == sorted(
        ["Rà soát hồ sơ tồn đọng", "Việc xong sớm", "Việc quá hạn", "Việc của tổ 2"]
    )


def test_a_members_spreadsheet_covers_their_scope_only(committee):
    response = client_for(committee.owner.user).get("/dashboard/download/", {"by": "ward"})
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    titles = [row[1] for row in workbook.worksheets[1].iter_rows(min_row=2, values_only=True)]
    assert "Việc của tổ 2" not in titles and len(titles) == 3


def test_an_unknown_grouping_of_the_spreadsheet_is_not_found(committee):
    assert (
        client_for(committee.standing.user).get("/dashboard/download/", {"by": "colour"}).status_code == 404
    )


def test_the_dashboard_and_the_report_list_cost_the_same_queries_for_few_tasks_and_many(committee):
    # Dashboard: session, login, member; per grouping (group, ward, month) the rows and the
    # term targets' figures; the menu's groups; the targets' list; the bell's unread count: 12.
    # Report list: session, login, member; the count; the page with its joins; the menu;
    # the bell: 7.
    dashboard_queries = query_count(committee.standing.user, "/dashboard/")
    report_queries = query_count(committee.standing.user, "/dashboard/tasks/")
    process = ProcessFactory(steps=1)
    for n in range(30):
        make_task(
            group=committee.other_group, owner=committee.other_member, process=process, title=f"Việc {n}"
        )
    assert query_count(committee.standing.user, "/dashboard/") == dashboard_queries == 12
    assert query_count(committee.standing.user, "/dashboard/tasks/") == report_queries == 7


def test_the_spreadsheet_is_named_in_vietnamese_by_default(committee):
    response = client_for(committee.standing.user, "vi").get("/dashboard/download/")
    assert 'filename="bao-cao-tong-hop-2026-02-02.xlsx"' in response["Content-Disposition"]
