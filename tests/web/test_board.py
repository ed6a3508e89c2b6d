"""The group board: who may open it, its sections and filters, and assigning a task with the five “rõ”."""

from __future__ import annotations

import datetime as dt

import pytest

from assignments import services
from assignments.choices import EventKind, Status
from assignments.models import Event, Task
from tests.assignments.report_committee import make_committee
from tests.factories import ProcessFactory, WardFactory, make_task
from tests.web.web_helpers import client_for, query_count, text

pytestmark = pytest.mark.django_db


def board(user, number: int = 1, language: str = "en", **params):
    return client_for(user, language).get(f"/groups/{number}/", params)


# --------------------------------------------------------------------------- the board


@pytest.mark.parametrize("role", ["leader", "owner", "group_member", "standing", "staff"])
def test_the_groups_members_the_standing_committee_and_the_office_open_the_board(cast, role):
    response = board(cast.user(role))
    assert response.status_code == 200
    assert cast.task.title in text(response)


def test_a_member_of_another_group_does_not_find_the_board(cast):
    assert board(cast.other_member.user).status_code == 404
    assert board(cast.leader.user, number=99).status_code == 404


def test_only_the_leader_and_the_office_are_offered_to_assign_a_task(cast):
    assert "Assign a new task" in text(board(cast.leader.user))
    assert "Assign a new task" in text(board(cast.staff))
    assert "Assign a new task" not in text(board(cast.owner.user))
    assert "Assign a new task" not in text(board(cast.standing.user))


def test_tasks_are_shown_by_status_awaiting_acceptance_first(cast):
    process = ProcessFactory(steps=1)
    waiting = make_task(
        group=cast.group, owner=cast.group_member, process=process, title="Việc chờ nghiệm thu"
    )
    member = cast.group_member.user
    services.task_start(task=waiting.pk, actor=member)
    services.task_complete_step(task=waiting.pk, step=waiting.steps.get().pk, actor=member)
    services.measurement_record(task=waiting.pk, actor=member, value=1, measured_on=dt.date(2026, 2, 1))
    services.task_submit(task=waiting.pk, actor=member)
    page = text(board(cast.leader.user))
    assert (
        page.index("Awaiting acceptance (1)") < page.index("Việc chờ nghiệm thu") < page.index("Assigned (1)")
    )
    assert page.index("Assigned (1)") < page.index(cast.task.title)


def test_overdue_and_due_soon_come_first_within_a_status_and_are_counted(cast):
    process = ProcessFactory(steps=1)
    start = dt.date(2026, 1, 1)
    for title, due in (("Việc sắp đến hạn", dt.date(2026, 2, 3)), ("Việc quá hạn", dt.date(2026, 1, 20))):
        make_task(
            group=cast.group, owner=cast.owner, process=process, title=title, start_date=start, due_date=due
        )
    response = board(cast.leader.user)
    page = text(response)
    order = [page.index(t) for t in ("Việc quá hạn", "Việc sắp đến hạn", cast.task.title)]
    assert order == sorted(order)
    assert response.context["overdue"].tasks == 1 and response.context["due_soon"].tasks == 1


def test_the_board_filters_by_ward_owner_and_status(cast):
    process = ProcessFactory(steps=1)
    other_ward = WardFactory(code="00004", name="Trúc Bạch")
    cast.group.wards.add(other_ward)
    make_task(
        group=cast.group, owner=cast.group_member, ward=other_ward, process=process, title="Việc ở Trúc Bạch"
    )
    started = make_task(group=cast.group, owner=cast.owner, process=process, title="Việc đang làm")
    services.task_start(task=started.pk, actor=cast.owner.user)

    by_ward = text(board(cast.leader.user, ward=other_ward.pk))
    assert "Việc ở Trúc Bạch" in by_ward and cast.task.title not in by_ward

    by_owner = text(board(cast.leader.user, owner=cast.owner.pk))
    assert "Việc ở Trúc Bạch" not in by_owner and cast.task.title in by_owner and "Việc đang làm" in by_owner

    by_status = text(board(cast.leader.user, status=Status.IN_PROGRESS))
    assert "Việc đang làm" in by_status and cast.task.title not in by_status


