"""The task page and its actions: what each role sees and may press, and what each press writes."""

from __future__ import annotations

import datetime as dt

import pytest

from assignments import services
from assignments.choices import EventKind, Status
from assignments.models import Event, Measurement, Note, Task
from tests.assignments.report_committee import make_committee
from tests.factories import AttachmentFactory, ProcessFactory, make_task
from tests.web.web_helpers import action, client_for, events_of, messages_of, query_count, text

pytestmark = pytest.mark.django_db


def started(cast) -> Task:
    services.task_start(task=cast.task.pk, actor=cast.owner.user)
    return cast.task


def ready_to_submit(cast) -> Task:
    task = started(cast)
    for step in task.steps.order_by("order"):
        services.task_complete_step(task=task.pk, step=step.pk, actor=cast.owner.user)
    services.measurement_record(
        task=task.pk, actor=cast.owner.user, value=95, measured_on=dt.date(2026, 2, 1)
    )
    return task


def submitted(cast) -> Task:
    task = ready_to_submit(cast)
    services.task_submit(task=task.pk, actor=cast.owner.user)
    return task


def page_of(user, task: Task, language: str = "en"):
    return client_for(user, language).get(f"/tasks/{task.pk}/")


# --------------------------------------------------------------------------- reading


@pytest.mark.parametrize("role", ["owner", "coordinator", "group_member", "leader", "standing", "staff"])
def test_everyone_who_may_read_the_task_opens_its_page(cast, role):
    response = page_of(cast.user(role), cast.task)
    assert response.status_code == 200
    assert cast.task.title in text(response)


def test_the_page_shows_the_product_and_who_accepts_near_the_top(cast):
    services.task_edit(
        task=cast.task.pk,
        actor=cast.leader.user,
        changes={
            "product": {"kind": "report", "description": "Báo cáo kết quả rà soát", "file_required": True},
            "approver": {"kind": "standing_member", "member": cast.standing},
        },
    )
    AttachmentFactory(task=cast.task, name="Báo cáo rà soát.pdf")
    AttachmentFactory(task=cast.task, name="Ảnh minh họa.jpg", kind="evidence")
    page = text(page_of(cast.leader.user, cast.task, "vi"))
    product = page.index("Sản phẩm")
    assert product < page.index(cast.task.description)
    block = page[product : page.index(cast.task.description)]
    for shown in ("Báo cáo", "Báo cáo kết quả rà soát", "Báo cáo rà soát.pdf", cast.standing.full_name):
        assert shown in block, shown
    assert "Ảnh minh họa.jpg" not in block


def test_without_a_product_the_page_says_so_and_that_the_leader_accepts(cast):
    page = text(page_of(cast.owner.user, cast.task))
    block = page[page.index("Product") : page.index(cast.task.description)]
    assert "No product stated" in block
    assert f"The group's leader ({cast.leader.full_name})" in block


def test_the_named_approver_is_offered_accept_and_the_leader_is_told_who_accepts(cast):
    services.task_edit(
        task=cast.task.pk,
        actor=cast.leader.user,
        changes={"approver": {"kind": "standing_member", "member": cast.standing}},
    )
    submitted(cast)
    page = page_of(cast.standing.user, cast.task)
    assert page.context["actions"]["accept"].allowed
    leader = page_of(cast.leader.user, cast.task)
    assert not leader.context["actions"]["accept"].allowed
    reason = str(leader.context["actions"]["accept"].reason)
    assert f"Only {cast.standing.full_name} (Standing Committee)" in reason


def test_a_task_beyond_the_users_scope_is_not_found(cast):
    response = page_of(cast.other_member.user, cast.task)
    assert response.status_code == 404
    assert "Not found" in text(response)
    assert client_for(cast.leader.user).get("/tasks/999999/").status_code == 404


def test_not_found_is_said_in_vietnamese_by_default(cast):
    response = page_of(cast.other_member.user, cast.task, language="vi")
    assert response.status_code == 404
    assert '<html lang="vi">' in response.content.decode()


