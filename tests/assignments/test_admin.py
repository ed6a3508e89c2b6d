"""The committee office's admin: reference data kept, tasks shown, the rules never bypassed."""

from __future__ import annotations

import datetime as dt
import unicodedata
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assignments import services
from assignments.choices import EventKind, Status
from assignments.models import Event, Group, Member, Process, Target, Task, Ward
from tests.factories import (
    MemberFactory,
    UserFactory,
    make_task,
)

VI = {"HTTP_ACCEPT_LANGUAGE": "vi"}
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
PASSWORD = "Phuc-Xa-2026!"


def url(model: str, view: str, *args: Any) -> str:
    return reverse(f"admin:assignments_{model}_{view}", args=args)


def form_data(response) -> dict[str, Any]:
    """The change form as a browser submits it untouched, inline management forms included."""
    form = response.context["adminform"].form
    data = {name: "" if form[name].value() is None else form[name].value() for name in form.fields}
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        data.update({management.add_prefix(name): management[name].value() for name in management.fields})
    return data


def actions_offered(changelist) -> list[str]:
    action_form = changelist.context["action_form"]
    return [] if action_form is None else [name for name, _label in action_form.fields["action"].choices]


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


@pytest.fixture(params=["superuser", "staff"])
def office(request, cast, superuser, client):
    """A client logged in as a superuser, then as a plain staff user with no Django permission."""
    client.force_login(superuser if request.param == "superuser" else cast.staff)
    return client


@pytest.fixture
def staff_client(cast, client):
    client.force_login(cast.staff)
    return client


@pytest.fixture
def target(db) -> Target:
    return Target.objects.create(
        code="CT01",
        name="99% hồ sơ được giải quyết đúng hạn",
        unit="%",
        target_value=Decimal("99"),
        deadline=dt.date(2026, 12, 31),
    )


# --------------------------------------------------------------------------- every page


PAGES = [
    ("ward", "Phường", lambda cast, target: cast.ward),
    ("member", "Ủy viên Ban Chấp hành", lambda cast, target: cast.owner),
    ("group", "Tổ cấp ủy", lambda cast, target: cast.group),
    ("process", "Quy trình", lambda cast, target: cast.task.process),
    ("target", "Chỉ tiêu nhiệm kỳ", lambda cast, target: target),
    ("task", "Nhiệm vụ", lambda cast, target: cast.task),
    ("event", "Nhật ký", lambda cast, target: cast.task.events.first()),
]


@pytest.mark.parametrize(("model", "heading", "pick"), PAGES, ids=[page[0] for page in PAGES])
def test_every_changelist_and_change_page_loads_in_vietnamese(office, cast, target, model, heading, pick):
    for page in (url(model, "changelist"), url(model, "change", pick(cast, target).pk)):
        response = office.get(page, **VI)

        assert response.status_code == 200, page
        content = response.content.decode()
        assert 'lang="vi"' in content
        assert heading in content


def test_the_office_sees_every_model_on_the_admin_index(office):
    response = office.get(reverse("admin:index"), **VI)

    content = response.content.decode()
    for _model, heading, _pick in PAGES:
        assert heading in content


def test_the_site_is_titled_for_the_committee_office(office):
    response = office.get(reverse("admin:index"), **EN)

    assert "Taskforce – committee office" in response.content.decode()


def test_a_member_without_staff_status_is_sent_to_the_login_page(cast, client):
    client.force_login(cast.owner.user)

    response = client.get(url("task", "changelist"))

    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


# --------------------------------------------------------------------------- tasks


def test_task_page_shows_steps_outcome_measurements_notes_and_events(office, cast):
    owner = cast.owner.user
    services.task_start(task=cast.task, actor=owner)
    first_step = cast.task.steps.order_by("order").first()
    services.task_complete_step(task=cast.task, step=first_step, actor=owner, note="Đã rà soát danh sách")
    services.measurement_record(
        task=cast.task, actor=owner, value="85", measured_on=dt.date(2026, 2, 1), note="Báo cáo tuần 5"
    )
    services.note_add(task=cast.task, actor=cast.leader.user, text="Đề nghị báo cáo sớm")

    response = office.get(url("task", "change", cast.task.pk), **VI)

    content = response.content.decode()
    assert "Bước 1" in content and "Bước 2" in content
    assert "Đã rà soát danh sách" in content
    assert "Tỷ lệ hồ sơ giải quyết đúng hạn" in content
    assert "85,00" in content and "Báo cáo tuần 5" in content
    assert "Đề nghị báo cáo sớm" in content
    for label in ("Giao nhiệm vụ", "Bắt đầu thực hiện", "Hoàn thành bước", "Ghi kết quả đo", "Thêm ghi chú"):
        assert label in content
    assert "Sắp đến hạn" not in content and "Đang thực hiện trong hạn" in content