def test_the_filters_offer_only_the_groups_wards_and_members(cast):
    form = board(cast.leader.user).context["filters"].form
    assert [w.pk for w in form.fields["ward"].queryset] == [cast.ward.pk]
    assert set(form.fields["owner"].queryset) == set(cast.group.members.all())
    assert cast.other_member not in form.fields["owner"].queryset


def test_a_filter_value_that_is_not_valid_is_said_and_ignored(cast):
    response = board(cast.leader.user, status="finished")
    assert response.status_code == 200
    assert "Select a valid choice" in text(response)


def test_a_parameter_naming_no_filter_is_said_as_on_the_dashboards_list(cast):
    started = make_task(
        group=cast.group, owner=cast.owner, process=ProcessFactory(steps=1), title="Việc đang làm"
    )
    services.task_start(task=started.pk, actor=cast.owner.user)

    response = board(cast.leader.user, status=Status.IN_PROGRESS, stauts=Status.ASSIGNED)

    # The same status and message as the dashboard's task list (test_report_filters.py).
    assert response.status_code == 200
    page = text(response)
    said = "stauts Unknown parameter. This list takes: approver, approver_kind, assigned_by, coordinator,"
    assert said in page
    # Ignored like a bad value (the test above): the filters the board knows still apply.
    assert "Việc đang làm" in page and cast.task.title not in page


def test_the_unknown_parameter_is_said_in_vietnamese(cast):
    page = text(board(cast.leader.user, language="vi", xem="tat-ca"))
    assert "Tham số không được hỗ trợ. Danh sách này nhận:" in page


def test_a_bad_value_of_a_filter_the_form_does_not_show_is_said_too(cast):
    page = text(board(cast.leader.user, due_before="soon"))
    assert "due_before Enter a valid date." in page


def test_known_filters_and_no_filters_raise_no_alert(cast):
    for params in ({}, {"status": Status.ASSIGNED, "q": "phuc xa", "due_before": "2026-12-31"}):
        response = board(cast.leader.user, **params)
        assert 'role="alert"' not in response.content.decode()
        assert cast.task.title in text(response)


def test_the_board_costs_the_same_queries_for_1_task_and_for_30(cast):
    # Session, login, member; the group with its leader; the tasks with ward and owner
    # joined; the menu's groups; the filters' wards and members; the bell's unread
    # count: 9 whatever the count.
    one = query_count(cast.leader.user, "/groups/1/")
    process = ProcessFactory(steps=1)
    for n in range(29):
        make_task(
            group=cast.group, owner=cast.group_member, ward=cast.ward, process=process, title=f"Việc {n}"
        )
    assert query_count(cast.leader.user, "/groups/1/") == one == 9


def test_the_groups_page_lists_the_groups_a_user_may_open(cast):
    assert [g.number for g in client_for(cast.standing.user).get("/groups/").context["groups"]] == [1, 2]
    assert [g.number for g in client_for(cast.owner.user).get("/groups/").context["groups"]] == [1]


# --------------------------------------------------------------------------- assigning a task


def valid_form(cast, process) -> dict[str, object]:
    return {
        "title": "Rà soát hộ nghèo",
        "description": "Rà soát, lập danh sách hộ nghèo, cận nghèo.",
        "source": "Kết luận 15-KL/QU",
        "priority": "high",
        "ward": cast.ward.pk,
        "owner": cast.group_member.pk,
        "coordinators": [cast.coordinator.pk],
        "process": process.pk,
        "indicator": "Số hộ được rà soát",
        "unit": "hộ",
        "baseline": "0",
        "target": "120",
        "direction": "increase",
        "start_date": "2026-02-02",
        "due_date": "2026-04-30",
    }


def test_the_form_explains_each_clear_point_and_offers_the_groups_members_and_wards(cast):
    response = client_for(cast.leader.user).get("/groups/1/new-task/")
    assert response.status_code == 200
    page = text(response)
    for explained in ("Clear task (rõ việc)", "Clear person (rõ người)", "Clear process (rõ quy trình)"):
        assert explained in page
    assert "Clear outcome (rõ hiệu quả)" in page and "Clear deadline (rõ thời gian)" in page
    form = response.context["form"]
    assert set(form.fields["owner"].queryset) == set(cast.group.members.all())
    assert list(form.fields["ward"].queryset) == [cast.ward]