def test_the_page_says_what_to_do_who_does_it_and_how_it_is_measured(cast):
    page = text(page_of(cast.owner.user, cast.task))
    for expected in (
        cast.task.description,
        cast.ward.name,
        cast.group.name,
        cast.owner.full_name,
        cast.leader.full_name,  # assigned by
        cast.coordinator.full_name,
        "Bước 1",
        "Bước 2",
        "Tỷ lệ hồ sơ giải quyết đúng hạn",  # the indicator
        "99 %",  # target with its unit
        "not measured yet",
    ):
        assert expected in page, expected


def test_the_owner_of_an_assigned_task_may_start_it_and_nothing_else_yet(cast):
    page = text(page_of(cast.owner.user, cast.task))
    assert "Start the task" in page
    assert "Start the task to tick its steps." in page
    assert "Record a measured value" not in page


def test_only_the_next_step_has_an_enabled_button(cast):
    html = page_of(cast.owner.user, started(cast)).content.decode()
    buttons = html.split('class="tick"')[1:]
    assert len(buttons) == 2
    assert buttons[0].split(">")[0].strip() == ""  # enabled
    assert "disabled" in buttons[1].split(">")[0]


def test_submit_is_disabled_and_says_which_step_is_missing(cast):
    response = page_of(cast.owner.user, started(cast))
    html, page = response.content.decode(), text(response)
    assert 'disabled aria-describedby="submit-why"' in html
    assert "Cannot submit yet: step “Bước 1” is not completed." in page


def test_submit_says_a_measurement_is_needed_once_the_steps_are_done(cast):
    task = started(cast)
    for step in task.steps.order_by("order"):
        services.task_complete_step(task=task.pk, step=step.pk, actor=cast.owner.user)
    page = text(page_of(cast.owner.user, task, language="vi"))
    assert "Chưa thể báo cáo hoàn thành: cần ghi ít nhất một kết quả đo." in page


def test_a_group_member_who_is_not_the_owner_sees_no_button(cast):
    html = page_of(cast.group_member.user, started(cast)).content.decode()
    for name in (
        "start",
        "submit",
        "complete_step",
        "record_measurement",
        "add_note",
        "accept",
        "return",
        "cancel",
    ):
        assert f"/{name}/" not in html, name


def test_the_leader_sees_the_decisions_and_the_timeline_but_not_the_owners_buttons(cast):
    page = text(page_of(cast.leader.user, submitted(cast)))
    assert "Leader's decisions" in page and "Accept" in page and "Return for rework" in page
    assert "Hand over to another member" in page and "Extend the deadline" in page
    assert "Report as done" not in page
    timeline = page.split("History")[-1]
    assert timeline.index("Submitted") < timeline.index("Started") < timeline.index("Task assigned")
    assert "Status: In progress → Awaiting acceptance" in timeline


def test_a_leader_who_owns_the_task_is_told_the_office_accepts_it(cast):
    task = make_task(group=cast.group, owner=cast.leader, process=ProcessFactory(steps=1))
    services.task_start(task=task.pk, actor=cast.leader.user)
    step = task.steps.get()
    services.task_complete_step(task=task.pk, step=step.pk, actor=cast.leader.user)
    services.measurement_record(
        task=task.pk, actor=cast.leader.user, value=1, measured_on=dt.date(2026, 2, 1)
    )
    services.task_submit(task=task.pk, actor=cast.leader.user)
    page = text(page_of(cast.leader.user, task))
    assert "The owner may not accept their own task" in page


def test_the_page_costs_a_fixed_number_of_queries_however_long_its_history(cast):
    # Session, login, member; the task with its joins; steps, coordinators,
    # measurements, notes, events, files (one each); the menu's groups; the bell's unread count.
    before = query_count(cast.owner.user, f"/tasks/{cast.task.pk}/")
    task = ready_to_submit(cast)
    for n in range(10):
        services.note_add(task=task.pk, actor=cast.owner.user, text=f"Ghi chú {n}")
        services.measurement_record(
            task=task.pk, actor=cast.owner.user, value=n, measured_on=dt.date(2026, 2, 1)
        )
    AttachmentFactory(task=task)
    AttachmentFactory(task=task, kind="evidence")
    assert query_count(cast.owner.user, f"/tasks/{task.pk}/") == before == 12