def test_editing_a_task_title_writes_an_edited_event_and_bumps_the_version(office, cast):
    page = url("task", "change", cast.task.pk)
    data = form_data(office.get(page))
    data["title"] = "Rà soát hồ sơ tồn đọng quý I"

    response = office.post(page, data)

    assert response.status_code == 302
    cast.task.refresh_from_db()
    assert cast.task.title == "Rà soát hồ sơ tồn đọng quý I"
    assert cast.task.version == 2
    event = cast.task.events.last()
    assert event.kind == EventKind.EDITED
    assert event.data == {
        "fields": ["title"],
        "changes": {"title": {"from": "Rà soát hồ sơ tồn đọng", "to": "Rà soát hồ sơ tồn đọng quý I"}},
    }


def test_line_breaks_sent_by_a_browser_do_not_count_as_an_edit(staff_client, cast):
    services.task_edit(task=cast.task, actor=cast.leader.user, changes={"description": "Dòng 1\nDòng 2"})
    page = url("task", "change", cast.task.pk)
    data = form_data(staff_client.get(page))
    data.update(description="Dòng 1\r\nDòng 2", title="Tiêu đề mới")

    staff_client.post(page, data)

    assert cast.task.events.last().data["fields"] == ["title"]
    cast.task.refresh_from_db()
    assert cast.task.description == "Dòng 1\nDòng 2"


def test_status_owner_and_due_date_cannot_be_changed_in_the_admin(office, cast):
    page = url("task", "change", cast.task.pk)
    data = form_data(office.get(page))
    data.update(
        status=Status.DONE,
        owner=cast.group_member.pk,
        due_date="2030-01-01",
        original_due_date="2030-01-01",
        completed_at="2026-02-01 10:00",
        version=99,
        group=cast.other_group.pk,
    )

    response = office.post(page, data)

    assert response.status_code == 302
    cast.task.refresh_from_db()
    assert cast.task.status == Status.ASSIGNED
    assert cast.task.owner == cast.owner
    assert cast.task.due_date == dt.date(2026, 3, 31)
    assert cast.task.group == cast.group
    assert cast.task.version == 1
    assert cast.task.events.count() == 1


def test_a_change_saved_meanwhile_is_not_overwritten(staff_client, cast):
    page = url("task", "change", cast.task.pk)
    data = form_data(staff_client.get(page))
    services.task_edit(task=cast.task, actor=cast.leader.user, changes={"description": "Mô tả mới"})
    data["title"] = "Tiêu đề khác"

    response = staff_client.post(page, data, **VI)

    assert response.status_code == 200
    assert "Nhiệm vụ đã được người khác thay đổi; hãy tải lại rồi thử lại." in response.content.decode()
    cast.task.refresh_from_db()
    assert cast.task.title == "Rà soát hồ sơ tồn đọng"
    assert cast.task.version == 2
    assert cast.task.events.count() == 2


def test_a_ward_outside_the_group_cannot_be_chosen(staff_client, cast):
    elsewhere = Ward.objects.create(code="00004", name="Trúc Bạch")
    page = url("task", "change", cast.task.pk)
    data = form_data(staff_client.get(page))
    data["ward"] = elsewhere.pk

    response = staff_client.post(page, data, **EN)

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    cast.task.refresh_from_db()
    assert cast.task.ward == cast.ward


def test_a_closed_task_is_view_only(staff_client, cast):
    page = url("task", "change", cast.task.pk)
    assert 'name="_save"' in staff_client.get(page).content.decode()
    services.task_cancel(task=cast.task, actor=cast.leader.user, note="Không còn phù hợp")

    response = staff_client.get(page)
    refused = staff_client.post(page, {"title": "Đổi tên"})

    assert response.status_code == 200
    assert 'name="_save"' not in response.content.decode()
    assert refused.status_code == 403
    cast.task.refresh_from_db()
    assert cast.task.title == "Rà soát hồ sơ tồn đọng"


def test_tasks_cannot_be_added_in_the_admin(office):
    assert office.get(url("task", "add")).status_code == 403