def test_the_leader_assigns_a_task_with_the_five_clear_points(cast):
    process = ProcessFactory(steps=3)
    response = client_for(cast.leader.user).post(
        "/groups/1/new-task/", valid_form(cast, process), follow=True
    )
    task = Task.objects.get(title="Rà soát hộ nghèo")
    assert response.redirect_chain[-1][0] == f"/tasks/{task.pk}/"
    assert f"Task assigned to {cast.group_member.full_name}: “Rà soát hộ nghèo”." in text(response)
    assert task.owner == cast.group_member and task.assigned_by == cast.leader.user
    assert task.steps.count() == 3 and task.outcome.target == 120
    assert list(task.coordinators.all()) == [cast.coordinator]
    assert Event.objects.get(task=task).kind == EventKind.CREATED


@pytest.mark.parametrize(
    ("left_out", "field", "message"),
    [
        ("description", "description", "Cần mô tả rõ việc phải làm (rõ việc)."),
        ("owner", "owner", "Mỗi nhiệm vụ cần đúng một đầu mối chủ trì (rõ người)."),
        ("process", "process", "Cần chọn quy trình thực hiện (rõ quy trình)."),
        ("indicator", "indicator", "Trường này là bắt buộc."),
        ("unit", "unit", "Trường này là bắt buộc."),
        ("target", "target", "Trường này là bắt buộc."),
        ("due_date", "due_date", "Cần có hạn hoàn thành (rõ thời gian)."),
        ("title", "title", "Trường này là bắt buộc."),
    ],
)
def test_a_task_missing_one_clear_point_is_refused_naming_it(cast, left_out, field, message):
    data = valid_form(cast, ProcessFactory(steps=1))
    data[left_out] = ""
    response = client_for(cast.leader.user, "vi").post("/groups/1/new-task/", data)
    assert response.status_code == 400
    assert response.context["form"].errors[field] == [message]
    # Shown next to the field: the error list the field's input points to.
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html and f'aria-describedby="id_{field}_' in html
    assert not Task.objects.filter(title="Rà soát hộ nghèo").exists()


def test_a_form_left_empty_names_every_missing_point_at_once(cast):
    response = client_for(cast.leader.user).post("/groups/1/new-task/", {})
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert {"title", "description", "owner", "process", "indicator", "unit", "target", "due_date"} <= set(
        errors
    )
    assert "The task was not assigned: see the messages next to the fields." in text(response)


def test_the_leader_assigns_a_task_with_its_product_and_approver(cast):
    data = {
        **valid_form(cast, ProcessFactory(steps=1)),
        "product_kind": "report",
        "product_description": "Báo cáo kết quả rà soát",
        "product_file_required": "on",
        "approver_kind": "standing_member",
        "approver": cast.standing.pk,
    }
    response = client_for(cast.leader.user).post("/groups/1/new-task/", data)
    assert response.status_code == 302, response.context["form"].errors
    task = Task.objects.get(title="Rà soát hộ nghèo")
    assert (task.product_kind, task.product_description, task.product_file_required) == (
        "report",
        "Báo cáo kết quả rà soát",
        True,
    )
    assert (task.approver_kind, task.approver) == ("standing_member", cast.standing)


def test_the_form_offers_only_standing_committee_members_as_approvers(cast):
    form = client_for(cast.leader.user).get("/groups/1/new-task/").context["form"]
    approvers = set(form.fields["approver"].queryset)
    assert cast.standing in approvers and cast.owner not in approvers


def test_a_named_approver_left_out_is_said_next_to_the_field(cast):
    data = {**valid_form(cast, ProcessFactory(steps=1)), "approver_kind": "standing_member"}
    response = client_for(cast.leader.user, "vi").post("/groups/1/new-task/", data)
    assert response.status_code == 400
    assert response.context["form"].errors["approver"] == ["Chọn Ủy viên Ban Thường vụ nghiệm thu nhiệm vụ."]
    data = {**valid_form(cast, ProcessFactory(steps=1)), "product_kind": "report"}
    response = client_for(cast.leader.user, "vi").post("/groups/1/new-task/", data)
    assert list(response.context["form"].errors) == ["product_description"]


