"""The pages in a real browser: a member on a phone, a leader at a desk, the Standing Committee.

See conftest.py for what these tests need and how they are skipped without it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from openpyxl import load_workbook

from assignments import clock, services
from assignments.models import Group, Member, Process, Task
from tests.e2e.conftest import PHONE, Browsing
from tests.factories import (
    GroupFactory,
    MemberFactory,
    ProcessFactory,
    StandingMemberFactory,
    WardFactory,
    make_task,
)

try:
    from playwright.sync_api import Page, expect
except ImportError:  # pragma: no cover - the tests are skipped (conftest.py)
    Page = Any  # type: ignore[assignment,misc]

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Rà soát hồ sơ tồn đọng tại phường Phúc Xá"
OTHER_TITLE = "Việc của tổ 2"


@dataclass
class Committee:
    group: Group
    member: Member
    leader: Member
    process: Process
    task: Task
    other_task: Task
    period: str  # the dashboard's query string: a period around today


@pytest.fixture
def committee(transactional_db) -> Committee:
    """Two groups; the member owns one task of group 1, due in three weeks; logins have password "pass"."""
    today = clock.today()
    ward = WardFactory(code="00001", name="Phúc Xá")
    member = MemberFactory(full_name="Trần Thị Chủ Trì", user__username="member")
    leader = StandingMemberFactory(full_name="Nguyễn Thị Tổ Trưởng", user__username="leader")
    group = GroupFactory(
        number=1, name="Tổ 1 – phụ trách Phúc Xá", leader=leader, members=[member], wards=[ward]
    )
    other = MemberFactory(full_name="Hoàng Văn Tổ Hai", user__username="other")
    other_group = GroupFactory(number=2, name="Tổ 2", members=[other])
    StandingMemberFactory(full_name="Trần Quốc Thường Vụ", user__username="standing")
    process = ProcessFactory(name="Giải quyết hồ sơ tồn đọng", steps=2)
    dates = {"start_date": today - dt.timedelta(days=5), "due_date": today + dt.timedelta(days=20)}
    task = make_task(group=group, owner=member, ward=ward, process=process, title=TITLE, **dates)
    other_task = make_task(group=other_group, owner=other, process=process, title=OTHER_TITLE, **dates)
    period = f"period_start={today - dt.timedelta(days=60)}&period_end={today + dt.timedelta(days=60)}"
    return Committee(group, member, leader, process, task, other_task, period)


def message(page: Page) -> str:
    return page.locator("#messages").inner_text()


def tile(page: Page, label: str) -> str:
    return page.locator(".tile", has_text=label).locator(".tile-number").inner_text()


def test_a_task_goes_from_the_members_phone_to_the_leader_and_back_until_accepted(
    browsing: Browsing, committee: Committee
):
    dashboard_url = browsing.url(f"/dashboard/?{committee.period}")
    committee_page = browsing.page()
    browsing.log_in(committee_page, "standing")
    committee_page.goto(dashboard_url)
    assert tile(committee_page, "Completion rate") == "0.0%"

    # The member, on a phone: Vietnamese first, English with the switch.
    phone = browsing.page(viewport=PHONE, locale="vi-VN")
    browsing.log_in(phone, "member")
    expect(phone).to_have_url(browsing.url("/my-tasks/"))
    expect(phone.locator("html")).to_have_attribute("lang", "vi")
    phone.get_by_role("button", name="English (EN)").click()
    expect(phone.locator("html")).to_have_attribute("lang", "en")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # no sideways scroll

    phone.get_by_role("link", name=TITLE).click()
    expect(phone.get_by_role("heading", level=1)).to_have_text(TITLE)
    phone.get_by_role("button", name="Start the task").click()
    expect(phone.locator("#messages")).to_contain_text("You started the task.")

    ticks = phone.locator("button.tick")
    expect(ticks).to_have_count(2)
    expect(ticks.nth(1)).to_be_disabled()  # only the next step may be ticked
    ticks.nth(0).click()
    expect(phone.locator("#messages")).to_contain_text("Step completed: “Bước 1”.")
    expect(phone.locator("button.tick")).to_have_count(1)
    phone.locator("button.tick").click()
    expect(phone.locator("#messages")).to_contain_text("Step completed: “Bước 2”.")

    submit = phone.get_by_role("button", name="Report as done")
    expect(submit).to_be_disabled()
    expect(phone.locator("#submit-why")).to_have_text(
        "Cannot submit yet: record at least one measured value first."
    )
    phone.fill("#id_record_measurement_value", "97.5")
    phone.fill("#id_record_measurement_note", "Báo cáo số 12/BC")
    phone.get_by_role("button", name="Record", exact=True).click()
    expect(phone.locator("#messages")).to_contain_text("Measured value recorded: 97.5 %")
    phone.get_by_role("button", name="Report as done").click()
    expect(phone.locator("#messages")).to_contain_text("It now awaits acceptance by the group's leader.")

    # The leader, at a desk: the task waits on the board; it goes back with a reason.
    desk = browsing.page()
    browsing.log_in(desk, "leader")
    expect(desk).to_have_url(browsing.url("/groups/1/"))
    waiting = desk.locator("section", has=desk.get_by_role("heading", name="Awaiting acceptance (1)"))
    waiting.get_by_role("link", name=TITLE).click()
    desk.fill("#id_return_note", "Thiếu biên bản làm việc với phường.")
    desk.get_by_role("button", name="Return for rework").click()
    expect(desk.locator("#messages")).to_contain_text("returned to its owner for rework")

    # The member reads the reason and reports the task done again.
    phone.reload()
    expect(phone.locator(".callout.returned")).to_contain_text("Thiếu biên bản làm việc với phường.")
    phone.get_by_role("button", name="Report as done").click()
    expect(phone.locator("#messages")).to_contain_text("awaits acceptance")

    # The leader accepts; the history tells the story.
    desk.reload()
    desk.get_by_role("button", name="Accept", exact=True).click()
    expect(desk.locator("#messages")).to_contain_text("The task is accepted: it counts as done.")
    history = desk.locator("#history")
    for kind in ("Accepted", "Submitted", "Returned for rework", "Measurement recorded", "Step completed"):
        expect(history).to_contain_text(kind)

    # The dashboard counts it: one of the two tasks of the period is done, in time.
    committee_page.goto(dashboard_url)
    assert tile(committee_page, "Completion rate") == "50.0%"
    assert tile(committee_page, "On-time rate") == "100.0%"
    expect(committee_page.locator("#by-group rect.in-time")).to_have_count(1)


def test_a_leader_cannot_assign_a_task_without_any_of_the_five_clear_points(
    browsing: Browsing, committee: Committee
):
    page = browsing.page()
    browsing.log_in(page, "leader")
    page.get_by_role("link", name="Assign a new task").click()
    page.get_by_role("button", name="Assign the task").click()
    for field, says in (
        ("description", "(clear task)"),
        ("owner", "(clear person)"),
        ("process", "(clear process)"),
        ("indicator", "This field is required."),
        ("due_date", "(clear deadline)"),
    ):
        expect(page.locator(f"#id_{field}_error")).to_contain_text(says)

    due = (clock.today() + dt.timedelta(days=30)).isoformat()
    filled = {
        "title": lambda: page.fill("#id_title", "Khảo sát đời sống hộ cận nghèo"),
        "description": lambda: page.fill("#id_description", "Khảo sát, lập danh sách hộ cận nghèo."),
        "owner": lambda: page.select_option("#id_owner", label=committee.member.full_name),
        "process": lambda: page.select_option("#id_process", label="Giải quyết hồ sơ tồn đọng (2 steps)"),
        "indicator": lambda: page.fill("#id_indicator", "Số hộ được khảo sát"),
        "unit": lambda: page.fill("#id_unit", "hộ"),
        "target": lambda: page.fill("#id_target", "120"),
        "due_date": lambda: page.fill("#id_due_date", due),
    }
    for fill in filled.values():
        fill()
    cleared = {
        "description": lambda: page.fill("#id_description", ""),
        "owner": lambda: page.select_option("#id_owner", value=""),
        "process": lambda: page.select_option("#id_process", value=""),
        "indicator": lambda: page.fill("#id_indicator", ""),
        "due_date": lambda: page.fill("#id_due_date", ""),
    }
    for field, clear in cleared.items():
        clear()
        page.get_by_role("button", name="Assign the task").click()
        expect(page.locator(f"#id_{field}_error")).to_be_visible()
        expect(page.locator(".errorlist:not(.nonfield)")).to_have_count(1)  # that field alone
        assert not Task.objects.filter(title="Khảo sát đời sống hộ cận nghèo").exists()
        filled[field]()
    page.get_by_role("button", name="Assign the task").click()
    expect(page.locator("#messages")).to_contain_text(f"Task assigned to {committee.member.full_name}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Khảo sát đời sống hộ cận nghèo")
    assert Task.objects.get(title="Khảo sát đời sống hộ cận nghèo").steps.count() == 2


def test_the_dashboard_draws_its_charts_and_downloads_a_valid_spreadsheet(
    browsing: Browsing, committee: Committee, tmp_path
):
    member, leader = committee.member.user, committee.leader.user
    services.task_start(task=committee.task.pk, actor=member)
    for step in committee.task.steps.order_by("order"):
        services.task_complete_step(task=committee.task.pk, step=step.pk, actor=member)
    services.measurement_record(task=committee.task.pk, actor=member, value=1, measured_on=clock.today())
    services.task_submit(task=committee.task.pk, actor=member)
    services.task_accept(task=committee.task.pk, actor=leader)

    page = browsing.page()
    browsing.log_in(page, "standing")
    page.goto(browsing.url(f"/dashboard/?{committee.period}"))
    charts = page.locator("svg.chart[role=img]")
    expect(charts).to_have_count(3)
    for index in range(3):
        assert charts.nth(index).locator("rect").count() >= 1
        assert charts.nth(index).locator("title").first.text_content()
    expect(page.locator("#by-group g.bar")).to_have_count(2)
    expect(page.locator("#by-group table tfoot")).to_contain_text("50.0%")

    # A bar's part lists its tasks.
    page.locator("#by-group a.segment", has=page.locator("rect.in-time")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tasks in the summary")
    expect(page.locator("main")).to_contain_text(TITLE)
    expect(page.locator("main")).not_to_contain_text(OTHER_TITLE)

    page.go_back()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the spreadsheet (.xlsx)").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.suffix == ".xlsx"
    workbook = load_workbook(saved, read_only=True)
    assert len(workbook.worksheets) == 2
    titles = {row[1] for row in workbook.worksheets[1].iter_rows(min_row=2, values_only=True)}
    assert titles == {TITLE, OTHER_TITLE}


def test_a_member_opening_another_groups_task_gets_not_found(browsing: Browsing, committee: Committee):
    page = browsing.page(viewport=PHONE)
    browsing.log_in(page, "member")
    response = page.goto(browsing.url(f"/tasks/{committee.other_task.pk}/"))
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Not found")
    expect(page.locator("main")).not_to_contain_text(OTHER_TITLE)
    response = page.goto(browsing.url("/groups/2/"))
    assert response is not None and response.status == 404


def test_the_pages_work_with_the_keyboard_alone(browsing: Browsing, committee: Committee):
    page = browsing.page(viewport=PHONE)
    page.goto(browsing.url("/login/"))
    expect(page.locator(":focus")).to_have_attribute("id", "id_username")  # the form is ready to type in
    page.keyboard.type("member")
    page.keyboard.press("Tab")
    page.keyboard.type("pass")
    page.keyboard.press("Enter")
    expect(page).to_have_url(browsing.url("/my-tasks/"))

    def skip_to_content() -> None:
        page.keyboard.press("Tab")
        expect(page.locator(":focus")).to_have_text("Skip to the content")
        page.keyboard.press("Enter")
        page.keyboard.press("Tab")

    skip_to_content()
    expect(page.locator(":focus")).to_have_text(TITLE)  # the first task, right after the skip link
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    skip_to_content()
    expect(page.locator(":focus")).to_have_text("Start the task")
    page.keyboard.press("Enter")
    expect(page.locator("#messages")).to_contain_text("You started the task.")