def test_tasks_cannot_be_deleted_in_the_admin(office, cast):
    page = url("task", "delete", cast.task.pk)

    assert office.get(page).status_code == 403
    assert office.post(page, {"post": "yes"}).status_code == 403
    office.post(url("task", "changelist"), {"action": "delete_selected", "_selected_action": [cast.task.pk]})

    assert Task.objects.filter(pk=cast.task.pk).exists()
    assert "delete_selected" not in actions_offered(office.get(url("task", "changelist")))


def test_task_list_shows_the_deadline_status_and_filters_by_it(staff_client, cast):
    late = make_task(
        group=cast.group,
        owner=cast.owner,
        title="Kiểm tra chi bộ quá hạn",
        start_date=dt.date(2026, 1, 5),
        due_date=dt.date(2026, 1, 20),
    )

    listed = staff_client.get(url("task", "changelist"), **VI).content.decode()
    overdue = staff_client.get(url("task", "changelist"), {"deadline_status": "open_overdue"}, **VI)

    assert "Đang thực hiện quá hạn" in listed and "Đang thực hiện trong hạn" in listed
    assert list(overdue.context["cl"].result_list) == [late]


def test_task_list_query_count_does_not_grow_with_the_tasks(staff_client, cast):
    page = url("task", "changelist")
    # Session, user, counts, filters' choices and one page of tasks with their group and
    # owner joined: the same number of queries whatever the number of tasks.
    staff_client.get(page)  # warm the content-type cache
    with CaptureQueriesContext(connection) as one_task:
        staff_client.get(page)
    for number in range(5):
        other = MemberFactory()
        cast.group.members.add(other)
        make_task(group=cast.group, owner=other, title=f"Nhiệm vụ {number}")

    with CaptureQueriesContext(connection) as six_tasks:
        response = staff_client.get(page)

    assert response.context["cl"].result_count == 6
    assert len(six_tasks) == len(one_task)


@pytest.mark.parametrize("model", ["outcome", "measurement", "note", "taskstep"])
def test_rows_only_the_services_write_have_no_admin_page_of_their_own(office, model):
    assert office.get(f"/admin/assignments/{model}/").status_code == 404
    assert office.get(f"/admin/assignments/{model}/add/").status_code == 404


# --------------------------------------------------------------------------- events


def test_events_cannot_be_added_changed_or_deleted_in_the_admin(office, cast):
    event = cast.task.events.get()
    change = url("event", "change", event.pk)

    page = office.get(change)

    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert office.post(change, {"note": "sửa", "kind": EventKind.ACCEPTED}).status_code == 403
    assert office.get(url("event", "add")).status_code == 403
    assert office.post(url("event", "delete", event.pk), {"post": "yes"}).status_code == 403
    event.refresh_from_db()
    assert (event.kind, event.note) == (EventKind.CREATED, "")
    assert Event.objects.count() == 1


def test_event_list_filters_by_kind(staff_client, cast):
    services.task_start(task=cast.task, actor=cast.owner.user)

    response = staff_client.get(url("event", "changelist"), {"kind__exact": EventKind.STARTED})

    assert [e.kind for e in response.context["cl"].result_list] == [EventKind.STARTED]


# --------------------------------------------------------------------------- groups


def group_form(*, leader: Member, members: list[Member], number: int = 7) -> dict[str, Any]:
    return {
        "number": number,
        "name": f"Tổ {number}",
        "leader": leader.pk,
        "members": [m.pk for m in members],
        "wards": [],
    }


def test_group_leader_must_be_one_of_its_members(office, cast):
    response = office.post(url("group", "add"), group_form(leader=cast.standing, members=[cast.owner]), **EN)

    assert response.status_code == 200
    assert "The group leader must be one of the group&#x27;s members." in response.content.decode()
    assert not Group.objects.filter(number=7).exists()


def test_group_leader_must_be_a_standing_committee_member(office, cast):
    response = office.post(url("group", "add"), group_form(leader=cast.owner, members=[cast.owner]), **VI)

    assert response.status_code == 200
    assert "Tổ trưởng phải là Ủy viên Ban Thường vụ." in response.content.decode()
    assert not Group.objects.filter(number=7).exists()


def test_removing_the_leader_from_a_group_is_refused(staff_client, cast):
    data = group_form(leader=cast.leader, members=[cast.owner], number=cast.group.number)

    response = staff_client.post(url("group", "change", cast.group.pk), data, **EN)

    assert "The group leader must be one of the group&#x27;s members." in response.content.decode()
    assert cast.group.members.filter(pk=cast.leader.pk).exists()