# --------------------------------------------------------------------------- the owner's actions


def test_the_owner_starts_ticks_measures_notes_and_submits(cast):
    client = client_for(cast.owner.user)
    task = cast.task

    response = action(client, task, "start")
    assert response.status_code == 302 and response["Location"] == f"/tasks/{task.pk}/"
    assert "You started the task." in text(client.get(response["Location"]))

    for step in task.steps.order_by("order"):
        response = action(client, task, "complete_step", {"step": step.pk}, follow=True)
        assert f"Step completed: “{step.name}”." in messages_of(response)

    response = action(
        client,
        task,
        "record_measurement",
        {"value": "97.5", "measured_on": "2026-02-01", "note": "Báo cáo số 12"},
        follow=True,
    )
    assert "Measured value recorded: 97.5 % on 01/02/2026." in messages_of(response)
    assert Measurement.objects.get(outcome__task=task).note == "Báo cáo số 12"

    response = action(client, task, "add_note", {"text": "Đã gửi báo cáo."}, follow=True)
    assert "Your note was added." in messages_of(response)
    assert Note.objects.get(task=task).text == "Đã gửi báo cáo."

    response = action(client, task, "submit", {"note": "Xong"}, follow=True)
    assert "It now awaits acceptance by the group's leader." in " ".join(messages_of(response))

    task.refresh_from_db()
    assert task.status == Status.SUBMITTED
    assert events_of(task) == [
        EventKind.CREATED,
        EventKind.STARTED,
        EventKind.STEP_COMPLETED,
        EventKind.STEP_COMPLETED,
        EventKind.MEASUREMENT_RECORDED,
        EventKind.NOTE_ADDED,
        EventKind.SUBMITTED,
    ]


def test_a_step_out_of_order_is_refused_with_the_services_message(cast):
    task = started(cast)
    second = task.steps.get(order=2)
    response = action(client_for(cast.owner.user, "vi"), task, "complete_step", {"step": second.pk})
    assert response.status_code == 409
    assert "Các bước làm theo thứ tự: bước tiếp theo là “Bước 1”." in messages_of(response)
    assert events_of(task) == [EventKind.CREATED, EventKind.STARTED]


def test_a_step_of_another_task_is_not_found(cast):
    task = started(cast)
    other = make_task(group=cast.group, owner=cast.owner, process=ProcessFactory(steps=1))
    response = action(client_for(cast.owner.user), task, "complete_step", {"step": other.steps.get().pk})
    assert response.status_code == 404


def test_a_measurement_without_a_value_is_refused_next_to_the_field(cast):
    task = started(cast)
    response = action(
        client_for(cast.owner.user), task, "record_measurement", {"value": "", "measured_on": "2026-02-01"}
    )
    assert response.status_code == 400
    form = response.context["forms"]["record_measurement"]
    assert form.errors["value"] == ["This field is required."]
    assert 'id="id_record_measurement_value_error"' in response.content.decode()
    assert Measurement.objects.count() == 0


def test_a_measurement_dated_in_the_future_is_refused(cast):
    task = started(cast)
    response = action(
        client_for(cast.owner.user, "vi"),
        task,
        "record_measurement",
        {"value": "1", "measured_on": "2026-03-01"},
    )
    assert response.status_code == 400
    assert "Ngày đo không được ở tương lai." in text(response)


def test_submitting_too_early_is_refused_with_the_reason(cast):
    task = started(cast)
    response = action(client_for(cast.owner.user), task, "submit")
    assert response.status_code == 409
    assert "Cannot submit yet: step “Bước 1” is not completed." in messages_of(response)
    assert Task.objects.get(pk=task.pk).status == Status.IN_PROGRESS