def test_an_owner_from_another_group_is_not_a_choice(cast):
    data = valid_form(cast, ProcessFactory(steps=1))
    data["owner"] = cast.other_member.pk
    response = client_for(cast.leader.user).post("/groups/1/new-task/", data)
    assert response.status_code == 400
    assert "owner" in response.context["form"].errors


def test_a_due_date_before_the_start_is_refused(cast):
    data = {**valid_form(cast, ProcessFactory(steps=1)), "due_date": "2026-01-01"}
    response = client_for(cast.leader.user).post("/groups/1/new-task/", data)
    assert response.context["form"].errors["due_date"] == ["The due date cannot be before the start date."]


@pytest.mark.parametrize("role", ["owner", "standing", "other_leader"])
def test_only_the_groups_leader_and_the_office_may_open_the_form(cast, role):
    response = client_for(cast.user(role)).get("/groups/1/new-task/")
    assert response.status_code == 403
    assert "Only the group's leader or the committee office may assign tasks to the group." in text(response)


def test_the_form_of_a_group_beyond_the_users_scope_is_not_found(cast):
    assert client_for(cast.other_member.user).get("/groups/1/new-task/").status_code == 404


def test_the_office_assigns_in_any_group(cast):
    data = valid_form(cast, ProcessFactory(steps=1))
    assert client_for(cast.staff).post("/groups/1/new-task/", data).status_code == 302
    assert Task.objects.get(title="Rà soát hộ nghèo").assigned_by == cast.staff


def test_the_board_says_submitted_late_and_counts_it_apart_among_the_overdue(cast):
    committee = make_committee(cast)
    response = board(cast.leader.user)
    html = response.content.decode()
    card = html.split(committee.submitted_late.title)[1].split("</li>")[0]
    assert "Submitted late" in card and "In progress, overdue" not in card
    # The tile keeps the summary's figure under the summary's name, and says how many
    # of those are handed in: 2 overdue, 1 of them awaiting acceptance.
    page = text(response)
    assert "2 In progress, overdue" in page and "of which awaiting acceptance: 1" in page
    assert "1 Due soon" in page


def test_the_leader_assigns_a_task_under_a_document_they_may_read(cast):
    document = services.document_create(
        actor=cast.staff,
        number="15-KL/QU",
        kind="conclusion",
        issued_on=dt.date(2026, 1, 10),
        issuer="Ban Thường vụ Quận ủy",
        excerpt="Về rà soát hộ nghèo",
    )
    page = client_for(cast.leader.user).get(f"/groups/1/new-task/?document={document.pk}")
    assert page.context["form"]["document"].value() == str(document.pk)
    assert "15-KL/QU" in text(page)

    data = {**valid_form(cast, ProcessFactory(steps=1)), "document": document.pk}
    response = client_for(cast.leader.user).post("/groups/1/new-task/", data)

    assert response.status_code == 302, response.context["form"].errors
    task = Task.objects.get(title="Rà soát hộ nghèo")
    assert task.document == document
    assert task.events.get(kind="created").actor == cast.leader.user


def test_a_document_the_assigner_may_not_read_is_not_offered(cast):
    # Registered by the other group's leader, with no task the leader of group 1 may read.
    hidden = services.document_create(
        actor=cast.other_leader.user,
        number="3-TB/ĐU",
        kind="notice",
        issued_on=dt.date(2026, 1, 12),
        issuer="Đảng ủy phường",
        excerpt="Thông báo nội bộ",
    )
    cast.group.leader.is_standing = False  # a leader who reads only their group's work
    cast.group.leader.save(update_fields=["is_standing"])
    form = client_for(cast.leader.user).get("/groups/1/new-task/").context["form"]
    assert hidden not in set(form.fields["document"].queryset)
    data = {**valid_form(cast, ProcessFactory(steps=1)), "document": hidden.pk}
    response = client_for(cast.leader.user).post("/groups/1/new-task/", data)
    assert response.status_code == 400
    assert "document" in response.context["form"].errors
    assert not Task.objects.filter(title="Rà soát hộ nghèo").exists()