def test_a_group_led_by_a_standing_member_among_its_members_is_saved(office, cast):
    response = office.post(
        url("group", "add"), group_form(leader=cast.standing, members=[cast.standing, cast.owner])
    )

    assert response.status_code == 302
    group = Group.objects.get(number=7)
    assert group.leader == cast.standing
    assert set(group.members.all()) == {cast.standing, cast.owner}


# --------------------------------------------------------------------------- members


def member_form(**overrides: Any) -> dict[str, Any]:
    data = {
        "user": "",
        "username": "",
        "password1": "",
        "password2": "",
        "full_name": "Vũ Thị Mới",
        "title": "Ủy viên Ban Chấp hành",
        "phone": "0912345678",
        "active": "on",
        "wards": [],
    }
    data.update(overrides)
    return data


def test_a_member_is_created_with_a_new_login(office, client):
    response = office.post(
        url("member", "add"), member_form(username="vtmoi", password1=PASSWORD, password2=PASSWORD)
    )

    assert response.status_code == 302
    member = Member.objects.get(full_name="Vũ Thị Mới")
    assert member.user.username == "vtmoi"
    assert not member.user.is_staff
    assert client.login(username="vtmoi", password=PASSWORD)


def test_names_typed_in_decomposed_unicode_are_stored_composed(office):
    decomposed = unicodedata.normalize("NFD", "Vũ Thị Mới")

    office.post(
        url("member", "add"),
        member_form(full_name=decomposed, username="vtmoi", password1=PASSWORD, password2=PASSWORD),
    )

    assert Member.objects.get(user__username="vtmoi").full_name == unicodedata.normalize("NFC", "Vũ Thị Mới")


def test_a_member_can_be_given_an_existing_login(office):
    login = UserFactory(username="ntcu")

    response = office.post(url("member", "add"), member_form(user=login.pk))

    assert response.status_code == 302
    assert Member.objects.get(full_name="Vũ Thị Mới").user == login


def test_a_member_needs_a_login(office):
    response = office.post(url("member", "add"), member_form(), **EN)

    assert response.status_code == 200
    assert "Pick an existing login or type a username for a new one." in response.content.decode()
    assert not Member.objects.filter(full_name="Vũ Thị Mới").exists()


def test_a_new_login_needs_a_free_username_and_matching_passwords(office, cast):
    taken = office.post(
        url("member", "add"),
        member_form(username=cast.owner.user.username.upper(), password1=PASSWORD, password2=PASSWORD),
        **EN,
    )
    mismatched = office.post(
        url("member", "add"), member_form(username="vtmoi", password1=PASSWORD, password2="khac"), **EN
    )

    assert "A user with that username already exists." in taken.content.decode()
    assert "didn’t match" in mismatched.content.decode()
    assert not Member.objects.filter(full_name="Vũ Thị Mới").exists()


def change_member_form(member: Member, **overrides: Any) -> dict[str, Any]:
    data = member_form(full_name=member.full_name, title=member.title, phone=member.phone)
    for field in ("user", "username"):
        del data[field]
    if member.is_standing:
        data["is_standing"] = "on"
    data.update(overrides)
    return data


def test_the_office_sets_a_new_password_for_a_member(staff_client, cast, client):
    page = url("member", "change", cast.owner.pk)

    response = staff_client.post(page, change_member_form(cast.owner, password1=PASSWORD, password2=PASSWORD))

    assert response.status_code == 302
    assert client.login(username=cast.owner.user.username, password=PASSWORD)


def test_only_a_superuser_sets_the_password_of_a_staff_login(staff_client, cast):
    cast.owner.user.is_staff = True
    cast.owner.user.save()
    page = url("member", "change", cast.owner.pk)

    response = staff_client.post(
        page, change_member_form(cast.owner, password1=PASSWORD, password2=PASSWORD), **EN
    )

    assert "Only a superuser may set the password of a staff login." in response.content.decode()
    cast.owner.user.refresh_from_db()
    assert not cast.owner.user.check_password(PASSWORD)


def test_deactivating_members_warns_about_their_open_tasks(office, cast):
    response = office.post(
        url("member", "changelist"),
        {"action": "deactivate", "_selected_action": [cast.owner.pk]},
        follow=True,
        **EN,
    )

    cast.owner.refresh_from_db()
    assert not cast.owner.active
    content = response.content.decode()
    assert "Members deactivated: 1." in content
    assert "Open tasks owned by deactivated members: 1." in content


def test_a_member_is_deactivated_from_their_page(staff_client, cast):
    data = change_member_form(cast.group_member)
    del data["active"]

    response = staff_client.post(url("member", "change", cast.group_member.pk), data)

    assert response.status_code == 302
    cast.group_member.refresh_from_db()
    assert not cast.group_member.active