def test_the_owner_pauses_with_a_reason_and_resumes(cast):
    task = started(cast)
    client = client_for(cast.owner.user)
    response = action(client, task, "pause", {"note": ""})
    assert response.status_code == 400
    assert response.context["forms"]["pause"].errors["note"] == ["A reason is required."]
    assert action(client, task, "pause", {"note": "Chờ số liệu"}).status_code == 302
    assert action(client, task, "resume").status_code == 302
    assert events_of(task)[-2:] == [EventKind.PAUSED, EventKind.RESUMED]


# --------------------------------------------------------------------------- the leader's actions


def test_the_leader_returns_with_a_reason_and_the_owner_reads_it(cast):
    task = submitted(cast)
    response = action(client_for(cast.leader.user), task, "return", {"note": "Thiếu biên bản."}, follow=True)
    assert "The task was returned to its owner for rework, with your reason." in messages_of(response)
    assert events_of(task)[-1] == EventKind.RETURNED
    page = text(page_of(cast.owner.user, task))
    assert "Returned for rework" in page and "Thiếu biên bản." in page
    assert "Report as done" in page


def test_a_return_without_a_reason_is_refused_next_to_the_field(cast):
    task = submitted(cast)
    response = action(client_for(cast.leader.user, "vi"), task, "return", {"note": "  "})
    assert response.status_code == 400
    assert "Cần nêu lý do." in text(response)
    assert Task.objects.get(pk=task.pk).status == Status.SUBMITTED


def test_the_leader_accepts_and_the_task_counts_as_done(cast):
    task = submitted(cast)
    response = action(client_for(cast.leader.user), task, "accept", follow=True)
    assert "The task is accepted: it counts as done." in messages_of(response)
    task.refresh_from_db()
    assert task.status == Status.DONE and task.completed_at == task.submitted_at
    assert events_of(task)[-1] == EventKind.ACCEPTED


def test_the_leader_hands_the_task_over_with_a_reason(cast):
    response = action(
        client_for(cast.leader.user),
        cast.task,
        "reassign",
        {"owner": cast.group_member.pk, "reason": "Đồng chí chủ trì đi công tác."},
        follow=True,
    )
    assert f"The task was handed over to {cast.group_member.full_name}." in messages_of(response)
    event = Event.objects.filter(task=cast.task).last()
    assert event.kind == EventKind.REASSIGNED
    assert event.data["from_owner"]["name"] == cast.owner.full_name
    page = text(page_of(cast.leader.user, cast.task))
    assert f"Owner: {cast.owner.full_name} → {cast.group_member.full_name}" in page


def test_the_leader_extends_the_deadline_and_the_original_is_kept(cast):
    response = action(
        client_for(cast.leader.user),
        cast.task,
        "extend",
        {"due_date": "2026-04-30", "reason": "Chờ ý kiến cấp trên."},
        follow=True,
    )
    assert "The due date is now 30/04/2026." in messages_of(response)
    page = text(response)
    assert "Extended; the original due date was 31/03/2026." in page
    assert "Due date: 31/03/2026 → 30/04/2026" in page


def test_an_extension_that_is_not_later_is_refused_next_to_the_date(cast):
    response = action(
        client_for(cast.leader.user), cast.task, "extend", {"due_date": "2026-03-01", "reason": "Lý do"}
    )
    assert response.status_code == 400
    assert response.context["forms"]["extend"].errors["due_date"] == [
        "The new due date must be after the current one (31/03/2026)."
    ]


def test_the_leader_cancels_with_a_reason(cast):
    response = action(
        client_for(cast.leader.user), cast.task, "cancel", {"note": "Không còn phù hợp."}, follow=True
    )
    assert "The task is cancelled." in messages_of(response)
    assert events_of(cast.task)[-1] == EventKind.CANCELLED
    assert "The task is closed: there is nothing more to decide." in text(response)


# --------------------------------------------------------------------------- refusals