def test_members_cannot_be_deleted(office, cast):
    assert office.post(url("member", "delete", cast.owner.pk), {"post": "yes"}).status_code == 403
    actions = actions_offered(office.get(url("member", "changelist")))

    assert "deactivate" in actions and "delete_selected" not in actions
    assert Member.objects.filter(pk=cast.owner.pk).exists()


def test_member_list_filters_by_group_and_finds_by_username(staff_client, cast):
    by_group = staff_client.get(
        url("member", "changelist"), {"member_groups__id__exact": cast.other_group.pk}
    )
    by_login = staff_client.get(url("member", "changelist"), {"q": cast.coordinator.user.username})

    assert set(by_group.context["cl"].result_list) == {cast.other_member, cast.other_leader}
    assert list(by_login.context["cl"].result_list) == [cast.coordinator]


# --------------------------------------------------------------------------- wards and processes


def test_a_ward_a_task_points_at_is_not_deleted(office, cast):
    response = office.post(url("ward", "delete", cast.ward.pk), {"post": "yes"}, **VI)

    assert response.status_code == 200
    content = response.content.decode()
    assert "sẽ bắt buộc xóa các đối tượng được bảo vệ sau đây" in content
    assert cast.task.title in content
    assert Ward.objects.filter(pk=cast.ward.pk).exists()


def test_the_delete_page_says_how_to_retire_a_ward_instead(office, cast):
    response = office.get(url("ward", "delete", cast.ward.pk), **EN)

    assert "Untick “active” to retire it." in response.content.decode()


def test_a_process_tasks_follow_is_not_deleted(office, cast):
    process = cast.task.process

    response = office.post(url("process", "delete", process.pk), {"post": "yes"}, **EN)

    assert response.status_code == 200
    assert "Untick “in use” to retire it." in response.content.decode()
    assert Process.objects.filter(pk=process.pk).exists()


def test_a_ward_no_task_points_at_can_be_deleted(office):
    ward = Ward.objects.create(code="00007", name="Cống Vị")

    response = office.post(url("ward", "delete", ward.pk), {"post": "yes"})

    assert response.status_code == 302
    assert not Ward.objects.filter(pk=ward.pk).exists()


def process_form(steps: list[tuple[int, str]]) -> dict[str, Any]:
    data = {
        "name": "Khảo sát địa bàn",
        "description": "",
        "active": "on",
        "steps-TOTAL_FORMS": len(steps),
        "steps-INITIAL_FORMS": 0,
        "steps-MIN_NUM_FORMS": 1,
        "steps-MAX_NUM_FORMS": 1000,
    }
    for index, (order, name) in enumerate(steps):
        data.update(
            {f"steps-{index}-order": order, f"steps-{index}-name": name, f"steps-{index}-expected_days": 2}
        )
    return data


def test_a_process_is_saved_with_its_ordered_steps(office):
    response = office.post(url("process", "add"), process_form([(2, "Báo cáo"), (1, "Khảo sát")]))

    assert response.status_code == 302
    process = Process.objects.get(name="Khảo sát địa bàn")
    assert [step.name for step in process.steps.order_by("order")] == ["Khảo sát", "Báo cáo"]


def test_a_process_needs_at_least_one_step(office):
    response = office.post(url("process", "add"), process_form([]))

    assert response.status_code == 200
    assert not Process.objects.filter(name="Khảo sát địa bàn").exists()


def test_a_step_number_is_used_once_in_a_process(office):
    response = office.post(url("process", "add"), process_form([(1, "Khảo sát"), (1, "Báo cáo")]))

    assert response.status_code == 200
    assert not Process.objects.filter(name="Khảo sát địa bàn").exists()


def test_term_target_list_shows_value_actual_and_dates(staff_client, target):
    response = staff_client.get(url("target", "changelist"), **VI)

    content = response.content.decode()
    assert "CT01" in content and "99,00" in content and "Ngày 31 tháng 12 năm 2026" in content


def test_the_admin_refuses_to_remove_a_member_who_owns_an_open_task(staff_client, cast):
    page = url("group", "change", cast.group.pk)
    data = form_data(staff_client.get(page))
    data["members"] = [str(m.pk) for m in cast.group.members.all() if m.pk != cast.owner.pk]

    response = staff_client.post(page, data)

    assert response.status_code == 200  # the form again, with the error
    assert f"#{cast.task.pk}".encode() in response.content
    assert cast.group.members.filter(pk=cast.owner.pk).exists()