def test_a_member_who_may_read_but_not_act_gets_the_services_message_and_nothing_changes(cast):
    task = submitted(cast)
    response = action(client_for(cast.owner.user, "vi"), task, "accept")
    assert response.status_code == 403
    assert messages_of(response) == [
        "Chỉ tổ trưởng của tổ hoặc Văn phòng Quận ủy mới được thực hiện thao tác này."
    ]
    assert Task.objects.get(pk=task.pk).status == Status.SUBMITTED


def test_a_coordinator_cannot_start_the_task(cast):
    response = action(client_for(cast.coordinator.user), cast.task, "start")
    assert response.status_code == 403
    assert messages_of(response) == ["Only the task's owner may do this."]
    assert events_of(cast.task) == [EventKind.CREATED]


def test_a_user_who_may_not_read_the_task_cannot_act_on_it_either(cast):
    response = action(client_for(cast.other_member.user), cast.task, "add_note", {"text": "Xin chào"})
    assert response.status_code == 404
    assert Note.objects.count() == 0


def test_a_stale_page_is_refused_as_changed_by_someone_else(cast):
    client = client_for(cast.owner.user)
    seen = Task.objects.get(pk=cast.task.pk).version
    services.note_add(task=cast.task.pk, actor=cast.leader.user, text="Ghi chú của tổ trưởng")
    response = client.post(f"/tasks/{cast.task.pk}/start/", {"expected_version": seen})
    assert response.status_code == 409
    assert messages_of(response)[0].startswith("Someone else changed this task while you were looking at it")
    assert events_of(cast.task) == [EventKind.CREATED, EventKind.NOTE_ADDED]
    # The page shown carries the current version: pressing again works.
    assert f'name="expected_version" value="{seen + 1}"' in response.content.decode()


def test_a_stale_form_keeps_what_the_user_typed(cast):
    task = submitted(cast)
    seen = Task.objects.get(pk=task.pk).version
    services.note_add(task=task.pk, actor=cast.owner.user, text="Bổ sung")
    response = client_for(cast.leader.user).post(
        f"/tasks/{task.pk}/return/", {"expected_version": seen, "note": "Thiếu biên bản họp."}
    )
    assert response.status_code == 409
    assert "Thiếu biên bản họp.</textarea>" in response.content.decode()


def test_an_unknown_action_is_not_found_and_a_reload_of_an_action_goes_back_to_the_task(cast):
    client = client_for(cast.owner.user)
    assert client.post(f"/tasks/{cast.task.pk}/explode/", {}).status_code == 404
    response = client.get(f"/tasks/{cast.task.pk}/start/")
    assert response.status_code == 302 and response["Location"] == f"/tasks/{cast.task.pk}/"


def test_actions_need_the_csrf_token(cast):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.owner.user)
    assert client.post(f"/tasks/{cast.task.pk}/start/", {"expected_version": 1}).status_code == 403
    assert events_of(cast.task) == [EventKind.CREATED]


# --------------------------------------------------------------------------- handed in, awaiting acceptance


def test_a_task_handed_in_after_its_due_date_reads_submitted_late_not_in_progress(cast):
    late = make_committee(cast).submitted_late  # due 25/01, submitted 02/02
    en = text(page_of(cast.leader.user, late))
    assert "Submitted late" in en and "Awaiting acceptance" in en
    assert "In progress, overdue" not in en and "Days overdue" not in en
    assert "Submitted on 02/02/2026" in en
    vi = text(page_of(cast.leader.user, late, language="vi"))
    assert "Nộp muộn" in vi and "Chờ nghiệm thu" in vi and "Đang thực hiện quá hạn" not in vi


def test_a_task_handed_in_before_its_due_date_reads_submitted_in_time(cast):
    task = submitted(cast)  # due 31/03, submitted 02/02
    page = text(page_of(cast.leader.user, task))
    assert "Submitted in time" in page and "In progress within deadline" not in page
    assert "Submitted on 02/02/2026" in page and "Days left" not in page
